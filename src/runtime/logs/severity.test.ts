import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SEVERITY,
  parseSeverity,
  severityAtLeast,
  severityFromName,
  type LogStream,
  type Severity,
} from "./severity.js";

const ESC = String.fromCharCode(27);

// [line, stream, expected]
const TABLE: [string, LogStream, Severity][] = [
  // JSON: names, aliases, numbers (pino/bunyan 10–60, syslog 0–7), other fields
  ['{"level":"warning","msg":"disk at 90%"}', "stdout", "warn"],
  ['{"level":"ERR","msg":"x"}', "stdout", "error"],
  ['{"level":"fatal","msg":"x"}', "stdout", "error"],
  ['{"level":"trace","msg":"x"}', "stderr", "debug"],
  ['{"level":"DEBUG","msg":"x"}', "stdout", "debug"],
  ['{"level":10,"msg":"x"}', "stdout", "debug"],
  ['{"level":20,"msg":"x"}', "stdout", "debug"],
  ['{"level":30,"msg":"ERROR in message text"}', "stdout", "info"],
  ['{"level":40,"msg":"x"}', "stdout", "warn"],
  ['{"level":50,"msg":"x"}', "stdout", "error"],
  ['{"level":60,"msg":"x"}', "stdout", "error"],
  ['{"level":"50","msg":"x"}', "stdout", "error"],
  ['{"level":3,"short_message":"gelf"}', "stdout", "error"],
  ['{"level":4,"short_message":"gelf"}', "stdout", "warn"],
  ['{"severity":"WARNING","message":"gcp"}', "stdout", "warn"],
  ['{"lvl":"eror","message":"unknown name, then severity"}', "stdout", "info"],
  ['{"lvl":"crit","msg":"x"}', "stdout", "error"],
  ['{"levelname":"WARNING","name":"root"}', "stderr", "warn"],
  ['{"log.level":"error","message":"ecs"}', "stdout", "error"],
  ['  {"level":"warn"}  ', "stdout", "warn"],
  ['{"msg":"ERROR but no level field"}', "stdout", "info"],
  ['{"level":"","msg":"empty level"}', "stdout", "info"],
  ['{"level":true,"msg":"x"}', "stdout", "info"],
  ['{"level":"warn", broken json', "stdout", "info"],
  ['{"msg":"not json after all" ERROR}', "stdout", "error"],
  // logfmt / slog text
  ["time=2024-01-01T00:00:00Z level=warn msg=slow", "stdout", "warn"],
  ['time=2024-01-01T00:00:00Z level=ERROR msg="boom"', "stdout", "error"],
  ['ts=1 lvl=dbg msg="x"', "stdout", "debug"],
  ['level="info" msg="ERROR in text"', "stderr", "info"],
  ["severity=warning msg=x", "stdout", "warn"],
  ["loglevel=error", "stdout", "info"],
  // upper-case level words near the start
  ["ERROR something broke", "stdout", "error"],
  ["ERROR: something broke", "stdout", "error"],
  ["[WARN] slow query", "stdout", "warn"],
  ["[ERROR] x", "stdout", "error"],
  ["WARN[0000] logrus text", "stderr", "warn"],
  ["WARNING:root:python default format", "stderr", "warn"],
  ["INFO:     Uvicorn running on http://127.0.0.1:8000", "stderr", "info"],
  ["DEBUG x", "stdout", "debug"],
  ["TRACE x", "stdout", "debug"],
  ["FATAL cannot continue", "stdout", "error"],
  ["CRITICAL x", "stdout", "error"],
  ["npm ERR! code ENOENT", "stderr", "error"],
  ["npm WARN deprecated x@1", "stderr", "warn"],
  ["2024-01-01 12:00:00,123 ERROR [main] com.shop.Api - failed", "stdout", "error"],
  ["12:00:00.123 [main-thread-1] WARN  com.shop.Api - slow", "stdout", "warn"],
  ["2024-01-01T12:00:00.123+01:00  WARN 12345 --- [main] o.s.b.Spring : x", "stdout", "warn"],
  ["[2024-01-01T00:00:00Z WARN  mycrate] rust env_logger", "stderr", "warn"],
  ["3:04PM ERR zerolog console", "stdout", "error"],
  ["3:04PM INF zerolog console", "stdout", "info"],
  ["INFO job done with 0 ERROR", "stdout", "info"],
  [`${ESC}[31mERROR${ESC}[39m coloured`, "stdout", "error"],
  [`${ESC}[33m[WARN]${ESC}[0m coloured`, "stdout", "warn"],
  // glog
  ["W1123 12:00:00.000000    1234 main.go:12] slow", "stderr", "warn"],
  ["E1123 12:00:00.000000    1234 main.go:12] failed", "stderr", "error"],
  ["F1123 12:00:00.000000    1234 main.go:12] fatal", "stderr", "error"],
  ["I1123 12:00:00.000000    1234 main.go:12] ok", "stderr", "info"],
  // error shapes and stack traces
  ["Error: listen EADDRINUSE: address already in use :::3000", "stderr", "error"],
  ["TypeError: Cannot read properties of undefined (reading 'x')", "stderr", "error"],
  ["Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'", "stderr", "error"],
  ["Uncaught ReferenceError: x is not defined", "stderr", "error"],
  ["java.lang.IllegalStateException: closed", "stdout", "error"],
  ['Exception in thread "main" java.lang.NullPointerException', "stderr", "error"],
  ["Caused by: java.io.IOException: x", "stderr", "error"],
  ["    at Object.<anonymous> (/app/server.js:10:15)", "stderr", "error"],
  ["    at /app/server.js:10:15", "stderr", "error"],
  ["    at async Promise.all (index 0)", "stderr", "error"],
  ["    at new Promise (<anonymous>)", "stderr", "error"],
  ["\tat com.shop.Api.handle(Api.java:42)", "stderr", "error"],
  ["\t... 12 more", "stderr", "error"],
  ["Traceback (most recent call last):", "stderr", "error"],
  ['  File "/app/main.py", line 3, in <module>', "stderr", "error"],
  ["panic: runtime error: index out of range", "stderr", "error"],
  ["fatal: not a git repository", "stderr", "error"],
  ["error[E0308]: mismatched types", "stderr", "error"],
  ["error: could not compile `shop`", "stderr", "error"],
  ["warning: unused variable: `x`", "stderr", "warn"],
  [
    "(node:1234) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.",
    "stderr",
    "warn",
  ],
  ["(node:1234) ExperimentalWarning: VM Modules is an experimental feature", "stderr", "warn"],
  // sd-daemon priority prefix
  ["<3>failed", "stderr", "error"],
  ["<4>careful", "stderr", "warn"],
  ["<7>details", "stderr", "debug"],
  // nothing to go on: info on both streams (DEFAULT_SEVERITY)
  ["Listening on http://127.0.0.1:3000", "stdout", "info"],
  ["Listening on http://127.0.0.1:3000", "stderr", "info"],
  ["", "stderr", "info"],
  ["Compiled 3 files, 0 errors", "stdout", "info"],
  ["Errors: 0", "stdout", "info"],
  ["ErrorHandler registered", "stdout", "info"],
  ["Connected to ERROR-reporting service", "stdout", "info"],
  ["    at least this line is prose", "stdout", "info"],
  ["a warning: words later in a sentence do not count", "stdout", "info"],
  ["x".repeat(80) + " ERROR beyond the head", "stdout", "info"],
  ["Everything ok INFO", "stdout", "info"],
  ["Downloading: 45%", "stderr", "info"],
];

