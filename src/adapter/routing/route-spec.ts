import { MAX_CANARY_PERCENT, MAX_REGEX_LENGTH, MAX_ROUTE_ENTRIES, MAX_WEIGHT } from "./defaults.js";
import { isToken } from "./header-token.js";
import { describe, quote, suggest } from "./problem-text.js";
import { compileHeaderRegex, findNestedQuantifier } from "./regex-safety.js";

/** Every request goes to one target. */
export interface SingleRoute {
  readonly kind: "single";
  readonly target: string;
}

/** One member of a weighted set: its share is `weight / sum of weights`. */
export interface WeightedTarget {
  readonly target: string;
  readonly weight: number;
}

/** Where a sticky weighted route reads its affinity key: a header (lowercased) or a cookie. */
export type StickyKey = { readonly header: string } | { readonly cookie: string };

/** Requests split by integer weights; with `sticky`, the same key keeps landing on the same target. */
export interface WeightedRoute {
  readonly kind: "weighted";
  readonly targets: readonly WeightedTarget[];
  readonly sticky?: StickyKey;
}

/** How a header rule compares the request's header value with `value`. */
export type HeaderMatchKind = "exact" | "prefix" | "regex";

/** One header rule: when the header matches, route to `target`. Regexes match the whole value. */
export interface HeaderRule {
  readonly header: string;
  readonly match: HeaderMatchKind;
  readonly value: string;
  readonly target: string;
}

/** Header rules in order, first match wins; `default` takes everything else. */
export interface HeaderRoute {
  readonly kind: "header";
  readonly rules: readonly HeaderRule[];
  readonly default: string;
}

/** `percent` (0–100, decimals allowed) of requests go to `canary`, the rest to `primary`. */
export interface CanaryRoute {
  readonly kind: "canary";
  readonly primary: string;
  readonly canary: string;
  readonly percent: number;
}

/** A route: immutable plain data, published in a routing snapshot and compiled into a Router. */
export type RouteSpec = SingleRoute | WeightedRoute | HeaderRoute | CanaryRoute;

/** The route kinds, in the order problem messages list them. */
export const ROUTE_KINDS: readonly RouteSpec["kind"][] = ["single", "weighted", "header", "canary"];

/** The header match kinds, in the order problem messages list them. */
export const HEADER_MATCH_KINDS: readonly HeaderMatchKind[] = ["exact", "prefix", "regex"];

/** Every target a route can send to, each once, in spec order. */
export function routeTargets(spec: RouteSpec): string[] {
  let all: string[];
  switch (spec.kind) {
    case "single":
      all = [spec.target];
      break;
    case "weighted":
      all = spec.targets.map((t) => t.target);
      break;
    case "header":
      all = [...spec.rules.map((r) => r.target), spec.default];
      break;
    case "canary":
      all = [spec.primary, spec.canary];
      break;
  }
  return [...new Set(all)];
}

const FIELDS: Readonly<Record<RouteSpec["kind"], readonly string[]>> = {
  single: ["kind", "target"],
  weighted: ["kind", "targets", "sticky"],
  header: ["kind", "rules", "default"],
  canary: ["kind", "primary", "canary", "percent"],
};
const WEIGHTED_TARGET_FIELDS = ["target", "weight"];
const HEADER_RULE_FIELDS = ["header", "match", "value", "target"];
const STICKY_FIELDS = ["header", "cookie"];
/** Above this many known targets a problem suggests the closest one instead of listing them all. */
const MAX_LISTED_TARGETS = 10;

/** What validation needs while it walks one spec; no `targetIds` means any target id is known. */
interface Check {
  readonly problems: string[];
  readonly targetIds: ReadonlySet<string> | undefined;
}

/**
 * The problems with a route spec read from config, each naming its field path (`route.targets[1].weight`);
 * empty means valid. Never throws on bad config; throws TypeError only when `targetIds` is not a set.
 */
export function validateRouteSpec(spec: unknown, targetIds: ReadonlySet<string>): string[] {
  if (typeof (targetIds as { has?: unknown } | null)?.has !== "function") {
    throw new TypeError("validateRouteSpec: targetIds must be a Set of target ids");
  }
  return collectProblems({ problems: [], targetIds }, spec);
}

/** The problems with a route spec's shape alone, taking every target id as known (for compiling). */
export function validateRouteShape(spec: unknown): string[] {
  return collectProblems({ problems: [], targetIds: undefined }, spec);
}

