import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { isBatonError } from "../common/index.js";
import { inspectContract } from "../contract/index.js";
import type { CheckContext } from "./check-context.js";
import type { CircuitConfig } from "./schema.js";

/** Every contract exists and parses; TLS files exist when TLS is on. */
export function checkFiles(ctx: CheckContext, config: CircuitConfig): void {
  config.nodes.forEach((node, i) => {
    for (const field of ["contract", "openapi_spec"] as const) {
      const spec = node[field];
      if (spec === "") continue;
      const file = resolve(ctx.projectDir, spec);
      try {
        const { digest } = inspectContract(file);
        if (field === "contract") ctx.contractDigests.set(node.name, digest);
      } catch (error) {
        if (!isBatonError(error)) throw error;
        const where =
          error.location?.line === undefined
            ? ""
            : ` (${relativeTo(ctx.projectDir, error.location.file)}:${error.location.line}:${error.location.column ?? 1})`;
        const message =
          error.code === "E_CONTRACT_NOT_FOUND" && error.location === undefined
            ? `contract ${spec} does not exist`
            : `contract ${spec}: ${error.message}${where}`;
        const code =
          error.code === "E_CONTRACT_NOT_FOUND" || error.code === "E_CONTRACT_PARSE"
            ? error.code
            : "E_CONTRACT_INVALID";
        ctx.error(code, ["nodes", i, field], message, error.hint ?? "fix the contract file");
      }
    }
  });
  const tls = config.security?.tls;
  if (tls && tls.mode !== "off") {
    for (const field of ["cert", "key"] as const) {
      const path = ["security", "tls", field];
      if (tls[field] === "") {
        ctx.error(
          "E_CONFIG_INVALID",
          path,
          `tls mode '${tls.mode}' needs a ${field} file`,
          `set security.tls.${field} to a PEM file, or mode: off`,
        );
      } else if (!existsSync(resolve(ctx.projectDir, tls[field]))) {
        ctx.error(
          "E_CONFIG_INVALID",
          path,
          `${field} file ${tls[field]} does not exist`,
          "fix the path (relative to baton.yaml's folder)",
        );
      }
    }
  }
}

function relativeTo(dir: string, file: string): string {
  const rel = relative(dir, file);
  return rel === "" || isAbsolute(rel) ? file : rel;
}
