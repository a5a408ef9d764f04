#!/usr/bin/env node
// Runs the compiled CLI (dist/cli.js) in this process: one process, so Ctrl-C and SIGTERM reach
// `serve` directly. `npm ci` / `npm install` build dist/ through the `prepare` script; from a
// source checkout, `npm run build` rebuilds it and `npm run flowlens -- ARGS` runs src/ through tsx.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !/dist[\\/]cli\.js/.test(String(err.message))) throw err;
  process.stderr.write('flowlens: dist/cli.js is missing; run `npm run build` in the flowlens folder\n');
  process.exit(1);
}
// exitCode, not exit(): a large --json output to a pipe must drain before the process ends.
process.exitCode = await cli.main(process.argv.slice(2));
