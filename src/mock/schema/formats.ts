import { Buffer } from "node:buffer";
import type { Random } from "../../common/index.js";
import { ALPHANUMERIC, HEX_DIGITS, LOWERCASE, drawInt, drawItem, drawString } from "./draw.js";

/** Static samples per `format`, the fixed placeholders a Prism-style mock shows. */
export const STATIC_FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  date: "2026-01-01",
  "date-time": "2026-01-01T00:00:00Z",
  time: "00:00:00Z",
  duration: "P1D",
  email: "user@example.com",
  "idn-email": "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  iri: "https://example.com",
  "uri-reference": "https://example.com",
  "iri-reference": "https://example.com",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uuid: "00000000-0000-4000-8000-000000000000",
  byte: "c3RyaW5n", // base64 of "string"
  binary: "string",
  password: "string",
};

/** Dynamic dates stay in this span of years; days stop at each month's true length. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2040;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function word(r: Random, min = 3, max = 10): string {
  return drawString(r, drawInt(r, min, max), LOWERCASE);
}

function date(r: Random): string {
  const year = drawInt(r, FIRST_YEAR, LAST_YEAR);
  const month = drawInt(r, 1, 12);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return `${year}-${pad2(month)}-${pad2(drawInt(r, 1, days))}`;
}

function time(r: Random): string {
  return `${pad2(drawInt(r, 0, 23))}:${pad2(drawInt(r, 0, 59))}:${pad2(drawInt(r, 0, 59))}Z`;
}

function url(r: Random): string {
  return `https://example.com/${word(r)}`;
}

function email(r: Random): string {
  return `${word(r)}@example.${drawItem(r, ["com", "org", "net"])}`;
}

function hostname(r: Random): string {
  return `${word(r)}.example.com`;
}

/** A version-4 UUID: version nibble 4, variant bits 10 (RFC 9562). */
function uuid(r: Random): string {
  const hex = (n: number): string => drawString(r, n, HEX_DIGITS);
  const variant = drawItem(r, ["8", "9", "a", "b"]);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

const DYNAMIC_FORMATS: Readonly<Record<string, (r: Random) => string>> = {
  date,
  "date-time": (r) => `${date(r)}T${time(r)}`,
  time,
  duration: (r) => `P${drawInt(r, 1, 30)}DT${drawInt(r, 0, 23)}H`,
  email,
  "idn-email": email,
  uri: url,
  url,
  iri: url,
  "uri-reference": url,
  "iri-reference": url,
  hostname,
  "idn-hostname": hostname,
  ipv4: (r) => Array.from({ length: 4 }, () => drawInt(r, 0, 255)).join("."),
  ipv6: (r) => Array.from({ length: 8 }, () => drawInt(r, 0, 0xffff).toString(16)).join(":"),
  uuid,
  byte: (r) => Buffer.from(word(r), "utf8").toString("base64"),
  binary: (r) => word(r),
  password: (r) => drawString(r, drawInt(r, 8, 16), ALPHANUMERIC),
};

/**
 * A string in `format`: the static sample, or with `random` a random valid one. Undefined for
 * a format not known here (the caller uses its plain placeholder).
 */
export function sampleFormat(format: string, random: Random | undefined): string | undefined {
  if (!Object.hasOwn(STATIC_FORMAT_SAMPLES, format)) return undefined;
  return random === undefined ? STATIC_FORMAT_SAMPLES[format] : DYNAMIC_FORMATS[format]!(random);
}
