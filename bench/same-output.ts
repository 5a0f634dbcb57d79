import { execFileSync } from 'child_process';
import * as fs from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';

/**
 * `npm run bench same-output old=<dir of an older checkout, built>`: scores every fixture and
 * example with that checkout's CLI and with this one, twice (the second run re-scores the first
 * output, so the state part is updated rather than added), and compares the outputs entry by
 * entry: names and order, and content. The state part's properties carry a random GUID and are
 * compared without it. The JSON reports and exit codes must match too. An entry the run left as it
 * was must be copied: its compressed bytes those of the run's input. (A rewritten entry's compressed
 * bytes are whatever the deflater makes of the same content; they are not compared with the old
 * build's, which used another deflater.)
 */

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, '..', 'shared', 'fixtures');

function run(cli: string, input: string, output: string): string {
  try {
    return execFileSync('node', [cli, 'score', input, '-o', output, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + '\nexit 0';
  } catch (e) {
    const err = e as { stdout?: string; status?: number };
    return `${err.stdout ?? ''}\nexit ${err.status}`;
  }
}

const GUID = /itemID="\{[0-9A-F-]+\}"/;

/** What JSZip loaded: the entry's compressed bytes as stored in the file, and its method. */
function raw(f: JSZip.JSZipObject): Buffer {
  const data = (f as unknown as { _data: { compressedContent: Uint8Array; compression: { magic: string } } })._data;
  return Buffer.concat([Buffer.from(data.compression.magic, 'binary'), data.compressedContent]);
}

async function differences(input: string, a: string, b: string): Promise<string[]> {
  const [zi, za, zb] = await Promise.all([input, a, b].map((f) => JSZip.loadAsync(fs.readFileSync(f))));
  const out: string[] = [];
  if (Object.keys(za.files).join('|') !== Object.keys(zb.files).join('|')) out.push('entry names or order');
  for (const name of Object.keys(za.files)) {
    const fa = za.files[name];
    const fb = zb.files[name];
    if (!fb || fa.dir) continue;
    const props = /itemProps\d+\.xml$/i.test(name);
    const [ta, tb] = await Promise.all([fa.async('string'), fb.async('string')]);
    if ((props ? ta.replace(GUID, '') : ta) !== (props ? tb.replace(GUID, '') : tb)) out.push(`${name}: content`);
    else {
      const fi = zi.files[name];
      if (fi && !fi.dir && (await fi.async('string')) === tb && !raw(fi).equals(raw(fb))) out.push(`${name}: left as it was but not copied`);
    }
  }
  return out;
}

export async function benchSameOutput(args: string[]): Promise<Record<string, unknown>> {
  const old = args.find((a) => a.startsWith('old='))?.slice(4);
  if (!old || !fs.existsSync(path.join(old, 'bin', 'jixiao.js'))) {
    return { error: 'give old=<dir> of a built checkout to compare with (e.g. git archive 79b0d05 | tar x; npm ci)' };
  }
  const inputs = [
    ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(FIXTURES, f)),
    ...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(ROOT, 'examples', f)),
  ];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-same-'));
  const differing: Record<string, string[]> = {};
  let compared = 0;
  try {
    for (const input of inputs) {
      const base = path.basename(input, '.xlsx');
      const outs: Record<string, string[]> = {};
      for (const [who, cli] of [['old', path.join(old, 'bin', 'jixiao.js')], ['new', path.join(ROOT, 'bin', 'jixiao.js')]]) {
        const first = path.join(work, `${base}.${who}.1.xlsx`);
        const second = path.join(work, `${base}.${who}.2.xlsx`);
        const reports = [run(cli, input, first), run(cli, first, second)].map((r) => r.split(work).join('OUT').replace(new RegExp(`\\.${who}\\.`, 'g'), '.X.'));
        outs[who] = [first, second, ...reports];
      }
      for (let i = 0; i < 2; i++) {
        compared++;
        const diffs = fs.existsSync(outs.old[i]) ? await differences(i === 0 ? input : outs.new[0], outs.old[i], outs.new[i]) : ['old output missing'];
        if (outs.old[i + 2] !== outs.new[i + 2]) diffs.push('JSON report or exit code');
        if (diffs.length) differing[`${base} run ${i + 1}`] = diffs;
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { compared, identical: compared - Object.keys(differing).length, differing };
}
