import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom, type Random } from "../../common/index.js";
import {
  continueTrace,
  formatTraceparent,
  isValidTracestate,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type Traceparent,
} from "./trace-context.js";

// The W3C Trace Context spec's own example.
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
const VALID = `00-${TRACE_ID}-${PARENT_ID}-01`;
const HEX = /^[0-9a-f]+$/;

describe("parseTraceparent", () => {
  it("parses a valid version-00 header", () => {
    expect(parseTraceparent(VALID)).toEqual({
      version: "00",
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      flags: "01",
    });
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT_ID}-00`)?.flags).toBe("00");
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT_ID}-ff`)?.flags).toBe("ff");
  });

  it("rejects malformed headers", () => {
    const bad = [
      undefined,
      "",
      `ff-${TRACE_ID}-${PARENT_ID}-01`, // forbidden version
      `00-${"0".repeat(32)}-${PARENT_ID}-01`, // zero trace id
      `00-${TRACE_ID}-${"0".repeat(16)}-01`, // zero parent id
      `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`, // uppercase hex
      `0A-${TRACE_ID}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${PARENT_ID}-1`,
      `00-${TRACE_ID}-${PARENT_ID}-01-`, // version 00 is exactly 55 chars
      `00-${TRACE_ID}-${PARENT_ID}-01 `,
      ` ${VALID}`,
      `00-${TRACE_ID.slice(1)}-${PARENT_ID}0-01`,
      `00_${TRACE_ID}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${PARENT_ID.slice(0, 15)}g-01`,
      `${VALID}, ${VALID}`, // two headers joined by the HTTP layer
    ];
    for (const value of bad) expect(parseTraceparent(value), String(value)).toBeNull();
  });

  it("accepts a future version, longer only after a '-'", () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT_ID}-01`)?.version).toBe("01");
    expect(parseTraceparent(`cc-${TRACE_ID}-${PARENT_ID}-01-what-the-future-holds`)).toEqual({
      version: "cc",
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      flags: "01",
    });
    expect(parseTraceparent(`cc-${TRACE_ID}-${PARENT_ID}-01x`)).toBeNull();
  });

  it("round-trips: parse(format(x)) = x for any valid version-00 context (property)", () => {
    const hex = (n: number) =>
      fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`)).filter((s) => /[1-9a-f]/.test(s));
    const tp = fc.record({
      version: fc.constant("00"),
      traceId: hex(32),
      parentId: hex(16),
      flags: fc.stringMatching(/^[0-9a-f]{2}$/),
    });
    fc.assert(
      fc.property(tp, (x: Traceparent) => {
        expect(formatTraceparent(x)).toHaveLength(55);
        expect(parseTraceparent(formatTraceparent(x))).toEqual(x);
      }),
    );
  });

  it("never throws on arbitrary input, and what it accepts is well formed (property)", () => {
    const near = fc
      .tuple(fc.nat({ max: 54 }), fc.string({ maxLength: 3 }))
      .map(([at, s]) => VALID.slice(0, at) + s + VALID.slice(at + s.length));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), near), (value) => {
        const tp = parseTraceparent(value);
        if (tp === null) return;
        expect(tp.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(tp.parentId).toMatch(/^[0-9a-f]{16}$/);
        expect(tp.version).not.toBe("ff");
      }),
      { numRuns: 500 },
    );
  });
});

describe("isValidTracestate", () => {
  it("accepts well-formed lists", () => {
    for (const value of [
      "",
      "congo=t61rcWkgMzE",
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
      "rojo=1 , congo=2",
      "a=1,,b=2", // empty members are allowed
      "tenant1@vendor=x",
      "k=with space inside",
      `k=${"v".repeat(256)}`,
    ])
      expect(isValidTracestate(value), value).toBe(true);
  });

  it("rejects malformed lists", () => {
    for (const value of [
      "novalue",
      "Upper=1",
      "1starts-with-digit=1",
      "k=",
      "k=a,b",
      "k=a=b",
      "k=1,k=2", // duplicate key
      `k=${"v".repeat(257)}`,
      `${"k".repeat(257)}=1`,
      "t@toolongsystemid1=1",
      "k=tab\there",
      "k=é",
    ])
      expect(isValidTracestate(value), value).toBe(false);
  });

  it("allows at most 32 members and 512 chars", () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(",");
    expect(isValidTracestate(members(32))).toBe(true);
    expect(isValidTracestate(members(33))).toBe(false);
    const long = `k=${"v".repeat(254)},j=${"v".repeat(253)}`; // 512 chars
    expect(long).toHaveLength(512);
    expect(isValidTracestate(long)).toBe(true);
    expect(isValidTracestate(`${long}x`)).toBe(false);
  });

  it("never throws on arbitrary input (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 600 }), (s) => void isValidTracestate(s)));
  });
});

