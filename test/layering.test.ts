import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, type GraphEdge } from "../src/circuit/index.js";

// shared/design.md §3: who may import whom. The same table drives the lint zones.
interface FolderRule {
  readonly layer: number;
  readonly imports: readonly string[];
  readonly types?: readonly string[];
  readonly npm?: boolean;
  readonly node?: boolean;
}
const SRC = resolve(import.meta.dirname, "../src");
const layers = JSON.parse(readFileSync(resolve(import.meta.dirname, "../layers.json"), "utf8")) as {
  folders: Record<string, FolderRule>;
};

interface ImportRef {
  readonly file: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

/** Static imports and re-exports of a file; `import type` and all-`type` specifier lists are type-only. */
export function importsOf(file: string, text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms;
  for (const m of text.matchAll(pattern)) {
    const clause = m[3] ?? "";
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const allTyped =
      braces !== null &&
      (braces[1] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type "));
    refs.push({ file, specifier: m[4] ?? "", typeOnly: m[2] !== undefined || allTyped });
  }
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm))
    refs.push({ file, specifier: m[1] ?? "", typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    refs.push({ file, specifier: m[1] ?? "", typeOnly: false });
  return refs;
}

function folderOf(file: string): string {
  return relative(SRC, file).split(sep)[0] ?? "";
}

const files = sourceFiles(SRC).filter((f) => !f.endsWith(".test.ts"));

describe("layering (shared/design.md §3)", () => {
  it("knows every folder under src/", () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    for (const folder of folders)
      expect(Object.keys(layers.folders), `src/${folder} is not in layers.json`).toContain(folder);
  });

  it("imports only lower layers, through their index.ts, and only what each layer may use", () => {
    const violations: string[] = [];
    for (const file of files) {
      const folder = folderOf(file);
      const rule = layers.folders[folder];
      if (!rule) continue;
      for (const ref of importsOf(file, readFileSync(file, "utf8"))) {
        const where = `${relative(SRC, file)} imports '${ref.specifier}'`;
        if (ref.specifier.startsWith(".")) {
          const target = resolve(dirname(file), ref.specifier);
          const targetFolder = folderOf(target);
          if (targetFolder === folder) continue;
          const allowed =
            rule.imports.includes(targetFolder) ||
            (ref.typeOnly && (rule.types ?? []).includes(targetFolder));
          if (!allowed) violations.push(`${where}: ${folder}/ may not import ${targetFolder}/`);
          if (relative(join(SRC, targetFolder), target) !== "index.js")
            violations.push(`${where}: go through ${targetFolder}/index.ts`);
        } else if (ref.specifier.startsWith("node:")) {
          if (rule.node === false)
            violations.push(`${where}: ${folder}/ may not use node: modules`);
        } else if (rule.npm === false && !ref.typeOnly) {
          violations.push(`${where}: ${folder}/ may not use npm packages`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycles between modules", () => {
    const edges: GraphEdge[] = [];
    for (const file of files) {
      for (const ref of importsOf(file, readFileSync(file, "utf8"))) {
        if (!ref.specifier.startsWith(".") || ref.typeOnly) continue;
        edges.push({
          source: relative(SRC, file),
          target: relative(SRC, resolve(dirname(file), ref.specifier.replace(/\.js$/, ".ts"))),
        });
      }
    }
    expect(
      findCycles(
        files.map((f) => relative(SRC, f)),
        edges,
      ),
    ).toEqual([]);
  });

  it("detects a forbidden import (the check itself can fail)", () => {
    const refs = importsOf(
      "x.ts",
      'import { a } from "../cli/index.js";\nimport type { B } from "../core/index.js";\nimport { type C, type D } from "y";',
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ["../cli/index.js", false],
      ["../core/index.js", true],
      ["y", true],
    ]);
  });
});
