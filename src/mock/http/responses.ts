import type { H1Response } from "../../adapter/index.js";
import type { Random } from "../../common/index.js";
import { relative } from "node:path";
import type {
  ContractDocument,
  MediaSpec,
  Operation,
  ResponseSpec,
  SchemaAt,
  SchemaValidators,
} from "../../contract/index.js";
import { generate, type GenerateMode } from "../schema/index.js";
import { isJson, negotiate } from "./accept.js";
import { sendMockProblem } from "./mock-problem.js";
import type { MockPreference } from "./prefer.js";
import { text } from "./example-rules.js";

/** An answer ready to send (static ones are built once and kept). */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: Buffer | null;
}

export type Chosen = { ok: true; answer: Answer } | { ok: false; send: (res: H1Response) => void };

/**
 * Picks and renders an operation's declared response: the status a preference names or the
 * lowest 2xx, the media type the client accepts, the named or first example or a body
 * generated from the schema. Static answers are built once and kept.
 */
export class ResponseBuilder {
  readonly #cache = new Map<string, Answer>();
  /** What a request without preferences gets, per operation and Accept header. */
  readonly #defaults = new WeakMap<Operation, Map<string | undefined, Chosen>>();

  constructor(
    readonly doc: ContractDocument,
    readonly node: string,
    readonly random: Random,
    readonly validators: SchemaValidators,
  ) {}

  /** The response to send: the declared one the preference or the defaults pick. */
  choose(op: Operation, pref: MockPreference, accept: string | undefined): Chosen {
    if (pref.code !== undefined || pref.example !== undefined || pref.dynamic === true)
      return this.#choose(op, pref, accept);
    let byAccept = this.#defaults.get(op);
    if (byAccept === undefined)
      this.#defaults.set(op, (byAccept = new Map<string | undefined, Chosen>()));
    let chosen = byAccept.get(accept);
    if (chosen === undefined) {
      chosen = this.#choose(op, pref, accept);
      if (byAccept.size < 64) byAccept.set(accept, chosen); // Accept headers are few; bound them
    }
    return chosen;
  }

