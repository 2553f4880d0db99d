import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an `authorization` header carries `Bearer <token>`. Both sides are hashed first so
 * the buffers have equal length and the comparison takes the same time whatever was sent.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+)$/i.exec(header ?? "")?.[1];
  const same = timingSafeEqual(sha256(given ?? ""), sha256(token));
  return given !== undefined && same;
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
