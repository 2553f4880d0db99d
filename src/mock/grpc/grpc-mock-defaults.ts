// Defaults of the gRPC mock, with the reason for each number.

/** Responses a server-streaming method sends before OK: more than one shows it is a stream. */
export const STREAM_RESPONSES = 3;
/** How long close() waits for calls in flight before cancelling them, ms. */
export const CLOSE_GRACE_MS = 1_000;
/** Initial-metadata key naming who answered, as the HTTP mock's header does. */
export const SERVED_BY_KEY = "x-baton-served-by";
