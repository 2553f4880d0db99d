import { isAbsolute, relative } from "node:path";
import type { Diagnostic } from "../../common/index.js";
import { inertText } from "./inert-text.js";

/** A path as the user would type it from `cwd`. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

/**
 * One line per finding: `error[CODE] file:line:col field: message; hint`.
 * Every part but the code and message is optional.
 */
export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  const where: string[] = [];
  const loc = d.location;
  if (loc) {
    let place = displayPath(loc.file, cwd);
    if (loc.line !== undefined) place += `:${loc.line}:${loc.column ?? 1}`;
    where.push(place);
    if (loc.field !== undefined) where.push(`${loc.field}:`);
    else where[where.length - 1] += ":";
  }
  const hint = d.hint === undefined || d.hint === "" ? "" : `; ${d.hint}`;
  // One line, inert: messages may quote what a service or a file said.
  return inertText([`${d.severity}[${d.code}]`, ...where, `${d.message}${hint}`].join(" "));
}

/** A diagnostic as exact JSON. */
export function diagnosticJson(d: Diagnostic, cwd: string): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    hint: d.hint ?? null,
    file: d.location ? displayPath(d.location.file, cwd) : null,
    line: d.location?.line ?? null,
    column: d.location?.column ?? null,
    field: d.location?.field ?? null,
  };
}
