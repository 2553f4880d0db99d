import { describe, expect, it } from "vitest";
import { escapeXml, sampleText } from "./soap-envelope.js";
import { attr, namespaceOf, positionOf, scanXml, XmlScanError } from "./xml-scan.js";

function scanError(text: string): XmlScanError {
  try {
    scanXml(text);
  } catch (error) {
    if (error instanceof XmlScanError) return error;
    throw error;
  }
  throw new Error("no XmlScanError");
}

describe("scanXml", () => {
  it("keeps elements and attributes; skips the prolog, comments, CDATA and text", () => {
    const root = scanXml(
      `<?xml version="1.0"?>\n<!-- a <fake> tag --><a:root xmlns:a="urn:a" x='1 &lt; 2 &#x26; &#51;' y = "q>r">` +
        `text <![CDATA[ <not/> ]]><a:child/><other b="2"></other></a:root>\n<!-- after -->`,
    );
    expect([root.name, root.prefix, root.local]).toEqual(["a:root", "a", "root"]);
    expect(Object.fromEntries(root.attrs)).toEqual({
      "xmlns:a": "urn:a",
      x: "1 < 2 & 3",
      y: "q>r",
    });
    expect(root.children.map((c) => c.name)).toEqual(["a:child", "other"]);
    expect(attr(root.children[1]!, "b")).toBe("2");
  });

  it("resolves prefixes through the enclosing elements, innermost first", () => {
    const root = scanXml(
      '<r xmlns="urn:d" xmlns:p="urn:outer"><p:x xmlns:p="urn:inner"><y/></p:x><p:z/></r>',
    );
    const [x, z] = root.children;
    expect(namespaceOf(x!)).toBe("urn:inner");
    expect(namespaceOf(z!)).toBe("urn:outer");
    expect(namespaceOf(x!.children[0]!)).toBe("urn:d");
    expect(namespaceOf(root, "nope")).toBeNull();
    expect(attr(scanXml('<e xmlns:t="urn:t" w:t="v"/>'), "t")).toBe("v"); // not the xmlns:t
  });

  it.each([
    ["<a><b></a>", "end tag </a> does not match <b> (line 1)", 6],
    ["<a>", "<a> is never closed", 0],
    ["</a>", "end tag </a> closes nothing", 0],
    ["<a/><b/>", "a second root element follows the first", 4],
    ['<a x="1></a>', "malformed tag <a", 0],
    ["<a><!-- x </a>", "unterminated comment", 3],
    ["<!DOCTYPE a><a/>", "a DOCTYPE or other declaration is not supported", 0],
    ["< a/>", "'<' that starts no tag", 0],
    ["just text", "there is no element", 0],
  ])("refuses %j: %s", (text, message, offset) => {
    expect({ ...scanError(text) }).toMatchObject({ offset });
    expect(scanError(text).message).toBe(message);
  });

  it("reports 1-based lines and columns", () => {
    expect(positionOf("ab\ncd\nef", 7)).toEqual({ line: 3, column: 2 });
    expect(positionOf("ab", 0)).toEqual({ line: 1, column: 1 });
  });
});

describe("envelope values", () => {
  it("escapes markup and samples XSD built-in types", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c'");
    expect(
      ["int", "unsignedLong", "nonNegativeInteger", "boolean", "dateTime", "string", "token"].map(
        sampleText,
      ),
    ).toEqual(["0", "0", "0", "false", "2000-01-01T00:00:00Z", "string", "string"]);
    expect(sampleText(null)).toBe("");
  });
});
