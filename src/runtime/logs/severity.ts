/** How serious a log line is; `baton logs --level L` keeps L and everything more serious. */
export type Severity = "debug" | "info" | "warn" | "error";

/** The stream of a child process a line came from. */
export type LogStream = "stdout" | "stderr";

/** Every severity, least serious first. */
export const SEVERITIES: readonly Severity[] = ["debug", "info", "warn", "error"];

/**
 * What a line gets when nothing in it names a level: info on both streams. Many tools write
 * ordinary output to stderr (Python's `logging` and Go's `log` by default, Rust's env_logger,
 * uvicorn, progress bars), so "stderr means warn" would bury real warnings under noise; the
 * stream stays on every record for whoever wants it.
 */
export const DEFAULT_SEVERITY: Readonly<Record<LogStream, Severity>> = {
  stdout: "info",
  stderr: "info",
};

/** Level words across loggers (pino, bunyan, winston, zap, zerolog, slog, log4j, JUL, syslog). */
const NAMES = new Map<string, Severity>([
  ...words("debug", "trace trc debug dbg verbose silly fine finer finest"),
  ...words("info", "info inf information informational notice log success"),
  ...words("warn", "warn warning wrn"),
  ...words(
    "error",
    "error err fatal ftl critical crit alert emerg emergency panic pnc dpanic severe",
  ),
]);

/** JSON fields that carry the level, in the order they are trusted. */
const JSON_LEVEL_FIELDS = ["level", "severity", "lvl", "levelname", "log.level"];

/** Only this much of a line's start is searched for a text level (the message follows it). */
const HEAD_CHARS = 64;
/** logfmt puts the level anywhere among its leading keys; past this it is message text. */
const LOGFMT_CHARS = 256;

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const SD_DAEMON = /^<([0-7])>/; // sd-daemon(3) prefix: a syslog priority
const LOGFMT = /(?:^|\s)(?:level|lvl|severity)="?([A-Za-z]+)"?(?=\s|$)/i;
const GLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d/; // I1123 12:00:00.000000 …
// An upper-case level word standing alone: `ERROR x`, `[WARN]`, `WARN[0000]`, `npm ERR!`, `WARNING:root:`.
const UPPER =
  /(?:^|[^\w.\-/])(TRACE|TRC|DEBUG|DBG|INFO|INF|NOTICE|WARNING|WARN|WRN|ERROR|ERR|FATAL|FTL|CRITICAL|CRIT|PANIC|PNC|SEVERE|ALERT|EMERG)(?![\w\-=])/;
// What only errors print at a line's start: `TypeError: x`, `Error [ERR_X]: x`, Java exceptions,
// `Caused by:`, Python tracebacks, Go panics, `fatal:` (git), `error:` / `error[E0308]:` (rustc).
const ERROR_START =
  /^(?:Uncaught\s+)?[\w$.]*(?:Error|Exception)(?::|\s*\[|\s+in thread\b|$)|^Caused by: |^Traceback \(most recent call last\):|^(?:panic|fatal|error(?:\[\w+\])?): /;
// Stack frames: Node/Java `    at f (file.js:1:2)`, `\tat a.B.c(B.java:12)`, `... 5 more`, Python `  File "x.py", line 3`.
const STACK_FRAME =
  /^\s+at\s.*(?::\d+\)?|\((?:native|Native Method|Unknown Source|index \d+|<anonymous>)\))$|^\s+\.\.\. \d+ more$|^\s+File ".*", line \d+/;
// Node's process warnings `(node:12) [DEP0005] DeprecationWarning: x`, rustc's `warning: x`.
const WARN_START = /^(?:\(node:\d+\)\s+)?(?:\[\w+\]\s+)?\w*Warning: |^warning(?:\[\w+\])?: /;

/**
 * The severity of one line of a child's output: a JSON line's `level`/`severity`/`lvl` (names or
 * pino/bunyan numbers), logfmt `level=…`, a glog letter, an upper-case level word near the start,
 * error and stack-trace shapes; otherwise `DEFAULT_SEVERITY[stream]`. Never throws.
 */
export function parseSeverity(text: string, stream: LogStream): Severity {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
    const fromJson = jsonSeverity(trimmed);
    // A structured line is authoritative: its message text is not searched for level words.
    if (fromJson !== undefined) return fromJson ?? DEFAULT_SEVERITY[stream];
  }
  const line = text.slice(0, LOGFMT_CHARS).replace(ANSI, "");
  const priority = SD_DAEMON.exec(line);
  if (priority) return syslogSeverity(Number(priority[1]));
  const logfmt = LOGFMT.exec(line);
  const fromLogfmt = logfmt ? severityFromName(logfmt[1] ?? "") : undefined;
  if (fromLogfmt) return fromLogfmt;
  const glog = GLOG.exec(line);
  if (glog) return glogSeverity(glog[1] ?? "I");
  if (ERROR_START.test(line) || STACK_FRAME.test(line)) return "error";
  if (WARN_START.test(line)) return "warn";
  const word = UPPER.exec(line.slice(0, HEAD_CHARS));
  return severityFromName(word?.[1] ?? "") ?? DEFAULT_SEVERITY[stream];
}

/** The severity a level name stands for (`warning`, `ERR`, `fatal`, `trace`, …), case-insensitive. */
export function severityFromName(name: string): Severity | undefined {
  return NAMES.get(name.trim().toLowerCase());
}

/** True when `severity` is `min` or more serious. */
export function severityAtLeast(severity: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);
}

/**
 * The level of a JSON line: a Severity, null for a JSON object without a known level, undefined
 * when the text is not a JSON object after all.
 */
function jsonSeverity(text: string): Severity | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  for (const field of JSON_LEVEL_FIELDS) {
    const level = fields[field];
    const severity =
      typeof level === "number"
        ? numericSeverity(level)
        : typeof level === "string"
          ? (severityFromName(level) ??
            (/^\s*\d+\s*$/.test(level) ? numericSeverity(Number(level)) : undefined))
          : undefined;
    if (severity) return severity;
  }
  return null;
}

/**
 * pino/bunyan numbers (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal); 0–7 are
 * syslog priorities, as GELF's `level` and journald's PRIORITY use them.
 */
function numericSeverity(level: number): Severity | undefined {
  if (!Number.isFinite(level) || level < 0) return undefined;
  if (level <= 7 && Number.isInteger(level)) return syslogSeverity(level);
  if (level < 10) return undefined;
  return level < 30 ? "debug" : level < 40 ? "info" : level < 50 ? "warn" : "error";
}

/** RFC 5424 priorities: 0 emerg … 3 err, 4 warning, 5 notice, 6 info, 7 debug. */
function syslogSeverity(priority: number): Severity {
  return priority <= 3 ? "error" : priority === 4 ? "warn" : priority <= 6 ? "info" : "debug";
}

function glogSeverity(letter: string): Severity {
  return letter === "W" ? "warn" : letter === "E" || letter === "F" ? "error" : "info";
}

function words(severity: Severity, list: string): [string, Severity][] {
  return list.split(" ").map((word) => [word, severity]);
}