  #choose(op: Operation, pref: MockPreference, accept: string | undefined): Chosen {
    const node = this.node;
    const spec = pickResponse(op.responses, pref.code);
    if (spec === null) {
      const declared = op.responses.map((r) => r.status).join(", ") || "none";
      return pref.code === undefined
        ? problem(501, "no-response", node, `${op.method} ${op.path} declares no response`)
        : problem(
            400,
            "unknown-code",
            node,
            `${op.method} ${op.path} declares no response ${pref.code}; it declares ${declared}`,
          );
    }
    const status = statusOf(spec.status, pref.code);
    const types = [...spec.content.keys()];
    const type = types.length === 0 ? null : negotiate(types, accept);
    if (types.length > 0 && type === null)
      return problem(
        406,
        "not-acceptable",
        node,
        `no declared media type meets Accept '${accept ?? ""}'; available: ${types.join(", ")}`,
      );
    const media = type === null ? null : (spec.content.get(type) as MediaSpec);
    if (pref.example !== undefined && (media === null || !media.examples.has(pref.example))) {
      const names = media === null ? [] : [...media.examples.keys()];
      return problem(
        400,
        "unknown-example",
        node,
        `response ${spec.status} has no example '${pref.example}'; it has ${names.join(", ") || "none"}`,
      );
    }
    const dynamic = pref.dynamic === true;
    const key = `${op.method} ${op.path}|${spec.status}|${status}|${type ?? ""}|${pref.example ?? ""}`;
    if (!dynamic) {
      const cached = this.#cache.get(key);
      if (cached !== undefined) return { ok: true, answer: cached };
    }
    const answer = this.#build(
      spec,
      status,
      type,
      media,
      pref.example,
      dynamic ? "dynamic" : "static",
    );
    if (!dynamic) this.#cache.set(key, answer);
    return { ok: true, answer };
  }

  #build(
    spec: ResponseSpec,
    status: number,
    type: string | null,
    media: MediaSpec | null,
    example: string | undefined,
    mode: GenerateMode,
  ): Answer {
    const headers: Record<string, string | number> = {};
    for (const [name, h] of spec.headers) {
      if (name === "content-type" || name === "content-length") continue;
      const value =
        h.example ?? (h.schema === null ? undefined : this.#generate(h.schema.value, "static"));
      if (value !== undefined)
        headers[name] = Array.isArray(value) ? value.map(text).join(",") : text(value);
    }
    let body: Buffer | null = null;
    if (media !== null && type !== null && status !== 204 && status !== 304) {
      let value: unknown;
      if (example !== undefined) value = media.examples.get(example);
      else if (mode === "static" && media.examples.size > 0)
        value = media.examples.values().next().value;
      else if (media.schema !== null) value = this.#generated(media.schema, mode);
      body = value === undefined ? Buffer.alloc(0) : serialize(value, type);
      headers["content-type"] = type;
    }
    headers["content-length"] = body?.length ?? 0;
    return { status, headers, body };
  }

  /**
   * A body generated from `at`, checked against it: a schema no value satisfies (minimum
   * above maximum, contradicting allOf members) is reported by its place, not served.
   */
  #generated(at: SchemaAt, mode: GenerateMode): unknown {
    const value = this.#generate(at.value, mode);
    const violations = this.validators.compile(at)(value);
    if (violations === null) return value;
    const where = this.doc.deref(at.value, at.file, at.pointer); // the definition, past its $refs
    throw new Error(
      `the schema at ${relative(process.cwd(), where.file)}${where.pointer} cannot be satisfied (${violations
        .map((v) => `${v.path || "/"} ${v.message}`)
        .join("; ")})`,
    );
  }

  #generate(schema: unknown, mode: GenerateMode): unknown {
    const doc = this.doc;
    return generate(schema, {
      mode,
      random: this.random,
      direction: "response",
      // `from` is the object holding the $ref: its file is the base of a relative reference.
      resolveRef: (ref: string, from: object) => doc.resolve(ref, from).value as object,
    });
  }
}

/** Writes a built answer. */
export function send(res: H1Response, a: Answer): void {
  res.writeHead(a.status, a.headers);
  res.end(a.body ?? undefined);
}

function problem(
  status: number,
  kind: Parameters<typeof sendMockProblem>[2],
  node: string,
  detail: string,
): Chosen {
  return { ok: false, send: (res) => sendMockProblem(res, status, kind, node, detail) };
}

/**
 * The response a preference names (exact code, then its `4XX` range, then `default`), or
 * without one the lowest declared 2xx (exact, then `2XX`), then `default`, then the lowest.
 */
function pickResponse(
  responses: readonly ResponseSpec[],
  code: string | undefined,
): ResponseSpec | null {
  const find = (status: string) => responses.find((r) => r.status === status) ?? null;
  if (code !== undefined)
    return find(code) ?? find(`${code[0] ?? ""}XX`) ?? find("DEFAULT") ?? null;
  const exact = responses
    .filter((r) => /^\d{3}$/.test(r.status))
    .sort((a, b) => Number(a.status) - Number(b.status));
  return (
    exact.find((r) => r.status.startsWith("2")) ??
    find("2XX") ??
    find("DEFAULT") ??
    exact[0] ??
    null
  );
}

function statusOf(declared: string, code: string | undefined): number {
  if (/^\d{3}$/.test(declared)) return Number(declared);
  if (code !== undefined && /^\d{3}$/.test(code)) return Number(code);
  return declared === "DEFAULT" ? 200 : Number(`${declared[0] ?? "2"}00`);
}

function serialize(value: unknown, type: string): Buffer {
  if (typeof value === "string" && !isJson(type)) return Buffer.from(value);
  return Buffer.from(JSON.stringify(value));
}
