// Ends by itself: `code N` exits with N after a line on stderr; `signal` kills itself.
const [how, value] = process.argv.slice(2);
if (how === "signal") process.kill(process.pid, "SIGKILL");
process.stderr.write("boom\n");
process.exit(Number(value ?? 1));
