/**
 * Helpers for the end-to-end tests: they run the BUILT `baton` binary (dist/cli/main.js) with
 * Node, without a shell, in a fresh temporary directory per test.
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";

/** The repository root and the built CLI. */
export const ROOT = resolve(import.meta.dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "main.js");

/** Exit statuses of `baton`. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** What one run of the binary produced. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails the whole file with a clear message when the CLI has not been built. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(CLI)) {
      throw new Error(`${CLI} is missing: run npm run build before the e2e tests`);
    }
  });
}

/** The environment the binary runs in: no debug stacks, no colors. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.BATON_DEBUG;
  delete env.FORCE_COLOR;
  return env;
}

/**
 * Runs `baton ARGS` with `cwd` as the working directory: Node runs the built file directly, no
 * shell. Asynchronous, so that independent runs (and concurrent tests) overlap.
 */
export function baton(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: cliEnv(), encoding: "utf8", timeout: 15_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`baton ${args.join(" ")} did not run: ${error.message}`));
          return;
        }
        resolvePromise({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs several independent invocations at once, in the same directory. */
export function batonAll<const T extends readonly (readonly string[])[]>(
  cwd: string,
  runs: T,
): Promise<{ -readonly [K in keyof T]: CliResult }> {
  return Promise.all(runs.map((args) => baton(cwd, ...args))) as Promise<{
    -readonly [K in keyof T]: CliResult;
  }>;
}

/**
 * A test that gets a fresh temporary directory (removed when it ends). Tests run concurrently:
 * each spawn is a separate process, so they overlap even in a single worker.
 */
export function cliTest(name: string, body: (dir: string) => Promise<void>): void {
  it.concurrent(name, async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "baton-e2e-")));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Writes a file (creating its folders) under `dir`. */
export function writeText(dir: string, file: string, text: string): string {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Reads a file under `dir`. */
export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

/** Every entry of a directory tree (relative paths, sorted): to prove that nothing was written. */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .sort();
}

/** A stack trace line, as Node prints it. */
const STACK_LINE = "    at ";

/** The run succeeded, printed no errors and no stack. */
export function expectOk(result: CliResult): void {
  expect(result.stderr, `stderr of a successful run:\n${result.stderr}`).toBe("");
  expect(result.code).toBe(EXIT_OK);
}

/**
 * The run failed with `exit` and the first line of stderr is an `error[CODE]` diagnostic; no stack
 * trace; nothing on stdout unless `allowStdout`.
 */
export function expectError(
  result: CliResult,
  exit: number,
  code: string,
  options: { allowStdout?: boolean } = {},
): void {
  expect(result.stderr).not.toContain(STACK_LINE);
  expect(result.stderr.startsWith(`error[${code}] `), `stderr:\n${result.stderr}`).toBe(true);
  expect(result.stderr.endsWith("\n")).toBe(true);
  if (options.allowStdout !== true) expect(result.stdout).toBe("");
  expect(result.code).toBe(exit);
}

/** Lines of text without the final empty one. */
export function lines(text: string): string[] {
  const all = text.split("\n");
  if (all[all.length - 1] === "") all.pop();
  return all;
}

/** An OpenAPI 3.0 contract with two operations and a local $ref that resolves. */
export const OPENAPI_30 = `openapi: 3.0.3
info:
  title: Orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: the orders
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Order"
    post:
      responses:
        "201":
          description: created
components:
  schemas:
    Order:
      type: object
`;

/** A JSON Schema contract, as JSON. */
export const JSON_SCHEMA = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": { "id": { "type": "string" } }
}
`;

/** An OpenAPI 3.0 contract whose $ref (line 8, column 17) points nowhere. */
export const OPENAPI_BAD_REF = `openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          $ref: "#/components/responses/Missing"
`;
