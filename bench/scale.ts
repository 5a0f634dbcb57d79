import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scaleWorkbook, type Layout } from './scale-gen';

/**
 * `npm run bench scale [1k 10k 100k 500k] [one many] [peers=floor,sheetjs,exceljs,libreoffice|none] [timeout=600] [runs=N]`
 *
 * Wall time and peak RSS of `jixiao score` on one workbook of N indicator rows (forms of 25 rows,
 * all in one sheet or one per sheet), each run a separate process measured by /usr/bin/time,
 * with the peers in the same run: the floor (unzip + one XML scan + rezip), SheetJS and ExcelJS
 * read + write, LibreOffice headless load + save. Ratios are peer / jixiao. Each command runs
 * `runs` times, taking turns with the others (default 5 up to 10k rows, where a run takes a second
 * and one run says little, and 1 above); the median wall and CPU time and the largest peak are kept.
 */

const ROOT = path.join(__dirname, '..', '..');
const SIZES: Record<string, number> = { '1k': 1_000, '10k': 10_000, '100k': 100_000, '500k': 500_000 };
const PEERS = ['floor', 'sheetjs', 'exceljs', 'libreoffice'] as const;
type Peer = (typeof PEERS)[number];

interface Measured {
  seconds: number | null;
  /** User + system CPU seconds (the machine is shared: CPU is the steadier figure). */
  cpu: number | null;
  peakMB: number | null;
  /** 'ok', 'timeout', or the failure. */
  status: string;
}

function measure(cmd: string[], timeoutS: number, env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const stats = path.join(os.tmpdir(), `jixiao-scale-time-${process.pid}-${Date.now()}.txt`);
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', '-o', stats, ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-400)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = fs.existsSync(stats) ? fs.readFileSync(stats, 'utf8') : '';
      fs.rmSync(stats, { force: true });
      const m = /([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(text.trim());
      if (timedOut) return resolve({ seconds: null, cpu: null, peakMB: null, status: `timeout (>${timeoutS} s)` });
      // jixiao exits 1 when forms have problems (scored nonetheless).
      const ok = code === 0 || (code === 1 && cmd.includes('score'));
      resolve({ seconds: m ? Number(m[1]) : null, cpu: m ? Number((Number(m[3]) + Number(m[4])).toFixed(2)) : null, peakMB: m ? Math.round(Number(m[2]) / 1024) : null, status: ok ? 'ok' : `exit ${code}: ${stderr.trim().split('\n').pop() ?? ''}` });
    });
  });
}

/** Median wall and CPU time and the largest peak of the runs; a failure if any run failed. */
function summary(runs: Measured[]): Measured {
  const failed = runs.find((m) => m.status !== 'ok');
  if (failed) return failed;
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : Number(((sorted[mid - 1] + sorted[mid]) / 2).toFixed(3));
  };
  const numbers = (pick: (m: Measured) => number | null) => runs.map(pick).filter((x): x is number => x !== null);
  const seconds = numbers((m) => m.seconds);
  const cpu = numbers((m) => m.cpu);
  const peaks = numbers((m) => m.peakMB);
  return {
    seconds: seconds.length ? median(seconds) : null,
    cpu: cpu.length ? median(cpu) : null,
    peakMB: peaks.length ? Math.max(...peaks) : null,
    status: 'ok',
  };
}

function soffice(): string | null {
  return ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => fs.existsSync(p)) ?? null;
}

