import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes an OpenAPI 3.1 spec of `n` templated paths (schemas and examples) into `dir`. */
export function writeSpec(dir: string, n: number): { file: string; paths: string[] } {
  const lines = ["openapi: 3.1.0", "info: { title: bench, version: 1.0.0 }", "paths:"];
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  /things${i}/{id}:`,
      "    get:",
      "      parameters:",
      "        - { name: id, in: path, required: true, schema: { type: string, minLength: 1 } }",
      "        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }",
      "      responses:",
      '        "200":',
      "          description: ok",
      "          content:",
      "            application/json:",
      "              schema: { $ref: '#/components/schemas/Thing' }",
      i % 2 === 0
        ? `              example: { id: "t${i}", name: thing, tags: [a], size: ${i} }`
        : "",
      '        "404": { description: missing }',
    );
    paths.push(`/things${i}/x${i}`);
  }
  lines.push(
    "components:",
    "  schemas:",
    "    Thing:",
    "      type: object",
    "      required: [id, name]",
    "      properties:",
    "        id: { type: string }",
    "        name: { type: string, maxLength: 40 }",
    "        tags: { type: array, items: { type: string } }",
    "        size: { type: integer, minimum: 0 }",
  );
  const file = join(dir, "spec-100.yaml");
  writeFileSync(file, lines.filter((l) => l !== "").join("\n") + "\n");
  return { file, paths };
}
