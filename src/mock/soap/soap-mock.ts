import {
  soapAction,
  type H1Request,
  type H1Response,
  type HttpHandler,
} from "../../adapter/index.js";
import { envelope, faultElement, responseElement, SOAP_CONTENT_TYPE } from "./soap-envelope.js";
import {
  faultRequest,
  firstBodyElement,
  requestVersion,
  type BodyElement,
} from "./soap-request.js";
import { readWsdlFile } from "./wsdl-file.js";
import { NCNAME } from "./wsdl-operation.js";
import { parseWsdl } from "./wsdl-reader.js";
import type { SoapVersion, WsdlOperation, WsdlOutput, WsdlService } from "./wsdl-types.js";

/** Settings of a SOAP mock. */
export interface SoapMockOptions {
  /** The node it stands in for (in Fault reasons). */
  readonly node: string;
}

/** Largest request body read, bytes (beyond it: a Client Fault, 413); as the HTTP mock. */
export const MAX_SOAP_REQUEST_BYTES = 10 * 1024 * 1024;
/** Header that makes the mock answer a Fault: `Client`, `Server` or the Fault's text. */
export const FAULT_HEADER = "x-baton-mock-fault";
/** Namespace of a generic mock's responses when the request's element has none. */
const GENERIC_NS = "urn:baton:mock";

/**
 * A mock of one SOAP node, served as an adapter's in-process backend (`handler`). With a WSDL
 * it answers each operation (found by SOAPAction, the SOAP 1.2 `action` parameter, or the first
 * Body element) with a well-formed response of sample values; without one (`generic`) it
 * answers any operation with an empty `<{Operation}Response/>`. It answers in the SOAP version
 * of the request, a Fault when asked (`x-baton-mock-fault` or `?__fault=`), a Client/Sender
 * Fault for an unknown operation, 405 for anything but POST (GET `?wsdl` returns the WSDL).
 */
export class SoapMock {
  readonly handler: HttpHandler;
  /** Names of the operations answered ([] for a generic mock: it answers any). */
  readonly operations: readonly string[];
  readonly #byAction = new Map<string, WsdlOperation>();
  readonly #byElement = new Map<string, WsdlOperation>();
  /** Success answers, built once per operation and version. */
  readonly #answers = new Map<string, Buffer>();
  readonly #wsdlBytes: Buffer | null;

