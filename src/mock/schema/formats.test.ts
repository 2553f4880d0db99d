import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { STATIC_FORMAT_SAMPLES, sampleFormat } from "./formats.js";

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]+$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_FULL = /^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A real calendar date: Date.UTC round-trips it (Date is fine in tests, never in the code). */
function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

describe("sampleFormat, static", () => {
  it("gives Prism-style fixed samples", () => {
    expect(sampleFormat("date", undefined)).toBe("2026-01-01");
    expect(sampleFormat("date-time", undefined)).toBe("2026-01-01T00:00:00Z");
    expect(sampleFormat("time", undefined)).toBe("00:00:00Z");
    expect(sampleFormat("email", undefined)).toBe("user@example.com");
    expect(sampleFormat("uri", undefined)).toBe("https://example.com");
    expect(sampleFormat("url", undefined)).toBe("https://example.com");
    expect(sampleFormat("hostname", undefined)).toBe("example.com");
    expect(sampleFormat("ipv4", undefined)).toBe("192.0.2.1");
    expect(sampleFormat("ipv6", undefined)).toBe("2001:db8::1");
    expect(sampleFormat("uuid", undefined)).toBe("00000000-0000-4000-8000-000000000000");
    expect(sampleFormat("byte", undefined)).toBe("c3RyaW5n");
    expect(sampleFormat("binary", undefined)).toBe("string");
    expect(sampleFormat("password", undefined)).toBe("string");
  });

  it("knows no sample for other formats", () => {
    expect(sampleFormat("int32", undefined)).toBeUndefined();
    expect(sampleFormat("toString", undefined)).toBeUndefined();
    expect(sampleFormat("my-format", seededRandom(1))).toBeUndefined();
  });

  it("has static samples that are themselves valid", () => {
    expect(isCalendarDate(STATIC_FORMAT_SAMPLES.date!)).toBe(true);
    expect(Number.isNaN(Date.parse(STATIC_FORMAT_SAMPLES["date-time"]!))).toBe(false);
    expect(STATIC_FORMAT_SAMPLES.email).toMatch(EMAIL);
    expect(STATIC_FORMAT_SAMPLES.uuid).toMatch(UUID_V4);
    expect(STATIC_FORMAT_SAMPLES.ipv4).toMatch(IPV4);
    expect(Buffer.from(STATIC_FORMAT_SAMPLES.byte!, "base64").toString()).toBe("string");
  });
});

describe("sampleFormat, dynamic", () => {
  const random = seededRandom(2024);
  const many = (format: string): string[] =>
    Array.from({ length: 300 }, () => sampleFormat(format, random)!);

  it("gives real calendar dates and date-times that parse", () => {
    for (const d of many("date")) expect(isCalendarDate(d), d).toBe(true);
    for (const dt of many("date-time")) {
      const [d, t] = dt.split("T");
      expect(isCalendarDate(d!), dt).toBe(true);
      expect(t).toMatch(TIME);
      expect(Number.isNaN(Date.parse(dt)), dt).toBe(false);
    }
    for (const t of many("time")) expect(t).toMatch(TIME);
  });

  it("gives valid emails, uuids, IP addresses, hostnames and URLs", () => {
    for (const v of many("email")) expect(v).toMatch(EMAIL);
    for (const v of many("uuid")) expect(v).toMatch(UUID_V4);
    for (const v of many("ipv4")) expect(v).toMatch(IPV4);
    for (const v of many("ipv6")) expect(v).toMatch(IPV6_FULL);
    for (const v of many("hostname")) expect(v).toMatch(HOSTNAME);
    for (const v of many("uri")) expect(() => new URL(v)).not.toThrow();
  });

  it("gives base64 for byte and 8–16 characters for password", () => {
    for (const v of many("byte")) expect(v).toMatch(BASE64);
    for (const v of many("password")) expect(v).toMatch(/^[A-Za-z0-9]{8,16}$/);
  });

  it("varies", () => {
    expect(new Set(many("uuid")).size).toBe(300);
    expect(new Set(many("date")).size).toBeGreaterThan(100);
  });
});
