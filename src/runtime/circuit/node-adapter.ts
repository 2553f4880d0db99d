import {
  GrpcAdapter,
  HttpAdapter,
  StreamAdapter,
  type AdapterStatsSnapshot,
  type ApplyResult,
  type RoutingSnapshot,
} from "../../adapter/index.js";
import type { Clock, Random } from "../../common/index.js";

/** What the runtime needs of any node's adapter, whatever its protocol. */
export interface NodeAdapter {
  listen(): Promise<number>;
  apply(snapshot: RoutingSnapshot, options?: { unlock?: boolean }): ApplyResult;
  close(timeoutMs?: number): Promise<void>;
  stats(): AdapterStatsSnapshot;
}

/** The protocols a node's adapter speaks (`proxy_mode`). */
export type NodeProtocol = "http" | "tcp" | "grpc" | "protobuf" | "soap";

/** The adapter of a node: HTTP (SOAP-aware for soap), gRPC, or a stream adapter. */
export function createNodeAdapter(
  node: { readonly name: string; readonly proxy_mode: NodeProtocol; readonly host: string },
  port: number,
  deps: { readonly clock: Clock; readonly random: Random },
): NodeAdapter {
  const common = { node: node.name, host: node.host, port, clock: deps.clock, random: deps.random };
  switch (node.proxy_mode) {
    case "http":
    case "soap":
      return new HttpAdapter({ ...common, soap: node.proxy_mode === "soap" });
    case "grpc":
      return new GrpcAdapter(common);
    case "tcp":
    case "protobuf":
      return new StreamAdapter({ ...common, protocol: node.proxy_mode });
  }
}
