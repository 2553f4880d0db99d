import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cookieValueEnd, findCookieValue } from "./cookie.js";

/** The value of cookie `name` in `header`, via the allocation-free pair of functions. */
function read(header: string, name: string): string | undefined {
  const start = findCookieValue(header, name);
  return start < 0 ? undefined : header.slice(start, cookieValueEnd(header, start));
}

describe("findCookieValue / cookieValueEnd", () => {
  it("reads a cookie among others, browser style", () => {
    const header = "theme=dark; session=abc123; lang=en";
    expect(read(header, "theme")).toBe("dark");
    expect(read(header, "session")).toBe("abc123");
    expect(read(header, "lang")).toBe("en");
  });

  it("returns -1 for an absent cookie, a prefix of a name, or a pair without '='", () => {
    expect(findCookieValue("session=abc", "sess")).toBe(-1);
    expect(findCookieValue("xsession=abc", "session")).toBe(-1);
    expect(findCookieValue("session; other=1", "session")).toBe(-1);
    expect(findCookieValue("", "session")).toBe(-1);
    expect(findCookieValue("a=1", "")).toBe(-1);
  });

  it("compares names case-sensitively (RFC 6265)", () => {
    expect(read("Session=abc", "session")).toBeUndefined();
    expect(read("Session=abc; session=xyz", "session")).toBe("xyz");
  });

  it("takes the first occurrence", () => {
    expect(read("id=1; id=2", "id")).toBe("1");
  });

  it("tolerates whitespace around pairs and '=' and keeps '=' inside values", () => {
    expect(read("  a = 1 ;\tb=x=y  ", "a")).toBe("1");
    expect(read("  a = 1 ;\tb=x=y  ", "b")).toBe("x=y");
    expect(read("a=", "a")).toBe("");
    expect(read(";;a=1;", "a")).toBe("1");
  });

  it("finds every cookie of a generated header (property)", () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9_.=-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 6 }), (pairs) => {
        const header = pairs.map(([n, v]) => `${n}=${v}`).join("; ");
        for (const [n] of pairs) {
          expect(read(header, n)).toBe(pairs.find(([m]) => m === n)?.[1]);
        }
      }),
    );
  });

  it("never throws and stays within the header on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (header, name) => {
        const start = findCookieValue(header, name);
        expect(start).toBeGreaterThanOrEqual(-1);
        expect(start).toBeLessThanOrEqual(header.length);
        if (start >= 0) {
          const end = cookieValueEnd(header, start);
          expect(end).toBeGreaterThanOrEqual(start);
          expect(end).toBeLessThanOrEqual(header.length);
        }
      }),
    );
  });
});
