// Started by service.js: ignores SIGTERM, says "ready" once it does, runs until killed.
process.on("SIGTERM", () => undefined);
setInterval(() => undefined, 1 << 30);
console.log("ready");
