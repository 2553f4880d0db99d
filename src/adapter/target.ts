import type { H1Request } from "./http/h1/h1-connection.js";
import type { H1Response } from "./http/h1/h1-response.js";

/** An in-process backend (a mock): gets the request and answers it itself. */
export type HttpHandler = (req: H1Request, res: H1Response) => void;

/** Where a target's traffic goes: a network address, or (HTTP) an in-process handler. */
export type TargetSpec =
  | { readonly kind: "network"; readonly id: string; readonly host: string; readonly port: number }
  | { readonly kind: "handler"; readonly id: string; readonly handler: HttpHandler };
