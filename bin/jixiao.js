#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm ci` / `npm install` (the package's prepare script).
let main;
try {
  main = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main/.test(String(e.message))) {
    process.stderr.write('jixiao 尚未编译：请先运行 npm install（或 npm run build:cli）。\njixiao is not built yet: run npm install (or npm run build:cli) first.\n');
    process.exit(2);
  }
  throw e;
}
main.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
