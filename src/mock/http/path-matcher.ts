import type { Operation } from "../../contract/index.js";

/** The operations of one path template, and how to recognise the path. */
interface Route {
  readonly template: string;
  /** null for a template without parameters (matched by the exact-path map). */
  readonly pattern: RegExp | null;
  readonly names: readonly string[];
  readonly byMethod: ReadonlyMap<string, Operation>;
}

/** What a request path and method found. */
export type PathMatch =
  | {
      readonly kind: "found";
      readonly op: Operation;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: "no-path" }
  | { readonly kind: "no-method"; readonly allow: readonly string[] };

/**
 * Finds the operation of a request: exact paths first (a map lookup), then templates, those
 * with more literal characters before those with fewer (`/orders/mine` wins over
 * `/orders/{id}`, as in Prism). A trailing slash is ignored. Parameter values are
 * percent-decoded; a value never spans `/`.
 */
export class PathMatcher {
  readonly #exact = new Map<string, Route>();
  readonly #templated: Route[] = [];

  constructor(operations: readonly Operation[]) {
    const byTemplate = new Map<string, Map<string, Operation>>();
    for (const op of operations) {
      const key = trimSlash(op.path);
      let methods = byTemplate.get(key);
      if (methods === undefined) byTemplate.set(key, (methods = new Map<string, Operation>()));
      methods.set(op.method, op);
    }
    for (const [template, byMethod] of byTemplate) {
      const names: string[] = [];
      const source = template
        .split(/(\{[^}/]+\})/)
        .map((part) => {
          const m = /^\{([^}/]+)\}$/.exec(part);
          if (m === null) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
          names.push(m[1] as string);
          return "([^/]+)";
        })
        .join("");
      if (names.length === 0)
        this.#exact.set(template, { template, pattern: null, names, byMethod });
      else this.#templated.push({ template, pattern: new RegExp(`^${source}$`), names, byMethod });
    }
    const literal = (t: string) => t.replace(/\{[^}/]+\}/g, "").length;
    this.#templated.sort((a, b) => literal(b.template) - literal(a.template));
  }

  /** The operation for `method` at `path` (without its query). */
  match(method: string, path: string): PathMatch {
    const key = trimSlash(path);
    const allow = new Set<string>();
    const exact = this.#exact.get(key);
    if (exact !== undefined) {
      const op = exact.byMethod.get(method);
      if (op !== undefined) return { kind: "found", op, params: {} };
      for (const m of exact.byMethod.keys()) allow.add(m);
    }
    for (const route of this.#templated) {
      const m = (route.pattern as RegExp).exec(key);
      if (m === null) continue;
      const op = route.byMethod.get(method);
      if (op === undefined) {
        for (const k of route.byMethod.keys()) allow.add(k);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decode(m[i + 1] as string)));
      return { kind: "found", op, params };
    }
    return allow.size > 0 ? { kind: "no-method", allow: [...allow] } : { kind: "no-path" };
  }
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function decode(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
