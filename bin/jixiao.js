#!/usr/bin/env node
'use strict';
// V8 lets the old generation grow to up to 4× what survived the last full collection before it
// collects again; a big workbook's read leaves a large survivor (the sheet's XML text) behind it, so
// scoring 500k rows then peaked at 1.8 GB for ~0.6 GB live. 1.5× keeps the peak near what is live
// (1.26 GB there) for no measurable time at 1k–100k rows and a few percent at 500k (README, scaling).
require('v8').setFlagsFromString('--heap-growing-percent=50');
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
