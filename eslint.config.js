import { builtinModules } from "node:module";
import { readFileSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

// Who may import whom (shared/design.md §3); test/layering.test.ts checks the same table.
const layers = JSON.parse(readFileSync(`${import.meta.dirname}/layers.json`, "utf8"));

const zones = Object.entries(layers.folders).flatMap(([folder, rule]) =>
  Object.keys(layers.folders)
    .filter(
      (other) =>
        other !== folder && !rule.imports.includes(other) && !(rule.types ?? []).includes(other),
    )
    .map((other) => ({
      target: `./src/${folder}`,
      from: `./src/${other}`,
      message: `${folder}/ may not import ${other}/ (see shared/design.md §3)`,
    })),
);

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones }],
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules
            .filter((m) => !m.startsWith("_"))
            .map((name) => ({ name, message: `import "node:${name}"` })),
        },
      ],
    },
    settings: { "import-x/resolver": { node: { extensions: [".ts", ".js"] } } },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
