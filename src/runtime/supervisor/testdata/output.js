// Writes lines to both streams: a CRLF line, one too long to keep, and a last line without a
// newline. Pipe writes are synchronous on Linux, so all of it is out before the exit.
process.stdout.write("first\nsecond\r\n");
process.stderr.write("warning: careful\n");
process.stdout.write(`${"x".repeat(70_000)}\n`);
process.stdout.write("after long\n");
process.stdout.write("partial without newline");
