// A job id becomes a file name that cannot leave the store's folder: every byte outside
// [A-Za-z0-9_-] is written as %XX (UTF-8), so no '/', '\', '.' or NUL survives, and the name
// never starts with a dot (dot files are the writer's temp files). Decoding is exact.

/** Checkpoint files end with this; anything else in the folder is ignored. */
export const CHECKPOINT_SUFFIX = ".json";

/** Longest encoded name, in bytes, under the usual 255-byte file-name limit (temp prefix/suffix included). */
const MAX_NAME_BYTES = 200;

/** The file name of `jobId`'s checkpoint. Throws a TypeError for an empty or too long id. */
export function jobFileName(jobId: string): string {
  if (typeof jobId !== "string" || jobId === "")
    throw new TypeError(`a job id must be a non-empty string, got '${String(jobId)}'`);
  let encoded = "";
  for (const byte of new TextEncoder().encode(jobId)) {
    const c = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (encoded.length > MAX_NAME_BYTES)
    throw new TypeError(`job id is too long for a file name (${encoded.length} bytes encoded)`);
  return encoded + CHECKPOINT_SUFFIX;
}

/** The job id of a checkpoint file name, or undefined when the name is not one (temp files, strays). */
export function jobIdOfFileName(name: string): string | undefined {
  if (!name.endsWith(CHECKPOINT_SUFFIX)) return undefined;
  const stem = name.slice(0, -CHECKPOINT_SUFFIX.length);
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(stem)) return undefined;
  try {
    const jobId = decodeURIComponent(stem);
    return jobFileName(jobId) === name ? jobId : undefined;
  } catch {
    return undefined;
  }
}
