import { readFileSync } from "node:fs";
import { BatonError } from "../../common/index.js";

/** Largest WSDL read, bytes (a WSDL is a contract, not a data set). */
export const MAX_WSDL_BYTES = 8 * 1024 * 1024;

/** The text of a WSDL file; BatonError when it is missing, unreadable, too large or UTF-16. */
export function readWsdlFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
    throw new BatonError(
      missing ? "E_CONTRACT_NOT_FOUND" : "E_CONTRACT_PARSE",
      `WSDL file ${file} ${missing ? "does not exist" : `cannot be read (${code ?? "error"})`}`,
      { hint: missing ? "check the path" : "check the file's permissions", location: { file } },
    );
  }
  const parse = (problem: string, hint: string) =>
    new BatonError("E_CONTRACT_PARSE", `WSDL file ${file} ${problem}`, {
      hint,
      location: { file },
    });
  if (bytes.length > MAX_WSDL_BYTES)
    throw parse(`is ${bytes.length} bytes; at most ${MAX_WSDL_BYTES} are read`, "split the WSDL");
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw parse("is UTF-16; only UTF-8 is read", "save it as UTF-8");
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}
