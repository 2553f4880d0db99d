import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, resolve } from "node:path";
import type { BatonError } from "../../common/index.js";
import { quoteArg } from "./command-line.js";
import { PROGRAM_NOT_FOUND, stepError } from "./step-error.js";

// Checked before spawning so a typo reads "not on PATH" with a fix, not a bare ENOENT. The
// search follows execvp, which is what spawn does: a name with a slash is a path (relative to
// the service's cwd), any other name is looked up in each PATH directory in order (POSIX only).

export interface ResolveProgramOptions {
  /** The service's working directory: relative paths, and relative PATH entries, start here. */
  readonly cwd: string;
  /** The PATH the service will see; defaults to this process's PATH. */
  readonly path?: string;
  /** The node whose program this is; errors name it. */
  readonly node?: string;
}

type Candidate = "executable" | "missing" | "directory" | "not a file" | "not executable";

/** Shell builtins and keywords people put first in a command; none is a program on PATH. */
const SHELL_WORDS = new Set(
  "! [[ { } . alias case cd do done elif else esac eval exec export fi for if select set source then time until unset while".split(
    " ",
  ),
);

/**
 * The absolute path of the executable file `program` names, found as execvp would find it.
 * Throws a BatonError naming the program (and node) with a fix when there is none.
 */
export async function resolveProgram(
  program: string,
  options: ResolveProgramOptions,
): Promise<string> {
  const fail = (detail: string, hint: string): BatonError =>
    stepError(PROGRAM_NOT_FOUND, "find the program", options.node, detail, hint);
  if (program.includes("/")) {
    const file = resolve(options.cwd, program);
    const found = await examine(file);
    if (found === "executable") return file;
    throw fail(`"${program}" (${file}) ${explain(found)}`, fixFor(found, program, file));
  }
  let blocked: string | undefined;
  for (const dir of (options.path ?? process.env.PATH ?? "").split(delimiter)) {
    // An empty PATH entry means the current directory (POSIX).
    const file = resolve(options.cwd, dir === "" ? "." : dir, program);
    const found = await examine(file);
    if (found === "executable") return file;
    if (found === "not executable") blocked ??= file;
  }
  if (blocked !== undefined) {
    throw fail(
      `"${program}" on PATH (${blocked}) is not executable`,
      fixFor("not executable", program, blocked),
    );
  }
  if (SHELL_WORDS.has(program)) {
    throw fail(
      `"${program}" is a shell builtin or keyword, and Baton runs commands without a shell`,
      `run the program itself, or use a shell explicitly: sh -c '${program} …'`,
    );
  }
  const local = resolve(options.cwd, program);
  const hint =
    (await examine(local)) === "executable"
      ? `to run the file in ${options.cwd}, write ./${program}`
      : `install it, add its directory to PATH, or give its path (relative to ${options.cwd})`;
  throw fail(`"${program}" is not on PATH`, hint);
}

async function examine(file: string): Promise<Candidate> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return "directory";
    if (!info.isFile()) return "not a file";
    await access(file, constants.X_OK);
    return "executable";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "EACCES" ? "not executable" : "missing";
  }
}

function explain(found: Exclude<Candidate, "executable">): string {
  return found === "missing"
    ? "does not exist"
    : `is ${found === "directory" ? "a directory" : found}`;
}

function fixFor(found: Exclude<Candidate, "executable">, program: string, file: string): string {
  switch (found) {
    case "missing":
      return "check the path; a relative path starts at the service's working directory";
    case "directory":
      return "name the program file inside it";
    case "not a file":
      return "name a regular executable file";
    case "not executable":
      return `make it executable (chmod +x ${quoteArg(file)}) or run it through its interpreter, e.g. node ${quoteArg(program)}`;
  }
}
