import fc from "fast-check";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { isBatonError } from "../../common/index.js";
import { formatCommandLine, parseCommandLine, quoteArg } from "./command-line.js";
import { COMMAND_INVALID } from "./step-error.js";

/** The words `text` parses to, program first. */
const words = (text: string): string[] => {
  const { program, args } = parseCommandLine(text);
  return [program, ...args];
};

/** The BatonError `parseCommandLine(text)` throws (fails the test if it does not). */
function refusal(text: string, node?: string): { message: string; hint: string } {
  try {
    parseCommandLine(text, node === undefined ? {} : { node });
  } catch (error) {
    if (!isBatonError(error)) throw error;
    expect(error.code).toBe(COMMAND_INVALID);
    return { message: error.message, hint: error.hint ?? "" };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe("parseCommandLine", () => {
  it.each([
    ["node server.js", ["node", "server.js"]],
    ["  node \t server.js  --port=3000 \n", ["node", "server.js", "--port=3000"]],
    [`echo 'a  b' "c d"`, ["echo", "a  b", "c d"]],
    [`a"b c"d`, ["ab cd"]],
    [`x 'it'\\''s'`, ["x", "it's"]],
    [`x '' ""`, ["x", "", ""]],
    [`x "\\" \\\\ \\$ \\\`"`, ["x", '" \\ $ `']],
    [`x "\\n \\a"`, ["x", "\\n \\a"]],
    [`x 'single $HOME "keeps" \\ all'`, ["x", 'single $HOME "keeps" \\ all']],
    [`x a\\ b \\"q\\" \\|`, ["x", "a b", '"q"', "|"]],
    ["x *.js a~/file '~' ?[ab] {1,2} !", ["x", "*.js", "a~/file", "~", "?[ab]", "{1,2}", "!"]],
    ["x cost$ $ 5$/h a#b", ["x", "cost$", "$", "5$/h", "a#b"]],
    [`x "a$" "$'" '$PORT'`, ["x", "a$", "$'", "$PORT"]],
    ["x --flag \\\n  value", ["x", "--flag", "value"]],
    ["x ab\\\ncd", ["x", "abcd"]],
    [`x "line\\\njoined"`, ["x", "linejoined"]],
    [`x "multi\nline"`, ["x", "multi\nline"]],
    ["x 'FOO=bar' --opt=v", ["x", "FOO=bar", "--opt=v"]],
    ["'FOO=bar' x", ["FOO=bar", "x"]],
    ["x héllo 😀", ["x", "héllo", "😀"]],
  ])("%j → %j", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it.each([
    ["node a.js | tee log", '"|"'],
    ["node a.js || true", '"||"'],
    ["make && run", '"&&"'],
    ["serve &", '"&"'],
    ["a; b", '";"'],
    ["a > log", '">"'],
    ["a 2>&1", '">"'],
    ["a < in", '"<"'],
    ["(a)", '"("'],
    ["node ~/app/server.js", '"~"'],
    ["echo `date`", "command substitution"],
    ["echo $(date)", "command substitution"],
    [`echo "$(date)"`, "command substitution"],
    [`echo "\`date\`"`, "command substitution"],
    ["node a.js --port $PORT", '"$PORT"'],
    [`node a.js "--port=$PORT"`, '"$PORT"'],
    ["echo ${HOME}", '"${HOME}"'],
    ["echo $1 $?", '"$1"'],
    ["echo $'\\n'", `"$'"`],
  ])("refuses %j, which needs a shell", (text, shown) => {
    const { message, hint } = refusal(text, "api");
    expect(message).toMatch(/^node "api": cannot parse the command: /);
    expect(message).toContain(shown);
    expect(message).toContain("without a shell");
    expect(hint).toContain(`sh -c ${quoteArg(text.trim())}`);
  });

  it("refuses a second command after a newline, a comment and an environment assignment", () => {
    expect(refusal("node a.js\nnode b.js").message).toMatch(
      /newline at column 10 .* second command/,
    );
    expect(refusal("node a.js # the api").message).toMatch(/"#" at column 11 starts a comment/);
    const assignment = refusal("PORT=3000 node a.js");
    expect(assignment.message).toContain('"PORT=" at the start');
    expect(assignment.hint).toContain("env PORT=3000 node a.js");
  });

  it.each([
    ["", "the command is empty"],
    [" \t\n ", "the command is empty"],
    ["'' arg", "the program name is empty"],
    ["echo 'open", "single quote at column 6 is never closed"],
    [`echo "open`, "double quote at column 6 is never closed"],
    [`echo "open\\"`, "double quote at column 6 is never closed"],
    ["echo \\", "backslash at column 6"],
    ["echo a\0b", "NUL character at column 7"],
  ])("refuses %j: %s", (text, why) => {
    const { message } = refusal(text);
    expect(message).toMatch(/^cannot parse the command: /);
    expect(message).toContain(why);
  });

  it("reads back any argv that quoteArg/formatCommandLine quoted", () => {
    // Any ASCII (controls and shell specials included) mixed with any grapheme.
    const char = fc.oneof(
      fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    );
    const arg = fc.string({ unit: char, maxLength: 12 }).filter((s) => !s.includes("\0"));
    fc.assert(
      fc.property(
        arg.filter((s) => s !== ""),
        fc.array(arg),
        (program, args) => {
          expect(parseCommandLine(formatCommandLine({ program, args }))).toEqual({ program, args });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads back an argv quoted piecewise with every quoting style, glued together", () => {
    // Each argument is cut into pieces; each piece is single-quoted, double-quoted with escapes,
    // or backslash-escaped, and the pieces are written side by side (they join into one word).
    const piece = fc.tuple(
      fc.string({ unit: "grapheme-ascii", minLength: 1 }).filter((s) => !s.includes("\0")),
      fc.constantFrom("single", "double", "backslash"),
    );
    const quotePiece = ([text, style]: [string, string]): string => {
      if (style === "single") return `'${text.replaceAll("'", `'\\''`)}'`;
      if (style === "double") return `"${text.replace(/["\\$`]/g, "\\$&")}"`;
      // A backslash before a newline would join lines, so newlines go in single quotes.
      return [...text].map((c) => (c === "\n" ? "'\n'" : `\\${c}`)).join("");
    };
    const blanks = fc.constantFrom(" ", "  ", "\t", " \t ");
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        blanks,
        (argv, gap) => {
          const text = argv.map((pieces) => pieces.map(quotePiece).join("")).join(gap);
          const expected = argv.map((pieces) => pieces.map(([t]) => t).join(""));
          expect(words(text)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("splits every command it accepts as sh does (one sh run for a batch of random commands)", () => {
    // Globs and \r are left out: those are the two places Baton deliberately differs from sh.
    const unit = fc.constantFrom(
      ..."ab =\t\n'\"\\$`|&;<>()#]{}~!-_.:/".split(""),
      "$A",
      "${",
      "$'",
      "A=",
    );
    const texts = fc.sample(
      fc.array(unit, { maxLength: 10 }).map((u) => u.join("")),
      {
        numRuns: 2_000,
        seed: 7,
      },
    );
    const accepted = texts.flatMap((text) => {
      try {
        return [{ text, args: parseCommandLine(`p ${text}`).args }];
      } catch {
        return [];
      }
    });
    expect(accepted.length).toBeGreaterThan(200);
    // Each case prints its words NUL-terminated after a marker word, then a \1 line.
    const script = accepted.map(({ text }) => `printf '%s\\0' X ${text}\nprintf '\\1'\n`).join("");
    const out = execFileSync("sh", ["-c", script], { cwd: tmpdir(), env: { A: "set" } });
    const cases = out.toString().split("\x01").slice(0, -1);
    expect(cases.length).toBe(accepted.length);
    cases.forEach((printed, i) => {
      const fromSh = printed.split("\0").slice(1, -1);
      expect(fromSh, JSON.stringify(accepted[i]!.text)).toEqual(accepted[i]!.args);
    });
  });

  it("either parses any text or throws a BatonError, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (text) => {
        try {
          const { program, args } = parseCommandLine(text);
          expect(program).not.toBe("");
          expect(Array.isArray(args)).toBe(true);
        } catch (error) {
          expect(isBatonError(error)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("quoteArg", () => {
  it("leaves plain words alone and single-quotes the rest", () => {
    expect(quoteArg("--port=3000")).toBe("--port=3000");
    expect(quoteArg("./bin/serve")).toBe("./bin/serve");
    expect(quoteArg("")).toBe("''");
    expect(quoteArg("a b")).toBe("'a b'");
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg("~/x")).toBe("'~/x'");
  });

  it("quotes a program that would read as an assignment", () => {
    expect(formatCommandLine({ program: "A=b", args: ["A=b"] })).toBe("'A=b' A=b");
  });
});