  private constructor(
    readonly options: SoapMockOptions,
    /** The WSDL read, or null for a generic mock. */
    readonly wsdl: WsdlService | null,
    wsdlText: string | null,
  ) {
    this.operations = wsdl === null ? [] : wsdl.operations.map((o) => o.name);
    for (const op of wsdl?.operations ?? []) {
      if (op.soapAction !== null && !this.#byAction.has(op.soapAction))
        this.#byAction.set(op.soapAction, op);
      if (op.inputElement !== null && !this.#byElement.has(op.inputElement))
        this.#byElement.set(op.inputElement, op);
    }
    this.#wsdlBytes = wsdlText === null ? null : Buffer.from(wsdlText, "utf8");
    this.handler = (req, res) => this.#handle(req, res);
  }

  /** A mock of the WSDL 1.1 `file`; throws BatonError naming the file when it cannot be used. */
  static fromWsdl(file: string, options: SoapMockOptions): SoapMock {
    const text = readWsdlFile(file);
    return new SoapMock(options, parseWsdl(text, file), text);
  }

  /** A mock without a contract: any operation gets an empty `<{Operation}Response/>`. */
  static generic(options: SoapMockOptions): SoapMock {
    return new SoapMock(options, null, null);
  }

  #handle(req: H1Request, res: H1Response): void {
    const q = req.url.indexOf("?");
    const query = new URLSearchParams(q < 0 ? "" : req.url.slice(q + 1));
    if (req.method !== "POST") {
      const wsdl = this.#wsdlBytes;
      const asksWsdl = [...query.keys()].some((k) => k.toLowerCase() === "wsdl");
      if (wsdl !== null && asksWsdl && (req.method === "GET" || req.method === "HEAD"))
        return send(res, 200, "text/xml; charset=utf-8", wsdl);
      const text = `node '${this.options.node}' is a SOAP endpoint: it takes POST\n`;
      return afterBody(req, () =>
        send(res, 405, "text/plain; charset=utf-8", Buffer.from(text), { allow: "POST" }),
      );
    }
    readBody(req, res, (body) => this.#answer(req, res, query, body));
  }

  /** Answers a whole request body (null: it passed MAX_SOAP_REQUEST_BYTES). */
  #answer(req: H1Request, res: H1Response, query: URLSearchParams, body: string | null): void {
    const node = this.options.node;
    const version = requestVersion(
      req.header("content-type"),
      body ?? "",
      this.wsdl?.soapVersion ?? "1.1",
    );
    const fault = (status: number, kind: "client" | "server", reason: string) =>
      send(
        res,
        status,
        SOAP_CONTENT_TYPE[version],
        envelope(version, faultElement(version, kind, reason)),
      );
    if (body === null)
      return fault(
        413,
        "client",
        `node '${node}': the request exceeds ${MAX_SOAP_REQUEST_BYTES} bytes`,
      );
    const asked =
      faultRequest(req.header(FAULT_HEADER), `the ${FAULT_HEADER} header`) ??
      faultRequest(query.get("__fault"), "the __fault query parameter");
    if (asked !== null) return fault(500, asked.kind, `node '${node}': ${asked.reason}`);

    const action = soapAction(req.rawHeaders);
    const byAction = action === null ? undefined : this.#byAction.get(action);
    if (byAction !== undefined) return this.#respond(res, byAction, version);
    const element = firstBodyElement(body);
    const byElement = element.ok ? this.#byElement.get(element.local) : undefined;
    if (byElement !== undefined) return this.#respond(res, byElement, version);
    // Generic: the operation is the action's last segment, else the Body's first element.
    const name =
      this.wsdl === null && action !== null
        ? action.slice(Math.max(...["#", "/", ":"].map((c) => action.lastIndexOf(c))) + 1)
        : "";
    const local = element.ok ? element.local : null;
    const named = this.wsdl === null ? name || local || action : (action ?? local);
    if (named === null)
      return fault(
        500,
        "client",
        `node '${node}' cannot tell the operation: ${problemOf(element)}`,
      );
    if (this.wsdl !== null)
      return fault(
        500,
        "client",
        `node '${node}' has no operation '${named}'; it has ${this.operations.join(", ")}`,
      );
    if (!NCNAME.test(named))
      return fault(500, "client", `node '${node}' cannot name a response after '${named}'`);
    const output: WsdlOutput = {
      element: `${named}Response`,
      namespace: (element.ok ? element.namespace : null) || GENERIC_NS,
      children: [],
      qualified: false,
    };
    send(res, 200, SOAP_CONTENT_TYPE[version], envelope(version, responseElement(output)));
  }

  #respond(res: H1Response, op: WsdlOperation, version: SoapVersion): void {
    if (op.output === null) return send(res, 202, null, null); // one-way: accepted, no envelope
    const key = `${op.name}|${version}`;
    let bytes = this.#answers.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(envelope(version, responseElement(op.output)), "utf8");
      this.#answers.set(key, bytes);
    }
    send(res, 200, SOAP_CONTENT_TYPE[version], bytes);
  }
}

function problemOf(element: BodyElement): string {
  return element.ok ? "" : element.problem;
}

function send(
  res: H1Response,
  status: number,
  type: string | null,
  body: Buffer | string | null,
  extra: Readonly<Record<string, string>> = {},
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const headers: Record<string, string | number> = {
    ...extra,
    "content-length": bytes?.length ?? 0,
  };
  if (type !== null) headers["content-type"] = type;
  res.writeHead(status, headers);
  res.end(bytes ?? undefined);
}

/** Calls `then` once the request body (if any) is read to its end, so the connection stays usable. */
function afterBody(req: H1Request, then: () => void): void {
  if (req.body === null) return then();
  req.body
    .once("error", () => undefined)
    .resume()
    .once("end", then);
}

/** The body as UTF-8 text, or null when it passed MAX_SOAP_REQUEST_BYTES (the rest is drained). */
function readBody(req: H1Request, res: H1Response, then: (body: string | null) => void): void {
  const body = req.body;
  if (body === null) return then("");
  const chunks: Buffer[] = [];
  let size = 0;
  body.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_SOAP_REQUEST_BYTES) chunks.push(chunk);
  });
  body.once("error", () => res.destroy()); // the client went away mid-body
  body.once("end", () =>
    then(size > MAX_SOAP_REQUEST_BYTES ? null : Buffer.concat(chunks, size).toString("utf8")),
  );
}
