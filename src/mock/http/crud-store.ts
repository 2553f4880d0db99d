import type { Operation } from "../../contract/index.js";

/** A resource the store keeps: its collection path and the item path below it. */
export interface Resource {
  readonly collection: string;
  readonly item: string;
  /** The item path's parameter holding the id (`/orders/{orderId}` → `orderId`). */
  readonly param: string;
}

/** What a stateful request did, for the mock to render. */
export type CrudOutcome =
  | { readonly kind: "list"; readonly items: readonly Record<string, unknown>[] }
  | { readonly kind: "item"; readonly item: Record<string, unknown> }
  | { readonly kind: "deleted" }
  | { readonly kind: "missing"; readonly id: string };

/**
 * In-memory collections for a stateful mock (opt-in per node): POST on a collection creates
 * an item with an id, GET lists or reads, PUT replaces, PATCH merges, DELETE removes; unknown
 * ids are missing (404). Resources are found by pairing templates: `/orders` with
 * `/orders/{orderId}`. Ids count up per resource: numbers when the item's id is numeric, else
 * `<resource>_<n>` strings.
 */
export class CrudStore {
  readonly #resources = new Map<string, Resource>();
  readonly #items = new Map<string, Map<string, Record<string, unknown>>>();
  readonly #counters = new Map<string, number>();

  constructor(operations: readonly Operation[]) {
    const paths = new Set(operations.map((o) => o.path));
    for (const path of paths) {
      const m = /^(.*)\/\{([^}/]+)\}$/.exec(path);
      if (m === null || !paths.has(m[1] as string)) continue;
      const resource = { collection: m[1] as string, item: path, param: m[2] as string };
      this.#resources.set(resource.collection, resource);
      this.#resources.set(resource.item, resource);
    }
  }

  /** The resource an operation's path belongs to, or null (served statelessly). */
  resourceOf(path: string): Resource | null {
    return this.#resources.get(path) ?? null;
  }

  /**
   * Applies a request to `resource`. `template` is the item to create from (a generated
   * response body), merged under the request body on POST.
   */
  apply(
    resource: Resource,
    method: string,
    onItem: boolean,
    id: string | undefined,
    body: unknown,
    template: Record<string, unknown>,
  ): CrudOutcome | null {
    const items = this.#table(resource);
    const fields = isRecord(body) ? body : {};
    if (!onItem) {
      if (method === "GET") return { kind: "list", items: [...items.values()] };
      if (method !== "POST") return null;
      const n = (this.#counters.get(resource.collection) ?? 0) + 1;
      this.#counters.set(resource.collection, n);
      const key = idKey(template, resource.param);
      const given = fields[key];
      const newId =
        typeof given === "string" || typeof given === "number"
          ? given
          : typeof template[key] === "number"
            ? n
            : `${resource.collection.split("/").pop() ?? "item"}_${n}`;
      const item = { ...template, ...fields, [key]: newId };
      items.set(String(newId), item);
      return { kind: "item", item };
    }
    const current = id === undefined ? undefined : items.get(id);
    if (current === undefined || id === undefined) return { kind: "missing", id: id ?? "" };
    const key = idKey(current, resource.param);
    switch (method) {
      case "GET":
        return { kind: "item", item: current };
      case "PUT":
      case "PATCH": {
        const base = method === "PUT" ? template : current;
        const item = { ...base, ...fields, [key]: current[key] };
        items.set(id, item);
        return { kind: "item", item };
      }
      case "DELETE":
        items.delete(id);
        return { kind: "deleted" };
      default:
        return null;
    }
  }

  #table(resource: Resource): Map<string, Record<string, unknown>> {
    let table = this.#items.get(resource.collection);
    if (table === undefined)
      this.#items.set(resource.collection, (table = new Map<string, Record<string, unknown>>()));
    return table;
  }
}

/** The field holding an item's id: `id` when the item has one, else the path parameter's name. */
function idKey(item: Record<string, unknown>, param: string): string {
  return "id" in item || !(param in item) ? "id" : param;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
