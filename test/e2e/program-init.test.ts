import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import {
  baton,
  batonAll,
  cliTest,
  type CliResult,
  expectError,
  expectOk,
  EXIT_ERROR,
  EXIT_OK,
  EXIT_USAGE,
  lines,
  listTree,
  readText,
  requireBuiltCli,
  ROOT,
  writeText,
} from "./cli-helpers.js";

requireBuiltCli();

const COMMANDS = ["init", "node", "edge", "contract", "validate", "status", "migrate-config"];

/** A usage error: exit 2, one line on stderr pointing at the command's help, nothing on stdout. */
function expectUsage(result: CliResult, helpOf: string): void {
  expectError(result, EXIT_USAGE, "E_USAGE");
  expect(lines(result.stderr), result.stderr).toHaveLength(1);
  expect(result.stderr.endsWith(`; see '${helpOf} --help'\n`)).toBe(true);
  expect(result.stderr).not.toContain(".;");
}

describe("baton (no command), --help, --version", () => {
  cliTest(
    "prints the help on stderr and exits 2 without a command; --help prints it on stdout",
    async (dir) => {
      const bare = await baton(dir);
      expect(bare.code).toBe(EXIT_USAGE);
      expect(bare.stdout).toBe("");
      expect(bare.stderr).toContain("Usage: baton [options] [command]");
      for (const command of COMMANDS)
        expect(bare.stderr).toMatch(new RegExp(`^  ${command}\\b`, "m"));

      const help = await baton(dir, "--help");
      expectOk(help);
      expect(help.stdout).toBe(bare.stderr);
      expect(listTree(dir)).toEqual([]);
    },
  );

  cliTest("--version prints the package version", async (dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = await baton(dir, "--version");
    expectOk(result);
    expect(result.stdout).toBe(`${pkg.version}\n`);
  });

  cliTest("an unknown command is a usage error naming the command", async (dir) => {
    const result = await baton(dir, "frobnicate");
    expectUsage(result, "baton");
    expect(result.stderr).toBe("error[E_USAGE] unknown command 'frobnicate'; see 'baton --help'\n");
  });

  cliTest("a mistyped command gets its suggestion on the same single error line", async (dir) => {
    const result = await baton(dir, "stauts");
    expectUsage(result, "baton");
    expect(result.stderr).toContain("unknown command 'stauts'");
    expect(result.stderr).toContain("status");
  });

  cliTest(
    "a group without its subcommand prints the group's help on stderr and exits 2",
    async (dir) => {
      const result = await baton(dir, "node");
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Usage: baton node [options] [command]");
      expect(result.stderr).toMatch(/^ {2}add \[options\] <name>/m);
      expect(result.stderr).toMatch(/^ {2}rm <name>/m);
    },
  );

  cliTest(
    "an asked-for help of a subcommand exits 0 (`node --help` and `help node`)",
    async (dir) => {
      const [flag, word] = await batonAll(dir, [
        ["node", "--help"],
        ["help", "node"],
      ]);
      expectOk(flag);
      expect(flag.stdout).toContain("Usage: baton node [options] [command]");

      expect(word.stderr).toBe("");
      expect(word.stdout).toBe(flag.stdout);
      expect(word.code).toBe(EXIT_OK);
    },
  );

  cliTest("an unknown option is a usage error on one line", async (dir) => {
    const result = await baton(dir, "status", "--bogus");
    expectUsage(result, "baton status");
    expect(result.stderr).toBe(
      "error[E_USAGE] unknown option '--bogus'; see 'baton status --help'\n",
    );
  });

  cliTest("extra arguments are a usage error on one well-punctuated line", async (dir) => {
    const [status, add] = await batonAll(dir, [
      ["status", "extra"],
      ["node", "add", "a", "b"],
    ]);
    expectUsage(status, "baton status");
    expectUsage(add, "baton node add");
  });
});

const GITIGNORE = "# Baton's runtime state: not for version control.\n*\n";

function initialConfig(name: string): string {
  return [
    `# Baton circuit '${name}'.`,
    "# Edit by hand or with 'baton node add' / 'baton edge add': comments and layout are kept.",
    `name: ${name}`,
    "version: 2",
    "nodes: []",
    "edges: []",
    "",
  ].join("\n");
}

