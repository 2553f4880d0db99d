import { builtinType, type XsdIndex } from "./xsd-index.js";
import { attr, childrenNamed, localPart, type XmlElement } from "./xml-scan.js";
import type { WsdlOperation, WsdlOutput } from "./wsdl-types.js";

/** An NCName (no colon): what WSDL names must be to be echoed as element names. */
export const NCNAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

/** What reading one binding operation needs from the rest of the WSDL. */
export interface BindingContext {
  readonly tns: string;
  readonly bindingName: string;
  /** The `soap:binding` style, the default of its operations. */
  readonly bindingStyle: string;
  readonly portType: XmlElement;
  readonly messages: ReadonlyMap<string, XmlElement>;
  readonly xsd: XsdIndex;
  /** Appended to "not declared" problems when the WSDL imports others. */
  readonly importNote: string;
  readonly invalid: (problem: string, at: XmlElement) => never;
}

/**
 * One `binding/operation` joined with its portType operation and messages: how a request names
 * it (soapAction, first Body element) and what its response holds.
 */
export function readOperation(op: XmlElement, ctx: BindingContext): WsdlOperation {
  const { invalid, importNote } = ctx;
  const name = attr(op, "name") ?? "";
  if (!NCNAME.test(name))
    invalid(`binding '${ctx.bindingName}' has an operation named '${name}', not an XML name`, op);
  const abstract = childrenNamed(ctx.portType, "operation").find((o) => attr(o, "name") === name);
  if (abstract === undefined)
    return invalid(`operation '${name}' is not in the portType of '${ctx.bindingName}'`, op);
  const soapOp = childrenNamed(op, "operation")[0];
  const style = (soapOp === undefined ? undefined : attr(soapOp, "style")) ?? ctx.bindingStyle;
  if (style !== "rpc" && style !== "document")
    return invalid(`operation '${name}' has style '${style}'; expected rpc or document`, op);

  const parts = (dir: "input" | "output"): XmlElement[] | null => {
    const ref = childrenNamed(abstract, dir)[0];
    if (ref === undefined) return null;
    const msgName = localPart(attr(ref, "message") ?? "");
    const msg = ctx.messages.get(msgName);
    if (msg === undefined)
      return invalid(
        `operation '${name}' names message '${msgName}', which is not declared${importNote}`,
        ref,
      );
    const list = childrenNamed(msg, "part");
    for (const part of list)
      if (!NCNAME.test(attr(part, "name") ?? ""))
        invalid(`message '${msgName}' has a part without a valid name`, part);
    return list;
  };
  const firstElement = (list: XmlElement[] | null): string | null => {
    const first = list?.[0];
    const element = first === undefined ? undefined : attr(first, "element");
    if (element === undefined) return null;
    if (!NCNAME.test(localPart(element)))
      invalid(
        `operation '${name}' names element '${element}', not an XML name`,
        first as XmlElement,
      );
    return localPart(element);
  };
  const inParts = parts("input");
  const outParts = parts("output");
  let output: WsdlOutput | null = null;
  const element = style === "document" ? firstElement(outParts) : null;
  if (element !== null) {
    const declared = ctx.xsd.element(element);
    output = {
      element,
      namespace: declared?.namespace || ctx.tns,
      children: declared?.children.filter((c) => NCNAME.test(c.name)) ?? [],
      qualified: declared?.qualified ?? false,
    };
  } else if (outParts !== null) {
    // rpc (or document with typed parts): a wrapper named for the operation, a child per part.
    const body = childrenNamed(childrenNamed(op, "output")[0] ?? op, "body")[0];
    output = {
      element: `${name}Response`,
      namespace: (body === undefined ? undefined : attr(body, "namespace")) || ctx.tns,
      children: outParts.map((p) => ({ name: attr(p, "name") as string, type: builtinType(p) })),
      qualified: false,
    };
  }
  const soapAction = soapOp === undefined ? undefined : attr(soapOp, "soapAction");
  return {
    name,
    soapAction: soapAction === undefined || soapAction === "" ? null : soapAction,
    style,
    inputElement: style === "rpc" ? name : firstElement(inParts),
    output,
  };
}
