import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConcurrencyLimits } from "./concurrency.js";

describe("concurrency limits (spec §1.6, §4.3, §12.1 #52, §13.2)", () => {
  it("registers with a cap of 4 by default, idempotently", () => {
    const c = new ConcurrencyLimits();
    expect(c.registerInstrument("claude-code")).toBe(4);
    expect(c.registerInstrument("claude-code", { maxConcurrent: 9 })).toBe(4);
    expect(c.registerInstrument("gemini-cli", { maxConcurrent: 2 })).toBe(2);
    expect(c.isRegistered("claude-code")).toBe(true);
    expect(c.maxConcurrent("gemini-cli")).toBe(2);
    expect(c.maxConcurrent("unknown")).toBeNull();
    expect(c.instrumentCaps()).toEqual(
      new Map([
        ["claude-code", 4],
        ["gemini-cli", 2],
      ]),
    );
  });

  it("admits up to the instrument cap, then refuses until a release", () => {
    const c = new ConcurrencyLimits();
    c.registerInstrument("i", { maxConcurrent: 2 });
    expect(c.acquire("i")).toBe(true);
    expect(c.acquire("i")).toBe(true);
    expect(c.canAcquire("i")).toBe(false);
    expect(c.acquire("i")).toBe(false);
    expect(c.inFlight("i")).toBe(2);
    c.release("i");
    expect(c.acquire("i")).toBe(true);
    expect(c.totalInFlight).toBe(2);
  });

  it("refuses unregistered instruments and a cap of 0", () => {
    const c = new ConcurrencyLimits();
    expect(c.acquire("unknown")).toBe(false);
    c.registerInstrument("zero", { maxConcurrent: 0 });
    expect(c.acquire("zero")).toBe(false);
  });

  it("binds both the model cap and the instrument cap, counting models in the instrument", () => {
    const c = new ConcurrencyLimits();
    c.registerInstrument("i", { maxConcurrent: 3 });
    c.setModelConcurrency("i", "opus", 1);
    expect(c.acquire("i", "opus")).toBe(true);
    expect(c.acquire("i", "opus")).toBe(false);
    expect(c.acquire("i", "sonnet")).toBe(true);
    expect(c.acquire("i")).toBe(true);
    expect(c.inFlight("i")).toBe(3);
    expect(c.inFlight("i", "opus")).toBe(1);
    expect(c.acquire("i", "sonnet")).toBe(false); // instrument full
    c.setModelConcurrency("i", "haiku", 10);
    expect(c.acquire("i", "haiku")).toBe(false); // a larger model cap does not lift the instrument's
    expect(c.modelCaps()).toEqual(
      new Map([
        ["i:opus", 1],
        ["i:haiku", 10],
      ]),
    );
  });

  it("releases by the key it acquired with and never goes below zero", () => {
    const c = new ConcurrencyLimits();
    c.registerInstrument("i");
    c.acquire("i", "opus");
    expect(() => c.release("i")).toThrow(TypeError);
    expect(() => c.release("i", "sonnet")).toThrow(TypeError);
    c.release("i", "opus");
    expect(() => c.release("i", "opus")).toThrow(TypeError);
    expect(() => c.release("unknown")).toThrow(TypeError);
    expect(c.inFlight("i")).toBe(0);
    expect(c.totalInFlight).toBe(0);
  });

  it("rejects bad names and caps", () => {
    const c = new ConcurrencyLimits();
    expect(() => c.registerInstrument("")).toThrow(TypeError);
    expect(() => c.registerInstrument("a:b")).toThrow(TypeError);
    expect(() => c.registerInstrument("i", { maxConcurrent: -1 })).toThrow(TypeError);
    expect(() => c.registerInstrument("i", { maxConcurrent: 1.5 })).toThrow(TypeError);
    expect(() => c.setModelConcurrency("i", "", 1)).toThrow(TypeError);
    expect(() => c.setModelConcurrency("i", "m", Number.NaN)).toThrow(TypeError);
  });

  it("agrees with a naive model on every operation sequence (property)", () => {
    const inst = fc.constantFrom("a", "b", "c");
    const model = fc.constantFrom(null, "x", "y");
    const cap = fc.nat({ max: 4 });
    const op = fc.oneof(
      fc.record({ op: fc.constant("register" as const), inst, cap }),
      fc.record({ op: fc.constant("model" as const), inst, model: fc.constantFrom("x", "y"), cap }),
      fc.record({ op: fc.constant("acquire" as const), inst, model }),
      fc.record({ op: fc.constant("release" as const), inst, model }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const c = new ConcurrencyLimits();
        // Naive model: caps in plain maps, in-flight work as a list of (instrument, model).
        const caps = new Map<string, number>();
        const modelCaps = new Map<string, number>();
        const running: [string, string | null][] = [];
        const count = (i: string, m?: string | null) =>
          running.filter(([ri, rm]) => ri === i && (m === undefined || rm === m)).length;
        for (const o of ops) {
          if (o.op === "register") {
            c.registerInstrument(o.inst, { maxConcurrent: o.cap });
            if (!caps.has(o.inst)) caps.set(o.inst, o.cap);
          } else if (o.op === "model") {
            c.setModelConcurrency(o.inst, o.model, o.cap);
            modelCaps.set(`${o.inst}:${o.model}`, o.cap);
          } else if (o.op === "acquire") {
            const cap = caps.get(o.inst);
            const mcap = o.model === null ? undefined : modelCaps.get(`${o.inst}:${o.model}`);
            const fits =
              cap !== undefined &&
              count(o.inst) < cap &&
              (mcap === undefined || count(o.inst, o.model) < mcap);
            expect(c.acquire(o.inst, o.model)).toBe(fits);
            if (fits) running.push([o.inst, o.model]);
          } else {
            const at = running.findIndex(([ri, rm]) => ri === o.inst && rm === o.model);
            if (at < 0) expect(() => c.release(o.inst, o.model)).toThrow(TypeError);
            else {
              c.release(o.inst, o.model);
              running.splice(at, 1);
            }
          }
          expect(c.totalInFlight).toBe(running.length);
          for (const i of ["a", "b", "c"]) {
            expect(c.inFlight(i)).toBe(count(i));
            for (const m of ["x", "y"]) expect(c.inFlight(i, m)).toBe(count(i, m));
          }
        }
      }),
    );
  });
});
