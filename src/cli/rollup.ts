import * as path from 'path';
import { toPlain, type Profile } from '../engine';
import { applyPlanToXlsx, readXlsxWorkbook, XlsxReadError, XlsxWriteError, type XlsxBook } from '../hosts/xlsx';
import { addSheetToXlsx } from '../hosts/xlsx/add-sheet';
import { writeFileAtomic } from '../hosts/xlsx/atomic-file';
import { DETAIL_HEADER_ROWS, DETAIL_SHEET, formsOf, rollupPlan, rollupWorkbook, type SheetRollup, type UnitSource } from '../sheet/rollup';
import { JixiaoError, LIMITS } from '../sheet/errors';
import { checkInputFile } from './safe-file';
import { ROLLUP_HELP, ROLLUP_USAGE } from './help';
import { parseCommandArgs } from './args';
import type { Io } from './io';
import { loadProfileArg } from './profile-arg';
import { renderTable } from './table';

const USAGE = `用法：${ROLLUP_USAGE}
（jixiao rollup --help 查看说明）
`;

/** The command line, checked. */
interface RollupArgs {
  files: string[];
  summaryFile: string;
  unitFiles: string[];
  output: string;
  resolvedOut: string;
  weight: 'spent' | 'budget';
  profile: Profile | null;
  sheet: string | undefined;
  json: boolean;
}

/**
 * `jixiao rollup`: combines the units' forms into the summary form (SCORING.md 4.5), scores it and
 * writes the summary actuals, scores and a 汇总明细 sheet into a copy of the summary workbook.
 * Exit 0 combined, 1 combined with problems (an indicator not combined), 2 unusable input.
 */
export async function rollupCommand(args: string[], io: Io): Promise<number> {
  const a = await parseRollupArgs(args, io);
  if (typeof a === 'number') return a;
  const books = await readInputs(a.files, io);
  if (typeof books === 'number') return books;
  const r = combine(a, books, io);
  if (typeof r === 'number') return r;
  const written = await writeOutput(a, books[0], r, io);
  if (written !== 0) return written;
  report(a, r, io);
  return r.problems.some((p) => p.severity !== 'info') || r.keptInputs.length ? 1 : 0;
}

