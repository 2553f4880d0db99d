import { InvalidArgumentError } from "commander";
import { checkNodeName, checkPort } from "../circuit/index.js";

/** Parses a node name argument; a bad one is a usage error (exit 2). */
export function parseNodeName(value: string): string {
  const finding = checkNodeName(value);
  if (finding) throw new InvalidArgumentError(`${finding.message}; ${finding.hint}`);
  return value;
}

/** Parses --port: a whole number from 1 to 65535. */
export function parsePortOption(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  const finding = Number.isInteger(port)
    ? checkPort(port)
    : { message: `'${value}' is not a port`, hint: "use a whole number from 1 to 65535" };
  if (finding) throw new InvalidArgumentError(`${finding.message}; ${finding.hint}`);
  return port;
}

/** Parses a circuit name: any single line of text. */
export function parseCircuitName(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (value.trim() === "" || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidArgumentError(
      `'${JSON.stringify(value).slice(1, -1)}' is not a circuit name; use one line of text, e.g. shop`,
    );
  }
  return value;
}
