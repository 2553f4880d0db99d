import type { H1Request, H1Response, HttpHandler } from "../../adapter/index.js";
import { seededRandom } from "../../common/index.js";
import {
  ContractDocument,
  listOperations,
  SchemaValidators,
  type Operation,
} from "../../contract/index.js";
import { CrudStore, isRecord, type Resource } from "./crud-store.js";
import { matchRule, type ExampleRule } from "./example-rules.js";
import { sendMockProblem } from "./mock-problem.js";
import { PathMatcher } from "./path-matcher.js";
import { readPreference } from "./prefer.js";
import { checkRequest } from "./request-check.js";
import { ResponseBuilder, send, type Answer } from "./responses.js";

/** The query of a URL without one (shared: nothing writes to it). */
const NO_QUERY = new URLSearchParams();

/** Settings of an HTTP mock. */
export interface HttpMockOptions {
  /** The node it stands in for (in problem documents). */
  readonly node: string;
  /** Seed of generated values: the same seed, the same answers. Default 1. */
  readonly seed?: number;
  /** Check requests against the contract (400/415/422 with every violation). Default true. */
  readonly validateRequests?: boolean;
  /** Largest request body read, bytes (413 beyond). Default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** Keep created items: POST creates, GET reads and lists, PUT/PATCH update, DELETE removes. */
  readonly stateful?: boolean;
  /** Examples (or statuses) chosen by request content; an explicit `Prefer` wins over them. */
  readonly exampleRules?: readonly ExampleRule[];
}

/**
 * A mock of one HTTP node generated from its contract, behaving as Stoplight Prism does: path
 * templates and methods matched (404, 405 with Allow), requests validated, the lowest declared
 * 2xx answered (201 and 204 honoured) in the media type the client accepts, the body taken from
 * the named example, the first example, or generated from the schema; `Prefer: code=…,
 * example=…, dynamic=true` and `__code`/`__example`/`__dynamic` choose otherwise. Served as an
 * adapter's in-process backend (`handler`).
 */
export class HttpMock {
  readonly handler: HttpHandler;
  readonly #matcher: PathMatcher;
  readonly #validators: SchemaValidators;
  readonly #responses: ResponseBuilder;
  readonly #validate: boolean;
  readonly #maxBody: number;
  readonly #store: CrudStore | null;

  readonly operations: readonly Operation[];

