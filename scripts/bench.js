#!/usr/bin/env node
/* npm run bench [engine|xlsx|excel]…: compiles the benchmarks into dist-bench/ only when a source is
 * newer than the last compile (tsc is incremental too), then runs them (bench/run.ts prints a progress
 * line per benchmark on stderr and one JSON line per result on stdout). */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync, spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist-bench');
const STAMP = path.join(OUT, '.compiled');
/** What the benchmark build reads: its sources and whatever they import, and the compiler settings. */
const SOURCES = ['src', 'bench', 'test'];

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return /\.(ts|json)$/.test(p) ? st.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

function stale() {
  if (!fs.existsSync(STAMP)) return true;
  const sources = Math.max(...SOURCES.map((d) => newest(path.join(ROOT, d))), ...fs.readdirSync(ROOT).filter((f) => /^tsconfig.*\.json$/.test(f)).map((f) => newest(path.join(ROOT, f))));
  return sources > fs.statSync(STAMP).mtimeMs;
}

if (stale()) {
  const started = Date.now();
  console.error('编译基准程序… / compiling the benchmarks (tsc -p tsconfig.bench.json)…');
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json', '--incremental', '--tsBuildInfoFile', path.join(OUT, '.tsbuildinfo')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(STAMP, new Date().toISOString() + '\n');
  console.error(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const child = spawn(process.execPath, [path.join(OUT, 'bench', 'run.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
