import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { resolveProfile, toPlain, type Profile } from '../engine';
import { readXlsxWorkbook, writeXlsxWorkbook, XlsxReadError, XlsxWriteError } from '../hosts/xlsx';
import { scoreWorkbook } from '../sheet';
import type { WorkbookScore } from '../sheet/contract';
import type { Io } from './io';
import { locateProblems } from '../sheet';
import { formHasProblems, formReport, keptReport } from './report';
import { renderTable } from './table';

const USAGE = '用法：jixiao score <file.xlsx>... [-o <out.xlsx | dir>] [--in-place] [--profile national|hubei|liaoning|<profile.json>] [--json]\n';

interface FileOutcome {
  file: string;
  output: string | null;
  score: WorkbookScore | null;
  error: string | null;
  /** What the reader noticed (e.g. a damaged record of earlier writes), in Chinese. */
  notes: string[];
}

/**
 * `jixiao score`: finds the forms in each workbook, scores them and writes the results into a
 * copy (or in place). Exit 0 scored, 1 scored with problems, 2 unusable input.
 */
export async function scoreCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        'in-place': { type: 'boolean', default: false },
        profile: { type: 'string', short: 'p' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: opts, positionals: files } = parsed;
  if (files.length === 0) {
    io.err(USAGE);
    return 2;
  }
  if (opts['in-place'] && opts.output) {
    io.err('--in-place 与 -o 不能同时使用\n');
    return 2;
  }
  const profile = loadProfile(opts.profile, io);
  if (profile === 'bad') return 2;
  const outputs = outputPaths(files, opts.output, opts['in-place'] ?? false, io);
  if (!outputs) return 2;

  const outcomes: FileOutcome[] = [];
  const progress = files.length > 1 && io.isTTY && !opts.json;
  for (const [i, file] of files.entries()) {
    if (progress) io.err(`\r${bar(i, files.length)} ${i}/${files.length} ${path.basename(file)}\x1b[K`);
    outcomes.push(await scoreFile(file, outputs[i], profile, opts['in-place'] ?? false));
  }
  if (progress) io.err(`\r${bar(files.length, files.length)} ${files.length}/${files.length}\x1b[K\n`);

  if (opts.json) io.out(`${JSON.stringify({ files: outcomes.map(fileReport) }, null, 2)}\n`);
  else io.out(summary(outcomes));
  for (const o of outcomes) for (const n of o.notes) io.err(`${n}\n`);
  for (const o of outcomes) if (o.error) io.err(`${o.error}\n`);

  if (outcomes.some((o) => o.error)) return 2;
  return outcomes.some((o) => o.score?.forms.some(formHasProblems)) ? 1 : 0;
}

function loadProfile(spec: string | undefined, io: Io): Profile | null | 'bad' {
  if (spec === undefined || spec === 'auto') return null;
  let json: unknown = spec;
  if (/\.json$/i.test(spec) || fs.existsSync(spec)) {
    try {
      json = JSON.parse(fs.readFileSync(spec, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      io.err(`无法读取评分口径文件 “${spec}”：${(e as Error).message}\n`);
      return 'bad';
    }
  }
  const { profile, problems } = resolveProfile(json);
  if (!profile) {
    io.err(`${problems.map((p) => p.message).join('\n')}\n`);
    return 'bad';
  }
  return profile;
}

/** Where each file's result goes: beside it as <name>.scored.xlsx, into -o, or over itself. */
function outputPaths(files: string[], output: string | undefined, inPlace: boolean, io: Io): string[] | null {
  if (inPlace) return files;
  if (!output) return files.map((f) => path.join(path.dirname(f), `${path.basename(f, path.extname(f))}.scored.xlsx`));
  const isDir = (fs.existsSync(output) && fs.statSync(output).isDirectory()) || /[\\/]$/.test(output) || files.length > 1;
  if (!isDir) return [output];
  try {
    fs.mkdirSync(output, { recursive: true });
  } catch (e) {
    io.err(`无法创建输出目录 “${output}”：${(e as Error).message}\n`);
    return null;
  }
  const names = new Set<string>();
  return files.map((f) => {
    let name = path.basename(f);
    for (let n = 2; names.has(name); n++) name = `${path.basename(f, path.extname(f))}-${n}${path.extname(f)}`;
    names.add(name);
    return path.join(output, name);
  });
}

async function scoreFile(file: string, output: string, profile: Profile | null, inPlace: boolean): Promise<FileOutcome> {
  let book;
  try {
    book = await readXlsxWorkbook(file);
  } catch (e) {
    if (e instanceof XlsxReadError) return { file, output: null, score: null, error: e.message, notes: [] };
    throw e;
  }
  const notes = book.notes.map((n) => `${path.basename(file)}：${n}`);
  const score = scoreWorkbook(book.grid, { profile });
  if (score.forms.length === 0) {
    return { file, output: null, score: null, error: `“${file}” 中没有找到绩效自评表（未识别到含 三级指标 / 指标值 / 分值 等表头的表格）`, notes };
  }
  try {
    // A person's formula found in an output cell while writing is kept and reported like a typed entry.
    score.plan.kept.push(...(await writeXlsxWorkbook(book, score.plan, { path: output, inPlace })).kept);
  } catch (e) {
    // The file changed on disk meanwhile, or could not be written: nothing was written, say so.
    if (e instanceof XlsxWriteError) return { file, output: null, score, error: `未写入 “${output}”：${e.message}`, notes };
    throw e;
  }
  return { file, output, score, error: null, notes };
}

function fileReport(o: FileOutcome): Record<string, unknown> {
  if (!o.score) return { file: o.file, error: o.error, notes: o.notes };
  return { file: o.file, output: o.output, ...(o.error ? { error: o.error } : {}), notes: o.notes, forms: o.score.forms.map(formReport), kept: keptReport(o.score.plan.kept) };
}

function summary(outcomes: FileOutcome[]): string {
  const header = ['文件', '工作表', '表名', '总分', '等级', '待填', '问题'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    if (!o.score) continue;
    for (const s of o.score.forms) {
      const problems = locateProblems(s).filter((p) => p.severity !== 'info').length;
      rows.push([
        path.basename(o.file),
        s.form.sheet,
        s.form.name ?? s.form.title ?? '',
        toPlain(s.result.total.toDecimalPlaces(2)),
        s.result.grade,
        String(s.result.pending),
        String(problems),
      ]);
    }
  }
  const written = outcomes.filter((o) => o.output).map((o) => `已写入 ${o.output}`);
  const kept = outcomes.flatMap((o) => o.score?.plan.kept ?? []);
  const keptLine = kept.length ? [`保留了 ${kept.length} 个手工填写的输出单元格（${kept.slice(0, 5).map((k) => `${k.sheet}!${k.address}`).join('、')}${kept.length > 5 ? ' …' : ''}）`] : [];
  return [rows.length ? renderTable(header, rows) : '', ...written, ...keptLine, ''].filter((l, i, a) => l !== '' || i === a.length - 1).join('\n');
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
