/**
 * `npm run fuzz [-- --cases N --child-sample M --kill-loops K --concurrent-loops C --seed S]`:
 * hostile and randomly mutated workbooks and JSON through the CLI, plus kill -9 and concurrent
 * --in-place loops. Every case must end with exit 0, 1 or 2 (never 3), say something on exit 2,
 * finish within the timeout, leave its input unchanged, and (child processes) peak under 1 GB for
 * inputs under 20 MB. Prints one JSON summary line; exit 1 when any case failed.
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../../src/hosts/xlsx';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import { sameCellValue } from '../../src/sheet/person-entry';
import { hostileJson, hostileWorkbooks, LEAKED, mutatedWorkbook, randomJson, rng, type FuzzCase } from './cases';

const ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist-fuzz' ? ['..'] : []));
const BIN = path.join(ROOT, 'bin', 'jixiao.js');
const SAMPLE = path.join(ROOT, 'examples', '辽宁-项目自评表.xlsx');
const FIXTURES = path.resolve(ROOT, '..', 'shared', 'fixtures');
const CHILD_TIMEOUT_MS = 60_000;
const SLOW_IN_PROCESS_MS = 20_000;
const MEMORY_LIMIT_KB = 1024 * 1024;
const SMALL_INPUT = 20 * 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Failure {
  id: string;
  reason: string;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

class Stats {
  cases = 0;
  inProcess = 0;
  child = 0;
  exit: Record<string, number> = {};
  failures: Failure[] = [];
  maxChildRssKb = 0;
  maxChildRssCase = '';
  slowestMs = 0;
  slowestCase = '';
  fail(id: string, reason: string): void {
    this.failures.push({ id, reason });
  }
}

async function checkOutcome(c: FuzzCase, code: number, out: string, err: string, input: string, before: string, output: string | null, stats: Stats): Promise<void> {
  stats.exit[code] = (stats.exit[code] ?? 0) + 1;
  if (![0, 1, 2].includes(code)) stats.fail(c.id, `exit ${code}: ${err.slice(0, 300)}`);
  if (code === 2 && !/[\u4e00-\u9fff]/.test(err)) stats.fail(c.id, `exit 2 without a Chinese message: ${err.slice(0, 200)}`);
  if (LEAKED.test(err)) stats.fail(c.id, `a library's internals as the message: ${err.slice(0, 200)}`);
  if (c.expect?.code !== undefined && code !== c.expect.code) stats.fail(c.id, `exit ${code}, wanted ${c.expect.code}: ${err.slice(0, 160)}`);
  if (c.expect?.forbid?.test(err)) stats.fail(c.id, `unclear message: ${err.slice(0, 160)}`);
  if (CONTROL.test(err) || (c.kind === 'xlsx' && CONTROL.test(out))) stats.fail(c.id, 'control characters printed');
  if (sha(fs.readFileSync(input)) !== before) stats.fail(c.id, 'input file changed');
  if (output && (code === 0 || code === 1) && c.kind === 'xlsx') {
    try {
      await JSZip.loadAsync(fs.readFileSync(output));
    } catch (e) {
      stats.fail(c.id, `output is not a valid zip: ${(e as Error).message}`);
    }
  }
}

function argsFor(c: FuzzCase, input: string, output: string): string[] {
  return c.kind === 'json' ? ['evaluate', input] : ['score', input, '-o', output];
}

async function runInProcess(c: FuzzCase, dir: string, stats: Stats): Promise<void> {
  const input = path.join(dir, c.kind === 'json' ? 'in.json' : 'in.xlsx');
  const output = path.join(dir, 'out.xlsx');
  fs.writeFileSync(input, c.bytes);
  fs.rmSync(output, { force: true });
  const before = sha(c.bytes);
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => '', isTTY: false };
  const start = Date.now();
  let code: number;
  try {
    code = await main(argsFor(c, input, output), io);
  } catch (e) {
    code = 3;
    err = `thrown: ${(e as Error).message}`;
  }
  const ms = Date.now() - start;
  if (ms > stats.slowestMs) [stats.slowestMs, stats.slowestCase] = [ms, c.id];
  if (ms > SLOW_IN_PROCESS_MS) stats.fail(c.id, `took ${ms} ms`);
  stats.inProcess++;
  await checkOutcome(c, code, out, err, input, before, output, stats);
}

let preload = '';

function spawnCli(args: string[], timeoutMs = CHILD_TIMEOUT_MS): Promise<{ code: number | null; signal: string | null; out: string; err: string; rssKb: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-r', preload, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => void (out.length < 1e6 && (out += d.toString())));
    p.stderr.on('data', (d: Buffer) => void (err.length < 1e6 && (err += d.toString())));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, timeoutMs);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      const m = /JIXIAO_MAXRSS_KB=(\d+)/.exec(err);
      resolve({ code, signal, out, err: err.replace(/\n?JIXIAO_MAXRSS_KB=\d+\n?/, ''), rssKb: m ? Number(m[1]) : 0, timedOut });
    });
  });
}

async function runChild(c: FuzzCase, dir: string, stats: Stats): Promise<void> {
  const input = path.join(dir, c.kind === 'json' ? 'in.json' : 'in.xlsx');
  const output = path.join(dir, 'out.xlsx');
  fs.writeFileSync(input, c.bytes);
  fs.rmSync(output, { force: true });
  const start = Date.now();
  const res = await spawnCli(argsFor(c, input, output));
  stats.child++;
  const ms = Date.now() - start;
  if (ms > stats.slowestMs) [stats.slowestMs, stats.slowestCase] = [ms, c.id];
  if (res.timedOut) {
    stats.fail(c.id, `no end within ${CHILD_TIMEOUT_MS / 1000} s (killed)`);
    return;
  }
  if (res.rssKb > stats.maxChildRssKb) [stats.maxChildRssKb, stats.maxChildRssCase] = [res.rssKb, c.id];
  if (c.bytes.length < SMALL_INPUT && res.rssKb > MEMORY_LIMIT_KB) stats.fail(c.id, `peak memory ${Math.round(res.rssKb / 1024)} MB`);
  await checkOutcome(c, res.code ?? (res.signal ? 3 : 3), res.out, res.err, input, sha(c.bytes), output, stats);
}

/** kill -9 at a random moment of --in-place: the file is always the old one or the complete new one. */
async function killLoop(n: number, dir: string, seed: number, stats: Stats): Promise<Record<string, number>> {
  const r = rng(seed);
  const original = fs.readFileSync(SAMPLE);
  const tally = { old: 0, new: 0, leftoversSeen: 0 };
  for (let i = 0; i < n; i++) {
    const loopDir = fs.mkdtempSync(path.join(dir, 'kill-'));
    const file = path.join(loopDir, 'a.xlsx');
    fs.writeFileSync(file, original);
    const p = spawn(process.execPath, [BIN, 'score', file, '--in-place'], { stdio: 'ignore' });
    const delay = 50 + Math.floor(r() * 1500);
    const timer = setTimeout(() => p.kill('SIGKILL'), delay);
    await new Promise((res) => p.on('close', res));
    clearTimeout(timer);
    const bytes = fs.readFileSync(file);
    if (bytes.equals(original)) tally.old++;
    else {
      try {
        const book = await readXlsxWorkbook(file);
        if (!isComplete(book)) stats.fail(`kill:${i}`, 'file is neither the old nor a complete new workbook');
        else tally.new++;
      } catch (e) {
        stats.fail(`kill:${i}`, `file unreadable after kill -9: ${(e as Error).message}`);
      }
    }
    if (fs.readdirSync(loopDir).length > 1) tally.leftoversSeen++;
    // The next run cleans what the killed one left.
    const next = await spawnCli(['score', file, '--in-place']);
    if (next.code !== 0) stats.fail(`kill:${i}`, `run after kill -9 exited ${next.code}: ${next.err.slice(0, 200)}`);
    const left = fs.readdirSync(loopDir).filter((f) => f !== 'a.xlsx');
    if (left.length) stats.fail(`kill:${i}`, `leftovers not removed: ${left.join(', ')}`);
    fs.rmSync(loopDir, { recursive: true, force: true });
  }
  return tally;
}