function collectProblems(check: Check, spec: unknown): string[] {
  if (!isRecord(spec)) {
    check.problems.push(`route: must be an object with a kind, got ${describe(spec)}`);
    return check.problems;
  }
  const kind = spec["kind"];
  if (!isRouteKind(kind)) {
    const hint = typeof kind === "string" ? suggest(kind, ROUTE_KINDS) : "";
    check.problems.push(
      `route.kind: must be one of ${ROUTE_KINDS.join(", ")}, got ${describe(kind)}${hint}`,
    );
    return check.problems;
  }
  checkFields(check, "route", spec, FIELDS[kind]);
  switch (kind) {
    case "single":
      checkTarget(check, "route.target", spec["target"]);
      break;
    case "weighted":
      checkWeightedTargets(check, spec["targets"]);
      if (spec["sticky"] !== undefined) checkSticky(check, spec["sticky"]);
      break;
    case "header":
      checkRules(check, spec["rules"]);
      checkTarget(check, "route.default", spec["default"]);
      break;
    case "canary":
      checkCanary(check, spec);
      break;
  }
  return check.problems;
}

function checkWeightedTargets(check: Check, targets: unknown): void {
  const entries = checkList(check, "route.targets", targets);
  if (entries === undefined) return;
  const firstSeen = new Map<string, number>();
  let sum = 0;
  let weightsValid = true;
  entries.forEach((entry, i) => {
    const path = `route.targets[${i}]`;
    if (!isRecord(entry)) {
      check.problems.push(`${path}: must be an object {target, weight}, got ${describe(entry)}`);
      weightsValid = false;
      return;
    }
    checkFields(check, path, entry, WEIGHTED_TARGET_FIELDS);
    const target = entry["target"];
    if (checkTarget(check, `${path}.target`, target) && typeof target === "string") {
      const first = firstSeen.get(target);
      if (first === undefined) firstSeen.set(target, i);
      else
        check.problems.push(
          `${path}.target: duplicate of route.targets[${first}].target (${quote(target)}); list each target once`,
        );
    }
    const weight = entry["weight"];
    if (
      typeof weight === "number" &&
      Number.isInteger(weight) &&
      weight >= 0 &&
      weight <= MAX_WEIGHT
    ) {
      sum += weight;
    } else {
      weightsValid = false;
      check.problems.push(
        `${path}.weight: must be an integer 0–${MAX_WEIGHT}, got ${describe(weight)}`,
      );
    }
  });
  if (weightsValid && sum === 0) {
    check.problems.push(
      "route.targets: weights must add up to more than 0, got 0 (no target could be picked)",
    );
  }
}

function checkSticky(check: Check, sticky: unknown): void {
  if (!isRecord(sticky)) {
    check.problems.push(`route.sticky: must be {header} or {cookie}, got ${describe(sticky)}`);
    return;
  }
  checkFields(check, "route.sticky", sticky, STICKY_FIELDS);
  const hasHeader = sticky["header"] !== undefined;
  const hasCookie = sticky["cookie"] !== undefined;
  if (hasHeader && hasCookie) {
    check.problems.push("route.sticky: set either header or cookie, not both");
  } else if (!hasHeader && !hasCookie) {
    check.problems.push(
      "route.sticky: must name a header or a cookie to read the affinity key from",
    );
  } else if (hasHeader) {
    checkToken(check, "route.sticky.header", sticky["header"], "a header name");
  } else {
    checkToken(check, "route.sticky.cookie", sticky["cookie"], "a cookie name");
  }
}

function checkRules(check: Check, rules: unknown): void {
  const entries = checkList(check, "route.rules", rules);
  if (entries === undefined) return;
  entries.forEach((rule, i) => {
    const path = `route.rules[${i}]`;
    if (!isRecord(rule)) {
      check.problems.push(
        `${path}: must be an object {header, match, value, target}, got ${describe(rule)}`,
      );
      return;
    }
    checkFields(check, path, rule, HEADER_RULE_FIELDS);
    checkToken(check, `${path}.header`, rule["header"], "a header name");
    const match = rule["match"];
    const matchValid = isHeaderMatchKind(match);
    if (!matchValid) {
      const hint = typeof match === "string" ? suggest(match, HEADER_MATCH_KINDS) : "";
      check.problems.push(
        `${path}.match: must be one of ${HEADER_MATCH_KINDS.join(", ")}, got ${describe(match)}${hint}`,
      );
    }
    const value = rule["value"];
    if (typeof value !== "string" || value.length === 0) {
      check.problems.push(`${path}.value: must be a non-empty string, got ${describe(value)}`);
    } else if (match === "regex") {
      checkRegex(check, `${path}.value`, value);
    }
    checkTarget(check, `${path}.target`, rule["target"]);
  });
}

