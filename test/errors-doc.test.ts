import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, WARNING_CODES } from "../src/common/index.js";

const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");

function documented(section: string): string[] {
  const start = doc.indexOf(`## ${section}`);
  const end = doc.indexOf("\n## ", start + 1);
  const body = doc.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/^\| `([EW]_[A-Z_]+)` *\|/gm)].map((m) => m[1] as string);
}

describe("docs/errors.md", () => {
  it("lists exactly the error codes of the catalog, in order", () => {
    expect(documented("Errors")).toEqual(Object.keys(ERROR_CODES));
  });

  it("lists exactly the warning codes of the catalog, in order", () => {
    expect(documented("Warnings")).toEqual(Object.keys(WARNING_CODES));
  });
});