/** Parse args; a number instead is the exit code (help shown, or the command line unusable). */
async function parseRollupArgs(args: string[], io: Io): Promise<RollupArgs | number> {
  const parsed = parseCommandArgs(
    args,
    {
      output: { type: 'string', short: 'o' },
      weight: { type: 'string', default: 'spent' },
      profile: { type: 'string', short: 'p' },
      sheet: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    io,
    USAGE,
    ROLLUP_HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals: files } = parsed;
  if (files.length < 2) {
    io.err(`需要一个汇总表和至少一个单位的自评表\n${USAGE}`);
    return 2;
  }
  if (opts.weight !== 'spent' && opts.weight !== 'budget') {
    io.err(`--weight 应为 spent（全年执行数，默认）或 budget（全年预算数），实际为 “${opts.weight}”\n`);
    return 2;
  }
  const profile = await loadProfileArg(opts.profile);
  const [summaryFile, ...unitFiles] = files;
  const output = opts.output ?? path.join(path.dirname(summaryFile), `${path.basename(summaryFile, path.extname(summaryFile))}.rollup.xlsx`);
  const resolvedOut = path.resolve(output);
  // Writing over an input would lose the units' or the summary's own entries.
  if (files.some((f) => path.resolve(f) === resolvedOut)) {
    io.err(`输出文件 “${output}” 是输入文件之一；汇总结果需写到另一个文件\n`);
    return 2;
  }
  return { files, summaryFile, unitFiles, output, resolvedOut, weight: opts.weight, profile, sheet: opts.sheet, json: opts.json };
}

/** Read inputs: the summary first, then the units, in the order given. */
async function readInputs(files: string[], io: Io): Promise<XlsxBook[] | number> {
  const books: XlsxBook[] = [];
  for (const f of files) {
    try {
      await checkInputFile(f, LIMITS.workbookBytes);
      books.push(await readXlsxWorkbook(f));
    } catch (e) {
      if (e instanceof XlsxReadError || (e instanceof JixiaoError && e.exitCode === 2)) {
        io.err(`${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }
  return books;
}

/** Combine: the first summary form (of --sheet when given) with every form found in the units. */
function combine(a: RollupArgs, [summaryBook, ...unitBooks]: XlsxBook[], io: Io): SheetRollup | number {
  const summaryForms = formsOf(summaryBook.grid).filter((f) => a.sheet === undefined || f.sheet === a.sheet);
  if (summaryForms.length === 0) {
    io.err(`“${a.summaryFile}”${a.sheet === undefined ? '' : ` 的工作表“${a.sheet}”`} 中没有找到绩效自评表（汇总表）\n`);
    return 2;
  }
  const units: UnitSource[] = [];
  for (const [i, book] of unitBooks.entries()) {
    const forms = formsOf(book.grid);
    if (forms.length === 0) {
      io.err(`“${a.unitFiles[i]}” 中没有找到绩效自评表\n`);
      return 2;
    }
    // A workbook holding several units names each by file and sheet, so messages can tell them apart.
    const base = path.basename(a.unitFiles[i], path.extname(a.unitFiles[i]));
    for (const form of forms) units.push({ name: forms.length > 1 ? `${base}/${form.sheet}` : base, form });
  }
  return rollupWorkbook(summaryBook.grid, summaryForms[0], units, { profile: a.profile, fundWeight: a.weight });
}

/** Write the copy with the 汇总明细 sheet, atomically, so a failure leaves no half-written file. */
async function writeOutput(a: RollupArgs, summaryBook: XlsxBook, r: SheetRollup, io: Io): Promise<number> {
  try {
    const patched = await applyPlanToXlsx(summaryBook.source.bytes, rollupPlan(r));
    const detailWidth = r.detail.reduce((m, row) => Math.max(m, row.length), 0);
    const widths = Array.from({ length: detailWidth }, (_, i) => (i === 1 ? 36 : i === 0 ? 6 : 16));
    const withDetail = await addSheetToXlsx(patched, { name: DETAIL_SHEET, rows: r.detail, widths, freezeRows: DETAIL_HEADER_ROWS });
    await writeFileAtomic(a.resolvedOut, withDetail);
    return 0;
  } catch (e) {
    if (e instanceof XlsxWriteError) {
      io.err(`未写入 “${a.output}”：${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Report: JSON, or a table on stdout with problems and kept cells on stderr. */
function report(a: RollupArgs, r: SheetRollup, io: Io): void {
  const result = r.scored.forms[0]?.result ?? r.rollup.result;
  if (a.json) {
    io.out(`${JSON.stringify(jsonReport(a.summaryFile, a.output, r, result), null, 2)}\n`);
    return;
  }
  const rows = r.rollup.rows
    .filter((row) => row.indicator)
    .map((row) => [row.indicator, methodText(row.method), row.combined === null ? '' : row.baseUnit === '%' || row.method === 'qualitative-mean' ? `${toPlain(row.combined.times(100).toDecimalPlaces(2))}%` : toPlain((row.combinedInTargetUnit ?? row.combined).toDecimalPlaces(4)), result.rows[row.index]?.score ? toPlain(result.rows[row.index].score!.toDecimalPlaces(2)) : '']);
  io.out(`${renderTable(['三级指标', '汇总方式', '汇总值', '得分'], rows)}\n`);
  io.out(`预算数 ${r.rollup.budget ? toPlain(r.rollup.budget) : '—'}，执行数 ${r.rollup.spent ? toPlain(r.rollup.spent) : '—'}，总分 ${toPlain(result.total.toDecimalPlaces(2))}（${result.grade}），口径 ${r.profile.name}\n`);
  io.out(`已写入 ${a.output}（含“${DETAIL_SHEET}”工作表）\n`);
  for (const p of r.problems) io.err(`${p.message}\n`);
  for (const k of r.keptInputs) io.err(`${k.sheet}!${k.address} 已有手工填写的值（${String(k.current)}），保留，未写入汇总值 ${k.combined}\n`);
}

function methodText(m: string): string {
  return { sum: '累加', 'weighted-mean': '资金加权平均', 'qualitative-mean': '定性得分率加权', 'summary-typed': '已填，保留', 'not-combined': '未汇总' }[m] ?? m;
}

function jsonReport(summaryFile: string, output: string, r: ReturnType<typeof rollupWorkbook>, result: ReturnType<typeof rollupWorkbook>['rollup']['result']) {
  const t = (d: { toDecimalPlaces(n: number): unknown } | null) => (d === null ? null : toPlain(d.toDecimalPlaces(10) as never));
  return {
    summary: summaryFile,
    output,
    profile: r.profile.id,
    budget: t(r.rollup.budget),
    spent: t(r.rollup.spent),
    rows: r.rollup.rows.map((row) => ({
      indicator: row.indicator,
      method: row.method,
      baseUnit: row.baseUnit,
      combined: t(row.combined),
      score: t(result.rows[row.index]?.score ?? null),
      parts: row.parts.map((p) => ({ unit: p.unit, value: t(p.value), raw: p.raw ?? null, weight: t(p.weight) })),
    })),
    executionScore: t(result.executionScore),
    subtotal: t(result.subtotal),
    total: t(result.total),
    grade: result.grade,
    problems: r.problems,
    keptInputs: r.keptInputs,
  };
}
