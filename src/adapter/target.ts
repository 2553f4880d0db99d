import type { IncomingMessage, ServerResponse } from "node:http";

/** An in-process backend (a mock): gets the request and answers it itself. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Where a target's traffic goes: a network address, or (HTTP) an in-process handler. */
export type TargetSpec =
  | { readonly kind: "network"; readonly id: string; readonly host: string; readonly port: number }
  | { readonly kind: "handler"; readonly id: string; readonly handler: HttpHandler };
