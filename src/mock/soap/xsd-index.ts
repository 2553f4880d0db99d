import { attr, childrenNamed, localPart, namespaceOf, type XmlElement } from "./xml-scan.js";

const XSD_NS = "http://www.w3.org/2001/XMLSchema";
/** Schema elements whose content is walked for child elements (not into nested elements). */
const CONTAINERS = new Set([
  "sequence",
  "all",
  "choice",
  "complexContent",
  "extension",
  "restriction",
]);
/** How many `extension base=` hops are followed (a guard against cycles). */
const MAX_BASE_HOPS = 8;

/** A child element of a response: its name and XSD built-in type (null: complex or unknown). */
export interface XsdChild {
  readonly name: string;
  readonly type: string | null;
}

/** A global element of a schema in the WSDL's `types`. */
export interface XsdElement {
  readonly namespace: string;
  /** Its children are namespace-qualified (`elementFormDefault="qualified"`). */
  readonly qualified: boolean;
  readonly children: readonly XsdChild[];
}

/**
 * Global elements and complex types of the inline schemas, by local name (namespaces ignored:
 * two schemas declaring the same name collide, first wins). `xsd:import`/`include` are not
 * followed; an element found nowhere is answered empty.
 */
export class XsdIndex {
  readonly #elements = new Map<string, XmlElement>();
  readonly #types = new Map<string, XmlElement>();

  constructor(types: XmlElement | undefined) {
    for (const schema of types === undefined ? [] : childrenNamed(types, "schema"))
      for (const item of schema.children) {
        const name = attr(item, "name");
        if (name === undefined) continue;
        const map =
          item.local === "element"
            ? this.#elements
            : item.local === "complexType"
              ? this.#types
              : null;
        if (map !== null && !map.has(name)) map.set(name, item);
      }
  }

  /** The global element `local`, or null when no inline schema declares it. */
  element(local: string): XsdElement | null {
    const el = this.#elements.get(local);
    if (el === undefined) return null;
    const schema = el.parent as XmlElement;
    const type = attr(el, "type");
    const complex =
      type !== undefined ? this.#types.get(localPart(type)) : childrenNamed(el, "complexType")[0];
    return {
      namespace: attr(schema, "targetNamespace") ?? "",
      qualified: attr(schema, "elementFormDefault") === "qualified",
      children: complex === undefined ? [] : this.#particles(complex),
    };
  }

  /** The elements a complex type holds, in order, through sequence/all/choice and extension. */
  #particles(complexType: XmlElement): XsdChild[] {
    const out: XsdChild[] = [];
    let hops = 0;
    const walk = (container: XmlElement): void => {
      for (const c of container.children) {
        if (c.local === "element") {
          const name = attr(c, "name") ?? localPart(attr(c, "ref") ?? "");
          if (name !== "") out.push({ name, type: builtinType(c) });
        } else if (CONTAINERS.has(c.local)) {
          const base = c.local === "extension" ? attr(c, "base") : undefined;
          const baseType = base === undefined ? undefined : this.#types.get(localPart(base));
          if (baseType !== undefined && hops++ < MAX_BASE_HOPS) walk(baseType);
          walk(c);
        }
      }
    };
    walk(complexType);
    return out;
  }
}

/** The XSD built-in type of an element or part (`type="xsd:int"` → "int"), else null. */
export function builtinType(el: XmlElement): string | null {
  const type = attr(el, "type");
  if (type === undefined) return null;
  const colon = type.indexOf(":");
  const prefix = colon < 0 ? "" : type.slice(0, colon);
  const ns = namespaceOf(el, prefix);
  // An undeclared prefix is read by its conventional name.
  const isXsd = ns === null ? prefix === "xsd" || prefix === "xs" : ns === XSD_NS;
  return isXsd ? localPart(type) : null;
}