  constructor(
    readonly doc: ContractDocument,
    readonly options: HttpMockOptions,
  ) {
    this.operations = listOperations(doc);
    this.#matcher = new PathMatcher(this.operations);
    this.#validators = new SchemaValidators(doc);
    this.#responses = new ResponseBuilder(
      doc,
      options.node,
      seededRandom(options.seed ?? 1),
      this.#validators,
    );
    this.#validate = options.validateRequests !== false;
    this.#maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.#store = options.stateful === true ? new CrudStore(this.operations) : null;
    this.handler = (req, res) => this.#handle(req, res);
  }

  /** A mock of the contract in `file` (throws BatonError naming file and pointer). */
  static fromFile(file: string, options: HttpMockOptions): HttpMock {
    return new HttpMock(ContractDocument.load(file), options);
  }

  #handle(req: H1Request, res: H1Response): void {
    const url = req.url;
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? NO_QUERY : new URLSearchParams(url.slice(q + 1));
    const node = this.options.node;
    const match = this.#matcher.match(req.method, path);
    if (match.kind === "no-path")
      return this.#after(req, () =>
        sendMockProblem(
          res,
          404,
          "not-found",
          node,
          `no operation of node '${node}' matches ${path}`,
        ),
      );
    if (match.kind === "no-method")
      return this.#after(req, () =>
        sendMockProblem(
          res,
          405,
          "method-not-allowed",
          node,
          `${req.method} is not declared for ${path}`,
          {
            allow: match.allow,
          },
        ),
      );
    const op = match.op;
    const answer = (body: Buffer | null) => {
      try {
        this.#answer(req, res, op, match.params, query, body);
      } catch (error) {
        // A schema that cannot be satisfied (or any other fault) costs this request only.
        if (res.headersSent) res.destroy();
        else
          sendMockProblem(
            res,
            500,
            "no-response",
            node,
            `the mock cannot answer ${op.method} ${op.path}: ${(error as Error).message}`,
          );
      }
    };
    if (req.body === null) return answer(null);
    this.#readBody(req, res, answer);
  }

  #answer(
    req: H1Request,
    res: H1Response,
    op: Operation,
    params: Readonly<Record<string, string>>,
    query: URLSearchParams,
    body: Buffer | null,
  ): void {
    const node = this.options.node;
    let pref = readPreference(req.header("prefer"), query);
    let parsed: unknown;
    if (this.#validate) {
      const checked = checkRequest(this.doc, this.#validators, op, {
        pathParams: params,
        query,
        header: (name) => req.header(name),
        contentType: req.header("content-type"),
        body,
      });
      const violations = [...checked.params, ...checked.body];
      if (violations.length > 0) {
        const status =
          checked.bodyStatus === 415
            ? 415
            : checked.params.length > 0
              ? 400
              : (checked.bodyStatus ?? 422);
        return sendMockProblem(
          res,
          status,
          status === 415 ? "unsupported-media-type" : "invalid-request",
          node,
          `${violations.length} violation(s) of the contract of ${op.method} ${op.path}`,
          { validation: violations },
        );
      }
      parsed = checked.parsedBody;
    } else parsed = lenientJson(body);
    const rules = this.options.exampleRules;
    const rule =
      rules === undefined
        ? null
        : matchRule(rules, op, {
            pathParams: params,
            query,
            header: (n) => req.header(n),
            body: parsed,
          });
    if (rule !== null)
      pref = {
        ...pref,
        code: pref.code ?? (rule.status === undefined ? undefined : String(rule.status)),
        example: pref.example ?? rule.example,
      };
    const accept = req.header("accept");
    const chosen = this.#responses.choose(op, pref, accept);
    if (!chosen.ok) return chosen.send(res);
    const resource = pref.code === undefined ? (this.#store?.resourceOf(op.path) ?? null) : null;
    if (resource !== null)
      return this.#stateful(
        res,
        op,
        resource,
        params[resource.param],
        parsed,
        chosen.answer,
        accept,
      );
    send(res, chosen.answer);
  }

  /** Serves a request on a stateful resource: the store decides, the contract shapes the answer. */
  #stateful(
    res: H1Response,
    op: Operation,
    resource: Resource,
    id: string | undefined,
    body: unknown,
    staticAnswer: Answer,
    accept: string | undefined,
  ): void {
    const template = lenientJson(staticAnswer.body);
    const onItem = op.path === resource.item;
    const outcome = (this.#store as CrudStore).apply(
      resource,
      op.method,
      onItem,
      id,
      body,
      onItem || op.method === "POST" ? (isRecord(template) ? template : {}) : {},
    );
    if (outcome === null || outcome.kind === "deleted") return send(res, staticAnswer);
    if (outcome.kind === "missing") {
      const declared = this.#responses.choose(
        op,
        { code: "404", example: undefined, dynamic: undefined },
        accept,
      );
      if (declared.ok) return send(res, declared.answer);
      return sendMockProblem(
        res,
        404,
        "not-found",
        this.options.node,
        `no item '${outcome.id}' in ${resource.collection}`,
      );
    }
    const value = outcome.kind === "item" ? outcome.item : withList(template, outcome.items);
    const json = Buffer.from(JSON.stringify(value));
    send(res, {
      status: staticAnswer.status,
      headers: {
        ...staticAnswer.headers,
        "content-type": "application/json",
        "content-length": json.length,
      },
      body: json,
    });
  }

  /** Answers once the request body (if any) has been read, so the connection stays usable. */
  #after(req: H1Request, send: () => void): void {
    if (req.body === null) return send();
    req.body.resume().once("end", send);
  }

  #readBody(req: H1Request, res: H1Response, then: (body: Buffer) => void): void {
    const body = req.body as NonNullable<H1Request["body"]>;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.#maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    body.once("end", () => {
      if (tooLarge)
        sendMockProblem(
          res,
          413,
          "payload-too-large",
          this.options.node,
          `the body exceeds ${this.#maxBody} bytes`,
        );
      else then(Buffer.concat(chunks, size));
    });
  }
}

/** The body as JSON, or undefined when it is none. */
function lenientJson(body: Buffer | null): unknown {
  if (body === null || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** A list response shaped like the contract's: the array itself, or a page object's first array. */
function withList(template: unknown, items: readonly unknown[]): unknown {
  if (!isRecord(template)) return items;
  const key = Object.keys(template).find((k) => Array.isArray(template[k]));
  return key === undefined ? items : { ...template, [key]: items };
}