/** Two --in-place runs with different profiles at once: never both succeed from the same original. */
async function concurrentLoop(n: number, dir: string, stats: Stats): Promise<Record<string, number>> {
  const original = fs.readFileSync(SAMPLE);
  const tally = { oneWon: 0, bothSucceededInTurn: 0, bothFailed: 0 };
  for (let i = 0; i < n; i++) {
    const loopDir = fs.mkdtempSync(path.join(dir, 'conc-'));
    const file = path.join(loopDir, 'a.xlsx');
    fs.writeFileSync(file, original);
    const profiles = ['national', 'hubei'];
    const runs = await Promise.all(profiles.map((p) => spawnCli(['score', file, '--in-place', '--profile', p, '--accept-rule'])));
    const codes = runs.map((x) => x.code);
    const winners = profiles.filter((_, k) => codes[k] === 0 || codes[k] === 1);
    for (const [k, x] of runs.entries()) {
      if (x.code === 2 && !/被修改过|另一个 jixiao 进程/.test(x.err)) stats.fail(`concurrent:${i}`, `loser's message unclear: ${x.err.slice(0, 200)}`);
      if (x.code !== 0 && x.code !== 1 && x.code !== 2) stats.fail(`concurrent:${i}`, `run ${k} exited ${x.code}`);
    }
    if (winners.length === 0) tally.bothFailed++;
    const book = await readXlsxWorkbook(file).catch(() => null);
    if (!book) {
      stats.fail(`concurrent:${i}`, 'file unreadable');
      continue;
    }
    // The file must be the complete result of a winner: a lost write would leave one run's result claimed but absent.
    const completeFor = winners.filter((p) => isComplete(book, p as 'national' | 'hubei'));
    if (winners.length === 1) {
      tally.oneWon++;
      if (completeFor.length !== 1) stats.fail(`concurrent:${i}`, `the winner's (${winners[0]}) result is not in the file`);
    } else if (winners.length === 2) {
      // Both may succeed only one after the other: the second read the first's result; the file holds the second's.
      tally.bothSucceededInTurn++;
      if (completeFor.length === 0) stats.fail(`concurrent:${i}`, 'both runs succeeded and the file holds neither result');
    }
    fs.rmSync(loopDir, { recursive: true, force: true });
  }
  return tally;
}

