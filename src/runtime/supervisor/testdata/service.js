// A live service that runs until stopped. Flags: --ignore-term (SIGTERM does nothing),
// --grandchild (starts grandchild.js, which ignores SIGTERM). Prints
// "ready <pid> <grandchild pid or ->" once every signal handler is in place.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const flags = new Set(process.argv.slice(2));
process.on("SIGTERM", () => {
  if (flags.has("--ignore-term")) return void console.log("ignoring SIGTERM");
  console.log("stopping");
  process.exit(0);
});
setInterval(() => undefined, 1 << 30);
if (flags.has("--grandchild")) {
  const script = fileURLToPath(new URL("./grandchild.js", import.meta.url));
  // Its stderr is the service's own pipe, so the pipe stays open while it lives.
  const grandchild = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
  grandchild.stdout.once("data", () => console.log(`ready ${process.pid} ${grandchild.pid}`));
} else {
  console.log(`ready ${process.pid} -`);
}
