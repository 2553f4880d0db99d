import { builtinModules } from "node:module";
import { readFileSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Who may import whom (shared/design.md §3). test/layering.test.ts checks the same table,
// plus index.ts-only entry points and import cycles.
const layers = JSON.parse(readFileSync(`${import.meta.dirname}/layers.json`, "utf8"));
const folders = Object.keys(layers.folders);

const bareBuiltins = builtinModules
  .filter((m) => !m.startsWith("_") && !m.startsWith("node:"))
  .map((name) => ({ name, message: `import "node:${name}"` }));

/** One restricted-imports rule per folder: other folders it may not reach, types-only ones. */
function zoneRules(folder) {
  const rule = layers.folders[folder];
  const forbidden = folders.filter((f) => f !== folder && !rule.imports.includes(f));
  const typesOnly = forbidden.filter((f) => (rule.types ?? []).includes(f));
  const never = forbidden.filter((f) => !typesOnly.includes(f));
  const patterns = [];
  if (never.length > 0) {
    patterns.push({
      group: never.map((f) => `**/${f}/**`),
      message: `${folder}/ may not import this layer (shared/design.md §3)`,
    });
  }
  if (typesOnly.length > 0) {
    patterns.push({
      group: typesOnly.map((f) => `**/${f}/**`),
      allowTypeImports: true,
      message: `${folder}/ may import only types from this layer (shared/design.md §3)`,
    });
  }
  if (rule.npm === false || rule.node === false) {
    patterns.push({
      regex: "^[^.]",
      message: `${folder}/ imports nothing outside src/ (no npm, no node:)`,
    });
  }
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { paths: bareBuiltins, patterns }],
    },
  };
}

export default tseslint.config(
  { ignores: ["dist/", "dist-bench/", ".bench-cache/", "node_modules/", "coverage/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript checks undefined names itself (typescript-eslint's advice).
      "no-undef": "off",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-restricted-imports": ["error", { paths: bareBuiltins }],
    },
  },
  ...folders.map(zoneRules),
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