function checkRegex(check: Check, path: string, pattern: string): void {
  if (pattern.length > MAX_REGEX_LENGTH) {
    check.problems.push(
      `${path}: regex must be at most ${MAX_REGEX_LENGTH} characters, got ${pattern.length}`,
    );
    return;
  }
  try {
    compileHeaderRegex(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "does not compile";
    check.problems.push(`${path}: invalid regex ${quote(pattern)}: ${reason}`);
    return;
  }
  const nested = findNestedQuantifier(pattern);
  if (nested !== undefined) {
    check.problems.push(
      `${path}: regex ${quote(pattern)} nests a repeated group in a repeat (${quote(nested)}), which can backtrack catastrophically; rewrite without the outer or inner repeat`,
    );
  }
}

function checkCanary(check: Check, spec: Readonly<Record<string, unknown>>): void {
  const primary = spec["primary"];
  const canary = spec["canary"];
  const primaryValid = checkTarget(check, "route.primary", primary);
  const canaryValid = checkTarget(check, "route.canary", canary);
  if (primaryValid && canaryValid && primary === canary) {
    check.problems.push(`route.canary: must differ from route.primary (both ${describe(canary)})`);
  }
  const percent = spec["percent"];
  if (
    typeof percent !== "number" ||
    !Number.isFinite(percent) ||
    percent < 0 ||
    percent > MAX_CANARY_PERCENT
  ) {
    check.problems.push(
      `route.percent: must be a number 0–${MAX_CANARY_PERCENT}, got ${describe(percent)}`,
    );
  }
}

/** The entries of a list field of 1–MAX_ROUTE_ENTRIES items, or undefined after reporting why not. */
function checkList(check: Check, path: string, value: unknown): readonly unknown[] | undefined {
  if (!Array.isArray(value)) {
    check.problems.push(
      `${path}: must be a list of 1–${MAX_ROUTE_ENTRIES} entries, got ${describe(value)}`,
    );
    return undefined;
  }
  if (value.length === 0 || value.length > MAX_ROUTE_ENTRIES) {
    check.problems.push(
      `${path}: must be a list of 1–${MAX_ROUTE_ENTRIES} entries, got ${value.length}`,
    );
    return undefined;
  }
  // Array.from turns holes in a sparse array into undefined, so every index is visited.
  return Array.from(value as unknown[]);
}

/** Whether `value` names a known target; reports why not. */
function checkTarget(check: Check, path: string, value: unknown): boolean {
  if (typeof value !== "string" || value.length === 0) {
    check.problems.push(`${path}: must be a target id (non-empty string), got ${describe(value)}`);
    return false;
  }
  if (check.targetIds === undefined || check.targetIds.has(value)) return true;
  const known = [...check.targetIds];
  let hint: string;
  if (known.length === 0) hint = "; no targets are defined";
  else if (known.length <= MAX_LISTED_TARGETS) hint = `; known: ${known.join(", ")}`;
  else hint = suggest(value, known);
  check.problems.push(`${path}: unknown target ${quote(value)}${hint}`);
  return false;
}

function checkToken(check: Check, path: string, value: unknown, what: string): void {
  if (typeof value !== "string" || !isToken(value)) {
    check.problems.push(
      `${path}: must be ${what} (an RFC 7230 token: letters, digits, !#$%&'*+-.^_\`|~), got ${describe(value)}`,
    );
  }
}

/** Reports fields a spec object does not have, with the closest known one (typos like `defualt`). */
function checkFields(
  check: Check,
  path: string,
  value: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      check.problems.push(`${path}.${key}: unknown field${suggest(key, allowed)}`);
    }
  }
}

function isRouteKind(value: unknown): value is RouteSpec["kind"] {
  return typeof value === "string" && (ROUTE_KINDS as readonly string[]).includes(value);
}

function isHeaderMatchKind(value: unknown): value is HeaderMatchKind {
  return typeof value === "string" && (HEADER_MATCH_KINDS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
