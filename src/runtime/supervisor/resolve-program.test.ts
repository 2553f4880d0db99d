import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { isBatonError } from "../../common/index.js";
import { resolveProgram, type ResolveProgramOptions } from "./resolve-program.js";
import { PROGRAM_NOT_FOUND } from "./step-error.js";

/** A temp folder with `bin/serve` (executable), `bin/notes.txt` (not) and `lib/` (a folder). */
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-resolve-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, "bin"));
  await mkdir(join(dir, "lib"));
  await writeFile(join(dir, "bin", "serve"), "#!/bin/sh\n");
  await chmod(join(dir, "bin", "serve"), 0o755);
  await writeFile(join(dir, "bin", "notes.txt"), "", { mode: 0o644 });
  return dir;
}

/** The BatonError `resolveProgram` throws (fails the test if it resolves). */
async function refusal(
  program: string,
  options: ResolveProgramOptions,
): Promise<{ message: string; hint: string }> {
  const error: unknown = await resolveProgram(program, options).then(
    (file) => new Error(`expected ${program} not to resolve, got ${file}`),
    (e: unknown) => e,
  );
  if (!isBatonError(error)) throw error;
  expect(error.code).toBe(PROGRAM_NOT_FOUND);
  return { message: error.message, hint: error.hint ?? "" };
}

describe("resolveProgram", () => {
  it("finds a program on PATH, in PATH order, as an absolute path", async () => {
    const dir = await project();
    const node = basename(process.execPath);
    const path = [join(dir, "lib"), dirname(process.execPath)].join(delimiter);
    await expect(resolveProgram(node, { cwd: dir, path })).resolves.toBe(process.execPath);
    const first = [join(dir, "bin"), "/usr/bin", "/bin"].join(delimiter);
    await expect(resolveProgram("serve", { cwd: "/", path: first })).resolves.toBe(
      join(dir, "bin", "serve"),
    );
  });

  it("uses this process's PATH by default", async () => {
    await expect(resolveProgram(basename(process.execPath), { cwd: "/" })).resolves.toMatch(/^\//);
  });

  it("resolves a name with a slash against cwd, and relative PATH entries too", async () => {
    const dir = await project();
    const serve = join(dir, "bin", "serve");
    await expect(resolveProgram("./bin/serve", { cwd: dir, path: "" })).resolves.toBe(serve);
    await expect(resolveProgram("bin/serve", { cwd: dir })).resolves.toBe(serve);
    await expect(resolveProgram(serve, { cwd: "/" })).resolves.toBe(serve);
    await expect(resolveProgram("serve", { cwd: dir, path: "bin" })).resolves.toBe(serve);
  });

  it("names the program and node when it is not on PATH", async () => {
    const dir = await project();
    const { message, hint } = await refusal("serv", {
      cwd: dir,
      path: join(dir, "bin"),
      node: "api",
    });
    expect(message).toBe('node "api": cannot find the program: "serv" is not on PATH');
    expect(hint).toContain("install it");
  });

  it("suggests ./name when the program sits in cwd but not on PATH", async () => {
    const dir = await project();
    const { hint } = await refusal("serve", { cwd: join(dir, "bin"), path: "/nonexistent" });
    expect(hint).toContain("write ./serve");
  });

  it("says why a path is not a program: missing, a folder, or not executable", async () => {
    const dir = await project();
    const missing = await refusal("./bin/nope", { cwd: dir });
    expect(missing.message).toContain(`"./bin/nope" (${join(dir, "bin", "nope")}) does not exist`);
    const folder = await refusal("./lib", { cwd: dir });
    expect(folder.message).toContain("is a directory");
    const text = await refusal("./bin/notes.txt", { cwd: dir });
    expect(text.message).toContain("is not executable");
    expect(text.hint).toContain(`chmod +x ${join(dir, "bin", "notes.txt")}`);
    const onPath = await refusal("notes.txt", { cwd: dir, path: join(dir, "bin") });
    expect(onPath.message).toContain(
      `on PATH (${join(dir, "bin", "notes.txt")}) is not executable`,
    );
  });

  it("explains that a shell builtin is not a program", async () => {
    const { message, hint } = await refusal("cd", { cwd: "/", path: "/nonexistent" });
    expect(message).toContain("shell builtin or keyword");
    expect(hint).toContain("sh -c");
  });
});
