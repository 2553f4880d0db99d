/** A framing failure, as data: a header announced too much, or the stream ended mid-frame. */
export type FrameError =
  | { readonly kind: "oversize"; readonly length: number; readonly maxBytes: number }
  | { readonly kind: "truncated"; readonly expectedBytes: number; readonly receivedBytes: number };

/** Short human text for a framing error, e.g. "frame of 5000000 bytes exceeds 4194304". */
export function describeFrameError(error: FrameError): string {
  return error.kind === "oversize"
    ? `frame of ${error.length} bytes exceeds ${error.maxBytes}`
    : `stream ended mid-frame (${error.receivedBytes} of ${error.expectedBytes} bytes)`;
}
