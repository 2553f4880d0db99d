// A tolerant tag scanner, not an XML parser: enough to read the structure of a WSDL or find the
// first element of a SOAP Body. It keeps elements (names, attributes, nesting) and drops text.
// Limits: no DTD (a DOCTYPE is refused, so no entity expansion), only the five predefined and
// numeric character references are decoded (in attribute values), text content is not kept,
// names are checked only loosely (see NAME), and namespace prefixes are kept as written (see
// namespaceOf). Balanced nesting, well-formed tags and terminated markup are what it checks.
// It never recurses, so depth cannot overflow the stack.

/** One element: its name as written and as split, attributes as written, children in order. */
export interface XmlElement {
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  readonly parent: XmlElement | null;
  /** Offset of its `<` in the text (for line numbers in errors). */
  readonly offset: number;
}

/** The text is not balanced markup; `offset` is where the scanner gave up. */
export class XmlScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// Names: a letter or `_`, then letters, digits, `_ . - :` (Unicode letters and digits).
const NAME = /[\p{L}_][\p{L}\p{N}_.:-]*/uy;
const ATTR = /\s+([\p{L}_][\p{L}\p{N}_.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/uy;
const TAG_END = /\s*(\/?)>/y;
const CLOSE = /<\/([\p{L}_][\p{L}\p{N}_.:-]*)\s*>/uy;

/** The root element of `text`; throws XmlScanError when the markup does not balance. */
export function scanXml(text: string): XmlElement {
  let root: XmlElement | null = null;
  let open: XmlElement | null = null;
  let at = text.indexOf("<");
  while (at >= 0) {
    if (text.startsWith("<!--", at)) at = skipPast(text, at, "-->", "comment");
    else if (text.startsWith("<![CDATA[", at)) at = skipPast(text, at, "]]>", "CDATA section");
    else if (text.startsWith("<?", at)) at = skipPast(text, at, "?>", "processing instruction");
    else if (text.startsWith("<!", at))
      throw new XmlScanError("a DOCTYPE or other declaration is not supported", at);
    else if (text.startsWith("</", at)) {
      CLOSE.lastIndex = at;
      const close = CLOSE.exec(text);
      if (close === null) throw new XmlScanError("malformed end tag", at);
      if (open === null || open.name !== close[1])
        throw new XmlScanError(
          open === null
            ? `end tag </${close[1]}> closes nothing`
            : `end tag </${close[1]}> does not match <${open.name}> (line ${lineOf(text, open.offset)})`,
          at,
        );
      open = open.parent;
      at = CLOSE.lastIndex;
    } else {
      if (root !== null && open === null)
        throw new XmlScanError("a second root element follows the first", at);
      const [element, end, selfClosing] = startTag(text, at, open);
      if (open === null) root = element;
      else open.children.push(element);
      if (!selfClosing) open = element;
      at = end;
    }
    at = text.indexOf("<", at);
  }
  if (open !== null) throw new XmlScanError(`<${open.name}> is never closed`, open.offset);
  if (root === null) throw new XmlScanError("there is no element", 0);
  return root;
}

function startTag(
  text: string,
  at: number,
  parent: XmlElement | null,
): [XmlElement, number, boolean] {
  NAME.lastIndex = at + 1;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) throw new XmlScanError("'<' that starts no tag", at);
  const attrs = new Map<string, string>();
  let pos = NAME.lastIndex;
  for (;;) {
    ATTR.lastIndex = pos;
    const a = ATTR.exec(text);
    if (a === null) break;
    attrs.set(a[1] as string, decode(a[2] ?? a[3] ?? ""));
    pos = ATTR.lastIndex;
  }
  TAG_END.lastIndex = pos;
  const end = TAG_END.exec(text);
  if (end === null) throw new XmlScanError(`malformed tag <${name}`, at);
  const colon = name.indexOf(":");
  const element: XmlElement = {
    name,
    prefix: colon < 0 ? "" : name.slice(0, colon),
    local: colon < 0 ? name : name.slice(colon + 1),
    attrs,
    children: [],
    parent,
    offset: at,
  };
  return [element, TAG_END.lastIndex, end[1] === "/"];
}

function skipPast(text: string, at: number, terminator: string, what: string): number {
  const end = text.indexOf(terminator, at);
  if (end < 0) throw new XmlScanError(`unterminated ${what}`, at);
  return end + terminator.length;
}

const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

function decode(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== "#") return ENTITIES[ref] ?? whole;
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** 1-based line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: lineOf(text, offset), column: offset - lastBreak };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The namespace `prefix` stands for at `element` ("" = the default namespace), or null. */
export function namespaceOf(element: XmlElement, prefix: string = element.prefix): string | null {
  const attr = prefix === "" ? "xmlns" : `xmlns:${prefix}`;
  for (let e: XmlElement | null = element; e !== null; e = e.parent) {
    const uri = e.attrs.get(attr);
    if (uri !== undefined) return uri;
  }
  return prefix === "xml" ? "http://www.w3.org/XML/1998/namespace" : null;
}

/** An attribute by its local name, whatever its prefix (unprefixed first). */
export function attr(element: XmlElement, local: string): string | undefined {
  const plain = element.attrs.get(local);
  if (plain !== undefined) return plain;
  for (const [name, value] of element.attrs)
    if (name.endsWith(`:${local}`) && !name.startsWith("xmlns:")) return value;
  return undefined;
}

/** Children with local name `local` (prefixes ignored). */
export function childrenNamed(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((c) => c.local === local);
}

/** The local part of a QName attribute value (`tns:Foo` → `Foo`). */
export function localPart(qname: string): string {
  return qname.slice(qname.indexOf(":") + 1);
}