describe("baton init [dir] [--name N]", () => {
  cliTest(
    "creates DIR/baton.yaml and DIR/.baton/.gitignore, named after the directory",
    async (dir) => {
      const result = await baton(dir, "init", "demo");
      expectOk(result);
      expect(result.stdout).toBe(
        "Initialized circuit 'demo' in demo\n" +
          "Next: baton node add NAME --dir demo   (file: demo/baton.yaml)\n",
      );
      expect(readText(dir, "demo/baton.yaml")).toBe(initialConfig("demo"));
      expect(readText(dir, "demo/.baton/.gitignore")).toBe(GITIGNORE);
      expect(listTree(dir)).toEqual([
        "demo",
        "demo/.baton",
        "demo/.baton/.gitignore",
        "demo/baton.yaml",
      ]);

      const check = await baton(dir, "validate", "--dir", "demo");
      expectOk(check);
      expect(check.stdout).toBe("demo/baton.yaml is valid: 0 nodes, 0 edges\n");
    },
  );

  cliTest(
    "without DIR uses the working directory and turns its name into a DNS label",
    async (dir) => {
      const cwd = join(dir, "My Shop_2");
      writeText(cwd, "README", "x\n");
      const result = await baton(cwd, "init");
      expectOk(result);
      expect(result.stdout).toBe(
        "Initialized circuit 'my-shop-2' in .\nNext: baton node add NAME   (file: baton.yaml)\n",
      );
      expect(readText(cwd, "baton.yaml")).toBe(initialConfig("my-shop-2"));
      expect(readText(cwd, ".baton/.gitignore")).toBe(GITIGNORE);
    },
  );

  cliTest("--name sets the circuit name; --dir is the default directory", async (dir) => {
    const named = await baton(dir, "init", "svc", "--name", "payments");
    expectOk(named);
    expect(named.stdout.split("\n")[0]).toBe("Initialized circuit 'payments' in svc");
    expect(readText(dir, "svc/baton.yaml")).toBe(initialConfig("payments"));

    const viaDir = await baton(dir, "--dir", "nested/deep", "init");
    expectOk(viaDir);
    expect(readText(dir, "nested/deep/baton.yaml")).toBe(initialConfig("deep"));
    expect(readText(dir, "nested/deep/.baton/.gitignore")).toBe(GITIGNORE);
  });

  cliTest(
    "refuses to overwrite an existing baton.yaml (E_CONFIG_EXISTS, file unchanged)",
    async (dir) => {
      const mine = "# mine, hand-written\nname: mine\nnodes: []\n";
      writeText(dir, "baton.yaml", mine);
      const result = await baton(dir, "init", "--name", "other");
      expectError(result, EXIT_ERROR, "E_CONFIG_EXISTS");
      expect(result.stderr).toBe(
        "error[E_CONFIG_EXISTS] baton.yaml: already exists; Baton never overwrites it; edit it, or remove it to start over\n",
      );
      expect(readText(dir, "baton.yaml")).toBe(mine);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );

  cliTest(
    "a directory whose parent is a regular file is E_WRITE_FAILED and nothing is written",
    async (dir) => {
      writeText(dir, "afile", "not a directory\n");
      const result = await baton(dir, "init", "afile/proj");
      expectError(result, EXIT_ERROR, "E_WRITE_FAILED");
      expect(result.stderr).toContain("a parent is not a directory");
      expect(listTree(dir)).toEqual(["afile"]);
      expect(readText(dir, "afile")).toBe("not a directory\n");
    },
  );

  cliTest(
    "a DIR that is itself a regular file is E_WRITE_FAILED, not E_CONFIG_EXISTS",
    async (dir) => {
      writeText(dir, "afile", "not a directory\n");
      const result = await baton(dir, "init", "afile");
      expectError(result, EXIT_ERROR, "E_WRITE_FAILED");
      expect(listTree(dir)).toEqual(["afile"]);
    },
  );

  cliTest(
    "a .baton that is a regular file is E_WRITE_FAILED and leaves no half-made project",
    async (dir) => {
      writeText(dir, "proj/.baton", "in the way\n");
      const result = await baton(dir, "init", "proj");
      expectError(result, EXIT_ERROR, "E_WRITE_FAILED");
      expect(listTree(dir)).toEqual(["proj", "proj/.baton"]);
    },
  );
});