describe("continueTrace", () => {
  it("continues a valid trace with a new child span, keeping sampled and tracestate", () => {
    const out = continueTrace(VALID, "congo=t61rcWkgMzE", seededRandom(1));
    expect(out.traceId).toBe(TRACE_ID);
    expect(out.parentSpanId).toBe(PARENT_ID);
    expect(out.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(out.spanId).not.toBe(PARENT_ID);
    expect(out.sampled).toBe(true);
    expect(out.traceparent).toBe(`00-${TRACE_ID}-${out.spanId}-01`);
    expect(out.tracestate).toBe("congo=t61rcWkgMzE");
  });

  it("keeps an unsampled decision and clears unknown flag bits", () => {
    expect(
      continueTrace(`00-${TRACE_ID}-${PARENT_ID}-00`, undefined, seededRandom(1)).sampled,
    ).toBe(false);
    const out = continueTrace(`00-${TRACE_ID}-${PARENT_ID}-fe`, undefined, seededRandom(1));
    expect(out.traceparent.endsWith("-00")).toBe(true);
    expect(
      continueTrace(`00-${TRACE_ID}-${PARENT_ID}-03`, undefined, seededRandom(1)).traceparent,
    ).toMatch(/-01$/);
  });

  it("answers a future version with version 00", () => {
    const out = continueTrace(`cc-${TRACE_ID}-${PARENT_ID}-01-extra`, undefined, seededRandom(2));
    expect(out.traceparent.startsWith(`00-${TRACE_ID}-`)).toBe(true);
  });

  it("drops an invalid tracestate but keeps the trace", () => {
    const out = continueTrace(VALID, "not a list", seededRandom(1));
    expect(out.traceId).toBe(TRACE_ID);
    expect(out.tracestate).toBeNull();
  });

  it("starts a new sampled trace when traceparent is absent or invalid, dropping tracestate", () => {
    for (const header of [undefined, "garbage", `00-${"0".repeat(32)}-${PARENT_ID}-01`]) {
      const out = continueTrace(header, "congo=t61rcWkgMzE", seededRandom(7));
      expect(out.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(out.parentSpanId).toBeNull();
      expect(out.tracestate).toBeNull();
      expect(out.sampled).toBe(true);
      expect(parseTraceparent(out.traceparent)).toEqual({
        version: "00",
        traceId: out.traceId,
        parentId: out.spanId,
        flags: "01",
      });
    }
  });

  it("is reproducible from a seeded source", () => {
    expect(continueTrace(undefined, undefined, seededRandom(42))).toEqual(
      continueTrace(undefined, undefined, seededRandom(42)),
    );
  });
});

describe("id generation", () => {
  it("makes lowercase hex ids of the right length, never all zero", () => {
    const zero: Random = { next: () => 0 };
    expect(newTraceId(zero)).toBe(`${"0".repeat(31)}1`);
    expect(newSpanId(zero)).toBe(`${"0".repeat(15)}1`);
    const top: Random = { next: () => 0.9999999999 };
    expect(newTraceId(top)).toBe("f".repeat(32));
    const random = seededRandom(3);
    for (let i = 0; i < 100; i++) {
      const t = newTraceId(random);
      expect(t).toHaveLength(32);
      expect(t).toMatch(HEX);
    }
  });

  it("rejects a source outside [0, 1) (programmer error)", () => {
    expect(() => newSpanId({ next: () => 1 })).toThrow(TypeError);
  });
});
