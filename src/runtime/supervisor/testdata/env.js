// Prints what a live service learns from Baton, then exits.
for (const name of ["PORT", "BATON_SERVICE_PORT", "EXTRA"])
  console.log(`${name}=${process.env[name]}`);
console.log(`cwd=${process.cwd()}`);
console.log(`args=${JSON.stringify(process.argv.slice(2))}`);
