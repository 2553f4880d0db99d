import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json-value.js";
import { toObserverEvent } from "./observer-event.js";
import { sheetAttemptResult, type SheetAttemptResultInit } from "./sheet-attempt-result.js";

const name = fc.string({ minLength: 1, maxLength: 12 });
const amount = (max: number) => fc.double({ min: 0, max, noNaN: true });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Any valid init: the four required fields, and any subset of the optional ones. */
const validInit: fc.Arbitrary<SheetAttemptResultInit> = fc
  .tuple(
    fc.record(
      {
        jobId: name,
        sheetNum: fc.integer({ min: 1, max: 1_000_000 }),
        instrumentName: name,
        attempt: fc.integer({ min: 1, max: 100 }),
        attemptId: optional(name),
        executionSuccess: fc.boolean(),
        exitCode: optional(fc.integer({ min: -255, max: 255 })),
        durationSeconds: amount(86_400),
        validationPassRate: amount(100),
        validationDetails: optional(
          fc.array(fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>, {
            maxLength: 3,
          }),
        ),
        errorClassification: optional(name),
        errorMessage: optional(fc.string()),
        rateLimited: fc.boolean(),
        rateLimitPrimary: optional(fc.boolean()),
        rateLimitWaitSeconds: optional(amount(86_400)),
        costUsd: amount(10_000),
        inputTokens: fc.nat(),
        outputTokens: fc.nat(),
        modelUsed: optional(name),
        stdoutTail: fc.string({ maxLength: 500 }),
        stderrTail: fc.string({ maxLength: 500 }),
        outputKind: optional(name),
      },
      { requiredKeys: ["jobId", "sheetNum", "instrumentName", "attempt"] },
    ),
    fc.option(fc.tuple(fc.nat(50), fc.nat(50))),
  )
  .map(([init, counts]) =>
    counts === null
      ? init
      : {
          ...init,
          validationsPassed: Math.min(...counts),
          validationsTotal: Math.max(...counts),
        },
  );

const now = fc.double({ min: 0, max: 1e13, noNaN: true });

describe("SheetAttemptResult", () => {
  it("round-trips through JSON, and rebuilds from its JSON to an equal event", () => {
    fc.assert(
      fc.property(validInit, now, (init, t) => {
        const event = sheetAttemptResult(init, t);
        const parsed = JSON.parse(JSON.stringify(event)) as SheetAttemptResultInit & {
          timestamp: number;
        };
        expect(parsed).toEqual(event);
        expect(sheetAttemptResult(parsed, parsed.timestamp)).toEqual(event);
      }),
    );
  });

  it("keeps every field it is given and gives an observer record that is plain JSON", () => {
    fc.assert(
      fc.property(validInit, now, (init, t) => {
        const event = sheetAttemptResult(init, t);
        // Equal to what was given, up to JSON's view of numbers (-0 is stored as 0).
        expect(event).toMatchObject(JSON.parse(JSON.stringify(init)) as object);
        expect(Object.isFrozen(event)).toBe(true);
        const record = toObserverEvent(event);
        expect(JSON.parse(JSON.stringify(record))).toEqual(record);
        expect(record).toMatchObject({ jobId: init.jobId, sheetNum: init.sheetNum, timestamp: t });
      }),
    );
  });

  it("rejects any sheet number that is not a positive integer, naming the field", () => {
    const notPositiveInteger = fc.oneof(
      fc.integer({ max: 0 }),
      fc.double().filter((d) => !Number.isInteger(d)),
    );
    fc.assert(
      fc.property(validInit, notPositiveInteger, (init, sheetNum) => {
        expect(() => sheetAttemptResult({ ...init, sheetNum }, 0)).toThrow(
          /^SheetAttemptResult\.sheetNum must be a positive integer/,
        );
      }),
    );
  });

  it("accepts a pass rate above 100 (it counts as a full pass, spec §5.3)", () => {
    fc.assert(
      fc.property(
        validInit,
        fc.double({ min: 100, max: 1e6, noNaN: true }),
        (init, validationPassRate) => {
          expect(sheetAttemptResult({ ...init, validationPassRate }, 0).validationPassRate).toBe(
            validationPassRate,
          );
        },
      ),
    );
  });

  it("rejects any negative, infinite or NaN pass rate, naming the field", () => {
    const outside = fc.oneof(
      fc.double({ max: -Number.MIN_VALUE }),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(validInit, outside, (init, validationPassRate) => {
        expect(() => sheetAttemptResult({ ...init, validationPassRate }, 0)).toThrow(
          /^SheetAttemptResult\.validationPassRate /,
        );
      }),
    );
  });

  it("carries the rate-limit-primary signal and the attempt id only when given", () => {
    const base = { jobId: "j", sheetNum: 1, instrumentName: "i", attempt: 1 };
    expect(sheetAttemptResult(base, 0)).toMatchObject({ rateLimitPrimary: null, attemptId: null });
    expect(
      sheetAttemptResult(
        { ...base, rateLimited: true, rateLimitPrimary: false, attemptId: "j/1/3" },
        0,
      ),
    ).toMatchObject({ rateLimited: true, rateLimitPrimary: false, attemptId: "j/1/3" });
  });

  it("accepts a success with no validations reporting 0 % (F-018 is the core's to apply)", () => {
    const event = sheetAttemptResult(
      { jobId: "j", sheetNum: 1, instrumentName: "i", attempt: 1, validationsTotal: 0 },
      0,
    );
    expect(event).toMatchObject({ executionSuccess: true, validationPassRate: 0 });
  });

  it.each([
    ["costUsd", { costUsd: -0.01 }],
    ["costUsd", { costUsd: Number.NaN }],
    ["costUsd", { costUsd: Infinity }],
    ["durationSeconds", { durationSeconds: -1 }],
    ["durationSeconds", { durationSeconds: Number.NaN }],
    ["rateLimitWaitSeconds", { rateLimitWaitSeconds: -5 }],
    ["rateLimitWaitSeconds", { rateLimitWaitSeconds: Number.NaN }],
    ["validationPassRate", { validationPassRate: -1 }],
    ["validationPassRate", { validationPassRate: Infinity }],
    ["validationPassRate", { validationPassRate: Number.NaN }],
    ["validationsTotal", { validationsTotal: -1 }],
    ["validationsPassed", { validationsPassed: 3, validationsTotal: 2 }],
    ["inputTokens", { inputTokens: 1.5 }],
    ["outputTokens", { outputTokens: -1 }],
    ["attempt", { attempt: 0 }],
    ["jobId", { jobId: "" }],
    ["instrumentName", { instrumentName: "" }],
    ["exitCode", { exitCode: 1.5 }],
    ["executionSuccess", { executionSuccess: null }],
    ["rateLimitPrimary", { rateLimitPrimary: "yes" }],
    ["attemptId", { attemptId: "" }],
    ["validationDetails", { validationDetails: { rule: "x" } }],
    ["validationDetails[0]", { validationDetails: [["not an object"]] }],
    ["stdoutTail", { stdoutTail: null }],
  ])("SheetAttemptResult rejects a bad %s", (field, override) => {
    const init = { jobId: "j", sheetNum: 1, instrumentName: "i", attempt: 1, ...override };
    expect(() => sheetAttemptResult(init as unknown as SheetAttemptResultInit, 0)).toThrow(
      new RegExp(`^SheetAttemptResult\\.${field.replace(/[[\]]/g, "\\$&")} must `),
    );
  });
});
