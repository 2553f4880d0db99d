import type { BatonError } from "../../common/index.js";
import { COMMAND_INVALID, stepError } from "./step-error.js";

// A live service's command is split into words the way a POSIX shell would split it, but no
// shell ever runs (shared/design.md §2): nothing is expanded, and anything a shell would treat
// specially — operators, substitutions, variables, `~`, comments, a leading NAME=value — is
// refused, so a command Baton accepts means what it would in `sh`. Two exceptions: globs stay
// literal (sh expands them only when they match a file), and `\r` is a blank (CRLF files).

/** A program and its arguments, as handed to spawn. */
export interface ParsedCommand {
  program: string;
  args: string[];
}

export interface ParseCommandLineOptions {
  /** The node whose command this is; errors name it. */
  readonly node?: string;
}

const BLANKS = " \t\r\n";
const OPERATORS = "|&;<>()";
/** After `$`, these make some shell expand something: names, `${`, `$(`, `$[`, special parameters, `$'…'`. */
const EXPANSION_START = /^[A-Za-z_{(['"@*#?$!0-9-]/;
/** `NAME=` at the start of the first word: a shell would take it as an environment assignment. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Words a shell leaves alone, so `formatCommandLine` need not quote them. */
const BARE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const NO_SHELL = "Baton runs commands without a shell";

/**
 * Splits a command line into a program and its arguments, POSIX-shell style, without a shell:
 * blanks separate words; single quotes are literal; double quotes honour `\"`, `\\`, `\$` and
 * `` \` ``; a backslash outside quotes escapes the next character (and joins lines before a
 * newline); adjacent quoted parts join into one word. Throws a BatonError for an empty command,
 * an unterminated quote, and anything that needs a shell, with a hint to use `sh -c` explicitly.
 */
export function parseCommandLine(
  text: string,
  options: ParseCommandLineOptions = {},
): ParsedCommand {
  return new CommandLineParser(text, options.node).parse();
}

/** Quotes one argument so `parseCommandLine` (and a POSIX shell) reads it back unchanged. */
export function quoteArg(arg: string): string {
  if (BARE_WORD.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The command line `parseCommandLine` turns back into `command`, for display and round trips. */
export function formatCommandLine(command: {
  readonly program: string;
  readonly args: readonly string[];
}): string {
  const program = ASSIGNMENT.test(command.program)
    ? `'${command.program.replaceAll("'", `'\\''`)}'`
    : quoteArg(command.program);
  return [program, ...command.args.map(quoteArg)].join(" ");
}

class CommandLineParser {
  private readonly words: string[] = [];
  private word = "";
  /** Index where the current word began; -1 between words. */
  private wordStart = -1;
  private firstWordStart = -1;
  /** Index of an unquoted newline after a word: one more word would start a second command. */
  private newlineAt = -1;
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly node: string | undefined,
  ) {}

  parse(): ParsedCommand {
    const { text } = this;
    const nul = text.indexOf("\0");
    if (nul >= 0) throw this.fail(`a NUL character at column ${nul + 1}`, "remove it");
    while (this.i < text.length) {
      const c = text[this.i]!;
      const continuation = c === "\\" ? this.continuationAfter(this.i + 1) : 0;
      if (continuation > 0) {
        this.i += 1 + continuation;
        continue;
      }
      if (BLANKS.includes(c)) {
        this.endWord();
        if (c === "\n" && this.words.length > 0) this.newlineAt = this.i;
        this.i++;
        continue;
      }
      if (this.wordStart < 0) this.startWord(c);
      this.readOutsideQuotes(c);
    }
    this.endWord();
    return this.result();
  }

  private startWord(c: string): void {
    if (this.newlineAt >= 0) {
      throw this.fail(
        `the newline at column ${this.newlineAt + 1} would start a second command in a shell; ${NO_SHELL}`,
        `put the command on one line (a backslash before a newline continues it), ${this.shellHint()}`,
      );
    }
    if (c === "#") {
      throw this.fail(
        `"#" at column ${this.i + 1} starts a comment in a shell; ${NO_SHELL}`,
        `quote it ('#') to pass it as an argument, or remove the comment`,
      );
    }
    if (c === "~") {
      throw this.fail(
        `"~" at column ${this.i + 1} would be your home directory in a shell; ${NO_SHELL} and expands nothing`,
        `write the full path, or quote it ('~') to pass it literally, ${this.shellHint()}`,
      );
    }
    this.wordStart = this.i;
    if (this.firstWordStart < 0) this.firstWordStart = this.i;
  }

  private readOutsideQuotes(c: string): void {
    const { text } = this;
    switch (c) {
      case "'": {
        const close = text.indexOf("'", this.i + 1);
        if (close < 0) throw this.unterminated("single quote", this.i);
        this.word += text.slice(this.i + 1, close);
        this.i = close + 1;
        return;
      }
      case '"':
        this.readDoubleQuoted();
        return;
      case "\\": {
        const next = text[this.i + 1];
        if (next === undefined) {
          throw this.fail(
            `the backslash at column ${this.i + 1} ends the command and escapes nothing`,
            "remove it, or quote it ('\\') to pass a backslash",
          );
        }
        this.word += next;
        this.i += 2;
        return;
      }
      case "$":
        this.checkDollar(this.i, false);
        this.word += c;
        this.i++;
        return;
      case "`":
        throw this.commandSubstitution(this.i);
      default:
        if (OPERATORS.includes(c)) throw this.operator(this.i);
        this.word += c;
        this.i++;
    }
  }

  /** Reads `"…"` from the opening quote at `this.i`, leaving `this.i` after the closing one. */
  private readDoubleQuoted(): void {
    const { text } = this;
    const open = this.i;
    let j = open + 1;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw this.unterminated("double quote", open);
      if (c === '"') break;
      if (c === "\\") {
        const continuation = this.continuationAfter(j + 1);
        if (continuation > 0) {
          j += 1 + continuation;
          continue;
        }
        const next = text[j + 1];
        if (next === undefined) throw this.unterminated("double quote", open);
        // POSIX: inside double quotes a backslash escapes only these; elsewhere it stays.
        this.word += '$`"\\'.includes(next) ? next : `\\${next}`;
        j += 2;
        continue;
      }
      if (c === "`") throw this.commandSubstitution(j);
      if (c === "$") this.checkDollar(j, true);
      this.word += c;
      j++;
    }
    this.i = j + 1;
  }

  /** Length of the newline at `after` (0 if none): a backslash before one joins the lines. */
  private continuationAfter(after: number): number {
    if (this.text.startsWith("\n", after)) return 1;
    return this.text.startsWith("\r\n", after) ? 2 : 0;
  }

  private endWord(): void {
    if (this.wordStart < 0) return;
    this.words.push(this.word);
    this.word = "";
    this.wordStart = -1;
  }

  private result(): ParsedCommand {
    const [program, ...args] = this.words;
    if (program === undefined) {
      throw this.fail("the command is empty", "give the program to run, e.g. `node server.js`");
    }
    if (ASSIGNMENT.test(this.text.slice(this.firstWordStart))) {
      const name = /^[^=]*/.exec(program)?.[0] ?? program;
      throw this.fail(
        `"${name}=" at the start would set an environment variable in a shell; ${NO_SHELL}`,
        `set it in the node's environment instead, or use the env program: env ${this.text.trim()}`,
      );
    }
    if (program === "") throw this.fail("the program name is empty", "remove the empty quotes");
    return { program, args };
  }

  private checkDollar(at: number, inDoubleQuotes: boolean): void {
    const rest = this.text.slice(at + 1);
    // A lone `$` is literal in a shell too; `$'…'` and `$"…"` are special only outside quotes.
    const quoteNext = rest.startsWith("'") || rest.startsWith('"');
    if (!EXPANSION_START.test(rest) || (inDoubleQuotes && quoteNext)) return;
    if (rest.startsWith("(")) throw this.commandSubstitution(at);
    const shown = `$${/^(\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*|.)/.exec(rest)?.[0] ?? ""}`;
    throw this.fail(
      `"${shown}" at column ${at + 1} would be expanded by a shell; ${NO_SHELL} and expands nothing`,
      `the service finds its port in the PORT and BATON_SERVICE_PORT environment variables; ` +
        `quote it ('${shown}') to pass it literally, ${this.shellHint()}`,
    );
  }

  private operator(at: number): BatonError {
    const c = this.text[at]!;
    const shown = this.text[at + 1] === c ? c + c : c;
    return this.fail(
      `"${shown}" at column ${at + 1} is a shell operator; ${NO_SHELL}`,
      `quote it ('${shown}') to pass it as an argument, ${this.shellHint()}`,
    );
  }

  private commandSubstitution(at: number): BatonError {
    return this.fail(
      `the command substitution at column ${at + 1} needs a shell; ${NO_SHELL}`,
      `quote it to pass it literally, ${this.shellHint()}`,
    );
  }

  private unterminated(what: string, at: number): BatonError {
    return this.fail(
      `the ${what} at column ${at + 1} is never closed`,
      `close it, or escape it with a backslash to pass it literally`,
    );
  }

  private shellHint(): string {
    return `or, to really use a shell, say so: sh -c ${quoteArg(this.text.trim())}`;
  }

  private fail(detail: string, hint: string): BatonError {
    return stepError(COMMAND_INVALID, "parse the command", this.node, detail, hint);
  }
}
