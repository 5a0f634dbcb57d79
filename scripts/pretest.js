#!/usr/bin/env node
/* npm test's first half: build the CLI, type-check (code and add-in), lint and validate the manifest.
 * The steps are independent, so they run side by side (as many at once as the machine has cores), each
 * printing a line when it starts and when it ends with its time; a failing step's output is shown
 * in full. The commands are package.json's scripts of the same names, run without an npm per step.
 *   node scripts/pretest.js [step ...]   (default: all) */
'use strict';
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['build:cli', 'typecheck', 'typecheck:addin', 'lint', 'validate'];
const scripts = require(path.join(ROOT, 'package.json')).scripts;
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : STEPS;
const parallel = Math.max(1, Math.min(wanted.length, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
const env = { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };
const children = new Set();

function run(name, index) {
  const command = scripts[name];
  if (!command) {
    console.log(`[${index + 1}/${wanted.length}] ${name} ✗ no such script`);
    return Promise.resolve({ name, code: 2, output: `no script "${name}" in package.json\n`, seconds: 0 });
  }
  const started = Date.now();
  console.log(`[${index + 1}/${wanted.length}] ${name} …`);
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: ROOT, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      children.delete(child);
      const seconds = (Date.now() - started) / 1000;
      console.log(`[${index + 1}/${wanted.length}] ${name} ${code === 0 ? '✓' : '✗'} ${seconds.toFixed(1)} s`);
      resolve({ name, code: code ?? (signal ? 1 : 0), output, seconds });
    });
  });
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) c.kill(sig);
    process.exit(1);
  });
}

(async () => {
  const started = Date.now();
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const i = next++;
      results[i] = await run(wanted[i], i);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) process.stderr.write(`\n── ${r.name} 失败 / failed (${scripts[r.name] || ''}) ──\n${r.output}`);
  console.log(`pretest ${failed.length ? '✗' : '✓'} ${((Date.now() - started) / 1000).toFixed(1)} s (${parallel} at a time)`);
  process.exit(failed.length ? 1 : 0);
})();
