import { compileHeaderRegex } from "./regex-safety.js";
import type { HeaderRoute } from "./route-spec.js";
import type { IsAvailable, RouteRequest, Router } from "./router.js";

const MATCH_EXACT = 0;
const MATCH_PREFIX = 1;
const MATCH_REGEX = 2;

/**
 * Header rules in order, first match wins, else the default. Rules live in parallel arrays built
 * once, so a pick is a loop over them with no closure or allocation. A missing header matches no
 * rule; values compare case-sensitively and regexes match the whole value. With `isAvailable`,
 * a match on an unavailable target falls through to the next matching rule, then the default.
 */
export class HeaderRouter implements Router {
  private readonly names: readonly string[];
  private readonly kinds: Uint8Array;
  private readonly values: readonly string[];
  /** Compiled regexes, at the index of each regex rule. No `g`/`y` flag, so `test` keeps no state. */
  private readonly regexes: readonly (RegExp | undefined)[];
  private readonly targets: readonly string[];
  private readonly fallback: string;

  constructor(spec: HeaderRoute) {
    const rules = spec.rules;
    this.names = rules.map((r) => r.header.toLowerCase());
    this.kinds = Uint8Array.from(rules, (r) =>
      r.match === "exact" ? MATCH_EXACT : r.match === "prefix" ? MATCH_PREFIX : MATCH_REGEX,
    );
    this.values = rules.map((r) => r.value);
    this.regexes = rules.map((r) =>
      r.match === "regex" ? compileHeaderRegex(r.value) : undefined,
    );
    this.targets = rules.map((r) => r.target);
    this.fallback = spec.default;
  }

  pick(req: RouteRequest, isAvailable?: IsAvailable): string {
    let firstMatch: string | undefined;
    for (let i = 0; i < this.targets.length; i++) {
      if (!this.matches(i, req.header(this.names[i]!))) continue;
      const target = this.targets[i]!;
      if (isAvailable === undefined || isAvailable(target)) return target;
      firstMatch ??= target;
    }
    if (isAvailable === undefined || isAvailable(this.fallback)) return this.fallback;
    // Panic mode: nothing that matched is available, so route as if all were.
    return firstMatch ?? this.fallback;
  }

  private matches(i: number, actual: string | undefined): boolean {
    if (actual === undefined) return false;
    switch (this.kinds[i]) {
      case MATCH_EXACT:
        return actual === this.values[i];
      case MATCH_PREFIX:
        return actual.startsWith(this.values[i]!);
      default:
        return this.regexes[i]!.test(actual);
    }
  }
}