/** Whether a workbook already holds every value scoring it would write (it is a complete result). */
function isComplete(book: Awaited<ReturnType<typeof readXlsxWorkbook>>, profile?: 'national' | 'hubei'): boolean {
  const plan = scoreWorkbook(book.grid, profile ? { profile: PROFILES[profile] } : {}).plan;
  return plan.writes.every((w) => {
    const sheet = book.grid.sheets.find((x) => x.name === w.sheet);
    const current = sheet?.values[w.row - sheet.originRow]?.[w.col - sheet.originCol] ?? null;
    return w.value === null ? current === null || current === '' : sameCellValue(current, w.value);
  });
}

async function scoredCopy(dir: string): Promise<Buffer> {
  const file = path.join(dir, 'scored.xlsx');
  const book = await readXlsxWorkbook(SAMPLE);
  await writeXlsxWorkbook(book, scoreWorkbook(book.grid, {}).plan, { path: file });
  return fs.readFileSync(file);
}

async function run(): Promise<void> {
  const total = option('cases', 10000);
  const childSample = option('child-sample', 200);
  const seed = option('seed', 1);
  const kills = option('kill-loops', 40);
  const concurrent = option('concurrent-loops', 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fuzz-'));
  preload = path.join(dir, 'maxrss.js');
  fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\nJIXIAO_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n");
  const work = fs.mkdtempSync(path.join(dir, 'case-'));
  const stats = new Stats();
  const startedAt = Date.now();
  process.on('unhandledRejection', (e) => stats.fail('unhandled-rejection', String((e as Error)?.message ?? e)));

  const scored = await scoredCopy(dir);
  const bases = [fs.readFileSync(SAMPLE), scored, ...(fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx')).map((f) => fs.readFileSync(path.join(FIXTURES, f))) : [])];
  const fixed = [...(await hostileWorkbooks(scored)), ...hostileJson()];
  const r = rng(seed);
  let childLeft = Math.max(0, childSample);
  for (const c of fixed) {
    await runChild(c, work, stats);
    stats.cases++;
  }
  for (let i = 0; stats.cases < total; i++) {
    const s = seed * 1_000_003 + i;
    const c = r() < 0.35 ? randomJson(s) : await mutatedWorkbook(s, bases);
    // A sample of ordinary cases also runs as a child process: the real binary, its exit code and memory.
    const asChild = c.child || (childLeft > 0 && r() < childSample / Math.max(1, total));
    if (asChild) {
      childLeft--;
      await runChild(c, work, stats);
    } else await runInProcess(c, work, stats);
    stats.cases++;
    if (stats.cases % 500 === 0) process.stderr.write(`fuzz: ${stats.cases}/${total} cases, ${stats.failures.length} failures, ${Math.round((Date.now() - startedAt) / 1000)} s\n`);
  }
  const killTally = kills > 0 ? await killLoop(kills, dir, seed, stats) : {};
  const concTally = concurrent > 0 ? await concurrentLoop(concurrent, dir, stats) : {};
  fs.rmSync(dir, { recursive: true, force: true });

  const summary = {
    cases: stats.cases,
    inProcess: stats.inProcess,
    childProcesses: stats.child,
    exitCodes: stats.exit,
    failures: stats.failures.length,
    crashes: stats.failures.filter((f) => /^exit 3|thrown|exit null/.test(f.reason)).length,
    hangs: stats.failures.filter((f) => /no end|took/.test(f.reason)).length,
    peakChildRssMB: Math.round(stats.maxChildRssKb / 1024),
    peakChildRssCase: stats.maxChildRssCase,
    fuzzProcessPeakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    slowestMs: stats.slowestMs,
    slowestCase: stats.slowestCase,
    killLoop: { runs: kills, ...killTally },
    concurrentLoop: { runs: concurrent, ...concTally },
    seconds: Math.round((Date.now() - startedAt) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const byReason = new Map<string, string[]>();
  for (const f of stats.failures) {
    const key = `${f.id.split(':')[0]}: ${f.reason.slice(0, 160)}`;
    byReason.set(key, [...(byReason.get(key) ?? []), f.id]);
  }
  for (const [reason, ids] of [...byReason].slice(0, 60)) process.stdout.write(`FAIL ${reason}  [${ids.slice(0, 5).join(' ')}${ids.length > 5 ? ` +${ids.length - 5}` : ''}]\n`);
  process.exitCode = stats.failures.length ? 1 : 0;
}

void run();