export async function benchScale(args: string[] = []): Promise<Record<string, unknown>> {
  const sizes = args.filter((a) => a in SIZES);
  const layouts = args.filter((a): a is Layout => a === 'one' || a === 'many');
  const peersArg = args.find((a) => a.startsWith('peers='))?.slice(6);
  const timeoutS = Number(args.find((a) => a.startsWith('timeout='))?.slice(8) ?? 600);
  const runsText = args.find((a) => a.startsWith('runs='))?.slice(5);
  const runsArg = runsText === undefined ? undefined : Math.max(1, Math.floor(Number(runsText)) || 1);
  const peers: Peer[] = peersArg === undefined ? [...PEERS] : peersArg === 'none' ? [] : (peersArg.split(',').filter((p) => (PEERS as readonly string[]).includes(p)) as Peer[]);
  const lo = soffice();
  const cache = path.join(os.tmpdir(), 'jixiao-scale-cache');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-scale-'));
  const loProfile = `file://${path.join(work, 'lo-profile')}`;
  if (lo && peers.includes('libreoffice')) {
    // The first start creates the profile: not timed.
    await measure([lo, `-env:UserInstallation=${loProfile}`, '--headless', '--norestore', '--version'], 120);
  }
  const rows: Record<string, unknown>[] = [];
  try {
    for (const layout of layouts.length ? layouts : (['one', 'many'] as Layout[])) {
      for (const size of sizes.length ? sizes : Object.keys(SIZES)) {
        const n = SIZES[size];
        const input = await scaleWorkbook(cache, layout, n);
        const out = (name: string) => path.join(work, `${name}-${layout}-${size}.xlsx`);
        const row: Record<string, unknown> = { layout, rows: n, file_mb: Number((fs.statSync(input).size / 1048576).toFixed(1)) };
        const commands: [string, string[]][] = [['jixiao', ['node', path.join(ROOT, 'bin', 'jixiao.js'), 'score', input, '-o', out('jixiao')]]];
        for (const peer of peers) {
          if (peer === 'libreoffice') {
            if (lo) commands.push([peer, [lo, `-env:UserInstallation=${loProfile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', path.join(work, `lo-${layout}-${size}`), input]]);
            else row.libreoffice = 'not installed';
          } else {
            commands.push([peer, ['node', '--max-old-space-size=8192', path.join(__dirname, 'scale-peer.js'), peer, input, out(peer)]]);
          }
        }
        // Turn by turn (A B C, A B C, …), so a drift of the machine's speed falls on every command alike.
        const runs = runsArg ?? (n <= 10_000 ? 5 : 1);
        const all = new Map<string, Measured[]>(commands.map(([name]) => [name, []]));
        for (let r = 0; r < runs; r++) {
          for (const [name, cmd] of commands) {
            const done = all.get(name)!;
            // A command that failed or timed out once is not run again.
            if (done.some((m) => m.status !== 'ok')) continue;
            done.push(await measure(cmd, timeoutS));
          }
        }
        const ours = summary(all.get('jixiao')!);
        row.jixiao_s = ours.seconds;
        row.jixiao_cpu_s = ours.cpu;
        row.jixiao_peak_mb = ours.peakMB;
        if (ours.status !== 'ok') row.jixiao_status = ours.status;
        if (runs > 1) row.runs = runs;
        for (const peer of peers) {
          if (!all.has(peer)) continue;
          const m = summary(all.get(peer)!);
          row[`${peer}_s`] = m.seconds;
          row[`${peer}_cpu_s`] = m.cpu;
          row[`${peer}_peak_mb`] = m.peakMB;
          if (m.status !== 'ok') row[`${peer}_status`] = m.status;
          if (m.status === 'ok' && m.seconds && ours.seconds) row[`${peer}_over_jixiao`] = Number((m.seconds / ours.seconds).toFixed(2));
        }
        fs.rmSync(path.join(work, `lo-${layout}-${size}`), { recursive: true, force: true });
        for (const f of fs.readdirSync(work)) if (f.endsWith('.xlsx')) fs.rmSync(path.join(work, f), { force: true });
        rows.push(row);
        console.error(JSON.stringify(row));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  addGrowth(rows);
  console.error(markdown(rows, peers));
  return { runs: rows };
}

/**
 * Growth per doubling of rows between consecutive sizes of one layout, (t2/t1)^(1/log2(n2/n1)),
 * from CPU time (wall time on a shared machine says more about the neighbours).
 */
function addGrowth(rows: Record<string, unknown>[]): void {
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    if (a.layout !== b.layout || typeof a.jixiao_cpu_s !== 'number' || typeof b.jixiao_cpu_s !== 'number') continue;
    const doublings = Math.log2((b.rows as number) / (a.rows as number));
    b.jixiao_per_doubling = Number(Math.pow(b.jixiao_cpu_s / a.jixiao_cpu_s, 1 / doublings).toFixed(2));
  }
}

function markdown(rows: Record<string, unknown>[], peers: Peer[]): string {
  const cell = (r: Record<string, unknown>, p: string) =>
    r[`${p}_s`] === null || r[`${p}_s`] === undefined
      ? String(r[`${p}_status`] ?? r[p] ?? '—')
      : `${r[`${p}_s`]} s / ${r[`${p}_cpu_s`]} s, ${r[`${p}_peak_mb`]} MB (${r[`${p}_over_jixiao`]}×)`;
  const head = ['layout', 'indicator rows', 'file', 'jixiao wall / CPU, peak', 'CPU per doubling', ...peers.map((p) => `${p} (÷ jixiao wall)`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(
      `| ${r.layout === 'one' ? 'one sheet' : 'sheet per form'} | ${(r.rows as number).toLocaleString('en-US')} | ${r.file_mb} MB | ${r.jixiao_s ?? r.jixiao_status} s / ${r.jixiao_cpu_s} s, ${r.jixiao_peak_mb} MB | ${r.jixiao_per_doubling ?? ''} | ${peers.map((p) => cell(r, p)).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