describe("parseSeverity", () => {
  it.each(TABLE)("%j on %s is %s", (line, stream, expected) => {
    expect(parseSeverity(line, stream)).toBe(expected);
  });

  it("defaults to info on both streams, so stderr chatter is not taken for warnings", () => {
    expect(DEFAULT_SEVERITY).toEqual({ stdout: "info", stderr: "info" });
  });

  it("never throws and always answers a severity", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<LogStream>("stdout", "stderr"), (text, stream) => {
        expect(["debug", "info", "warn", "error"]).toContain(parseSeverity(text, stream));
      }),
      { numRuns: 300 },
    );
  });

  it("stays fast on a very long line", () => {
    const line = `{"level":"info","msg":"${"x".repeat(1_000_000)}"}`;
    expect(parseSeverity(line, "stdout")).toBe("info");
    expect(parseSeverity(`   at ${"y".repeat(1_000_000)}`, "stdout")).toBe("info");
  });
});

describe("severityFromName", () => {
  it.each([
    ["warning", "warn"],
    [" ERR ", "error"],
    ["Fatal", "error"],
    ["trace", "debug"],
    ["notice", "info"],
  ] as const)("%j is %s", (name, expected) => {
    expect(severityFromName(name)).toBe(expected);
  });

  it("knows nothing of other words, including Object's own keys", () => {
    expect(severityFromName("loud")).toBeUndefined();
    expect(severityFromName("constructor")).toBeUndefined();
    expect(severityFromName("")).toBeUndefined();
  });
});

describe("severityAtLeast", () => {
  it("orders debug < info < warn < error", () => {
    expect(severityAtLeast("error", "warn")).toBe(true);
    expect(severityAtLeast("warn", "warn")).toBe(true);
    expect(severityAtLeast("info", "warn")).toBe(false);
    expect(severityAtLeast("debug", "debug")).toBe(true);
  });
});
