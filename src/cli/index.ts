export { processIo, type CliIo } from "./io.js";
export { buildProgram } from "./program.js";
export { EXIT_ERROR, EXIT_OK, EXIT_USAGE, runCli } from "./run-cli.js";
