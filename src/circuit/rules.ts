import { isIP } from "node:net";
import { z } from "zod";

/** DNS-1035 label: what Kubernetes, DNS and image names all accept as a service name. */
export const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Health probe paths: absolute, URL-safe characters only (no query, no spaces). */
export const HEALTH_PATH = /^\/[A-Za-z0-9/_.\-~%]*$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A finding of a refinement: the message and how to fix it. */
export interface RuleFinding {
  readonly message: string;
  readonly hint: string;
}

/** Turns a check into a zod refinement that reports `{message, params: {hint}}`. */
export function rule<T>(check: (value: T) => RuleFinding | undefined) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const finding = check(value);
    if (finding)
      ctx.addIssue({ code: "custom", message: finding.message, params: { hint: finding.hint } });
  };
}

/** Lowercases and replaces what a DNS label cannot hold, to suggest a valid name. */
export function toDnsLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label;
}

/** Why `name` is not a valid node name, or undefined when it is. */
export function checkNodeName(name: string): RuleFinding | undefined {
  if (DNS_LABEL.test(name)) return undefined;
  const fixed = toDnsLabel(name);
  const hint =
    fixed !== "" && fixed !== name
      ? `use '${fixed}': lowercase letters, digits and '-', starting with a letter, at most 63 characters`
      : "use lowercase letters, digits and '-', starting with a letter and not ending with '-', at most 63 characters";
  return { message: `'${name}' is not a lowercase DNS label`, hint };
}

/** Why `port` is not a TCP port, or undefined. */
export function checkPort(port: number): RuleFinding | undefined {
  if (port >= 1 && port <= 65535) return undefined;
  return { message: `${port} is not a port (1-65535)`, hint: "choose a port from 1 to 65535" };
}

/** A node name (DNS label). */
export const nodeName = z.string().superRefine(rule(checkNodeName));

/** A TCP port, 1-65535. */
export const port = z.int().superRefine(rule(checkPort));

/** An IP literal or `localhost`: where an adapter binds. */
export const bindHost = z.string().superRefine(
  rule((host: string) =>
    host === "localhost" || isIP(host) !== 0
      ? undefined
      : {
          message: `'${host}' is not an IP address`,
          hint: "use an address such as 127.0.0.1 or ::1 (hostnames are not resolved)",
        },
  ),
);

/** A string that must not carry control characters (it may reach headers or logs). */
export const plainText = z.string().superRefine(
  rule((value: string) =>
    CONTROL_CHARS.test(value)
      ? {
          message: "contains control characters",
          hint: "remove line breaks, tabs and NUL bytes from the value",
        }
      : undefined,
  ),
);

/** An absolute URL path for health probes. */
export const healthPath = z.string().superRefine(
  rule((path: string) =>
    HEALTH_PATH.test(path)
      ? undefined
      : {
          message: `'${path}' is not a health path`,
          hint: "use an absolute path such as /health (letters, digits, / _ . - ~ %)",
        },
  ),
);

/** A non-empty string. */
export const nonEmpty = z.string().min(1);

/** A whole number ≥ `min`. */
export function intAtLeast(min: number) {
  return z.int().min(min);
}
