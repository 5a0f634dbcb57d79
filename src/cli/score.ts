import * as fs from 'fs';
import * as path from 'path';
import { isBuiltinProfile, toPlain, type Profile } from '../engine';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../hosts/xlsx';
import { locateProblems } from '../sheet';
import type { ScoredForm, SheetProblem } from '../sheet/contract';
import type { KeptCell, PriorWrites, SheetGrid, WorkbookGrid } from '../sheet/grid';
import { scoreWorkbookChecked, settleDiscrepancies, type CheckedScore, type Discrepancy } from '../sheet/discrepancies';
import { WorkbookScorer } from '../sheet/score-workbook';
import { errors, isDamagedPartError, JixiaoError, LIMITS, show } from '../sheet/errors';
import { SCORE_HELP, SCORE_USAGE } from './help';
import { parseCommandArgs } from './args';
import type { Io } from './io';
import { discrepancyReport, formReport, keptReport, terminalJson, valueText } from './report';
import { checkInputFile, scoredName } from './safe-file';
import { loadProfileArg } from './profile-arg';
import { renderTable } from './table';

/**
 * What the report needs of one scored form, taken as soon as the workbook is scored so the forms
 * themselves (recognised cells, engine results) are not held while the file is written.
 */
interface FormOutcome {
  /** The summary table's row for the form, without the file name. */
  row: string[];
  /** Errors or warnings (worth exit code 1). */
  hasProblems: boolean;
  /** The form's `--json` report, made only when asked for. */
  report?: Record<string, unknown>;
}

interface FileOutcome {
  file: string;
  output: string | null;
  /** Null when the workbook could not be scored. */
  forms: FormOutcome[] | null;
  /** Output cells left alone because a person typed there or wrote a formula. */
  kept: KeptCell[];
  unrecognised: SheetProblem[];
  discrepancies: Discrepancy[];
  accepted: Discrepancy[];
  error: string | null;
  /** What the reader noticed (e.g. a damaged record of earlier writes), in Chinese. */
  notes: string[];
}

/**
 * `jixiao score`: finds the forms in each workbook, scores them and writes the results into a
 * copy (or in place). Exit 0 scored, 1 scored with problems or discrepancies, 2 unusable input.
 */
export async function scoreCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      output: { type: 'string', short: 'o' },
      'in-place': { type: 'boolean', default: false },
      profile: { type: 'string', short: 'p' },
      'accept-rule': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    io,
    `用法：${SCORE_USAGE}\n（jixiao score --help 查看说明）\n`,
    SCORE_HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals: files } = parsed;
  if (files.length === 0) {
    io.err(`缺少要计算的工作簿。\n用法：${SCORE_USAGE}\n（jixiao score --help 查看说明）\n`);
    return 2;
  }
  if (opts['in-place'] && opts.output) {
    io.err('--in-place 与 -o 不能同时使用\n');
    return 2;
  }
  const profile = await loadProfileArg(opts.profile);
  const outputs = outputPaths(files, opts.output, opts['in-place'] ?? false);

  const outcomes: FileOutcome[] = [];
  const progress = files.length > 1 && io.isTTY && !opts.json;
  for (const [i, file] of files.entries()) {
    if (progress) io.err(`\r${bar(i, files.length)} ${i}/${files.length} ${show(path.basename(file), 40)}\x1b[K`);
    outcomes.push(await scoreFile(file, outputs[i], profile, opts['in-place'] ?? false, opts['accept-rule'] ?? false, opts.json ?? false));
  }
  if (progress) io.err(`\r${bar(files.length, files.length)} ${files.length}/${files.length}\x1b[K\n`);

  if (opts.json) io.out(`${terminalJson({ files: outcomes.map(fileReport) })}\n`);
  else io.out(summary(outcomes));
  for (const o of outcomes) for (const n of o.notes) io.err(`${show(n, 300)}\n`);
  for (const o of outcomes) if (o.error) io.err(`${o.error}\n`);

  if (outcomes.some((o) => o.error)) return 2;
  return outcomes.some((o) => o.discrepancies.length > 0 || o.forms?.some((f) => f.hasProblems)) ? 1 : 0;
}

/** Where each file's result goes: beside it as <name>.scored.xlsx, into -o (a file, or a folder: <dir>/<name>.scored.xlsx), or over itself. */
function outputPaths(files: string[], output: string | undefined, inPlace: boolean): string[] {
  if (inPlace) return files;
  if (!output) return files.map((f) => path.join(path.dirname(f), scoredName(f)));
  let existing: fs.Stats | null = null;
  try {
    existing = fs.statSync(output);
  } catch {
    existing = null;
  }
  const isDir = existing?.isDirectory() || /[\\/]$/.test(output) || files.length > 1;
  if (!isDir) return [output];
  try {
    fs.mkdirSync(output, { recursive: true });
  } catch (e) {
    throw errors.writeFailed(output, `无法创建输出目录（${(e as NodeJS.ErrnoException).code ?? show((e as Error).message)}）`, e);
  }
  const names = new Set<string>();
  return files.map((f) => {
    const base = scoredName(f);
    let name = base;
    const ext = path.extname(base);
    for (let n = 2; names.has(name); n++) name = `${base.slice(0, -ext.length)}-${n}${ext}`;
    names.add(name);
    return path.join(output, name);
  });
}

async function scoreFile(file: string, output: string, profile: Profile | null, inPlace: boolean, acceptRule: boolean, json: boolean): Promise<FileOutcome> {
  const failed = (error: string, notes: string[] = []): FileOutcome => ({ file, output: null, forms: null, kept: [], unrecognised: [], discrepancies: [], accepted: [], error, notes });
  // Each form is reduced to what the report needs as soon as its writes are planned.
  const forms: FormOutcome[] = [];
  const onForm = (s: ScoredForm) => forms.push(formOutcome(s, json));
  // Without --accept-rule (which scores the workbook again once rule values are taken) each sheet is
  // scored as soon as it is read and its cell values let go: one sheet's grid is full at a time.
  let scorer: WorkbookScorer | null = null;
  // A failure of our own while scoring is kept apart from the reader's errors (never taken for a damaged file).
  const scoringFailures: unknown[] = [];
  const onSheet = (sheet: SheetGrid, prior: PriorWrites) => {
    if (scoringFailures.length) return;
    try {
      scorer ??= new WorkbookScorer({ sheets: [], prior }, { profile, onForm });
      scorer.addSheet(sheet);
      dropValues(sheet);
    } catch (error) {
      scoringFailures.push(error);
    }
  };
  let book;
  try {
    await checkInputFile(file, LIMITS.workbookBytes);
    book = await readXlsxWorkbook(file, acceptRule ? {} : { onSheet });
  } catch (e) {
    if (e instanceof JixiaoError && e.exitCode === 2) return failed(e.message);
    if (isDamagedPartError(e)) return failed(errors.unreadable(file, `工作簿的某个部件已损坏（${show((e as Error).message, 120)}）`, e).message);
    throw e;
  }
  if (scoringFailures.length) throw scoringFailures[0];
  const notes = book.notes.map((n) => `${path.basename(file)}：${n}`);
  const { score, discrepancies, accepted } = acceptRule ? scoreWorkbookChecked(book.grid, { profile, acceptRule, onForm }) : settled(book.grid, scorer);
  if (forms.length === 0) {
    // Name the header-like row that was seen and what it lacked, so the user can fix the form.
    const why = (score.unrecognised ?? []).map((p) => `\n  ${show(p.message, 300)}`).join('');
    return failed(`${errors.noForm(file).message}${why}`, notes);
  }
  const { plan, unrecognised = [] } = score;
  const scored = { file, forms, kept: plan.kept, unrecognised, discrepancies, accepted, notes };
  // The file is written by patching the package, not from the grid: the cell values (most of a big
  // sheet's memory) are not needed to write (read sheet by sheet, they are gone already).
  if (acceptRule) for (const sheet of book.grid.sheets) dropValues(sheet);
  try {
    // A person's formula found in an output cell while writing is kept and reported like a typed entry.
    plan.kept.push(...(await writeXlsxWorkbook(book, plan, { path: output, inPlace })).kept);
  } catch (e) {
    // The file changed on disk meanwhile, is locked by another run, or could not be written: nothing was written, say so.
    if (e instanceof JixiaoError && e.exitCode === 2) return { ...scored, output: null, error: /^(未写入|无法写入)/.test(e.message) ? e.message : `未写入 “${output}”：${e.message}` };
    if (isDamagedPartError(e)) return { ...scored, output: null, error: errors.damaged(output, (e as Error).message, e).message };
    throw e;
  }
  return { ...scored, output, error: null };
}

/** What scoreWorkbookChecked gives without taking rule values, for a workbook scored sheet by sheet as it was read. */
function settled(book: WorkbookGrid, scorer: WorkbookScorer | null): CheckedScore {
  const score = (scorer ?? new WorkbookScorer(book)).finish();
  return { score, discrepancies: settleDiscrepancies(book, score), accepted: [] };
}

/** A sheet's cell values let go; its formulas, merged areas and ignored cells stay (the writer and the discrepancy check use them). */
function dropValues(sheet: SheetGrid): void {
  sheet.values = [];
  sheet.formats = undefined;
}

function formOutcome(s: ScoredForm, json: boolean): FormOutcome {
  const problems = locateProblems(s).filter((p) => p.severity !== 'info').length;
  return {
    row: [s.form.sheet, s.form.name ?? s.form.title ?? '', toPlain(s.result.total.toDecimalPlaces(2)), s.result.grade ?? '', String(s.result.pending), String(problems), profileCell(s)],
    hasProblems: problems > 0,
    ...(json ? { report: formReport(s) } : {}),
  };
}

function fileReport(o: FileOutcome): Record<string, unknown> {
  if (!o.forms) return { file: o.file, error: o.error, notes: o.notes };
  // Sheets that looked like a form but were not recognised: the header row seen and what it lacked.
  const unrecognised = o.unrecognised.map((p) => ({ code: p.code, severity: p.severity, message: p.message, sheet: p.sheet, cell: p.address }));
  return {
    file: o.file,
    output: o.output,
    ...(o.error ? { error: o.error } : {}),
    notes: o.notes,
    forms: o.forms.map((f) => f.report),
    kept: keptReport(o.kept),
    ...(unrecognised.length ? { unrecognised } : {}),
    discrepancies: o.discrepancies.map(discrepancyReport),
    ...(o.accepted.length ? { accepted: o.accepted.map(discrepancyReport) } : {}),
  };
}

function summary(outcomes: FileOutcome[]): string {
  const header = ['文件', '工作表', '表名', '总分', '等级', '待填', '问题', '口径'];
  const rows: string[][] = [];
  for (const o of outcomes) for (const f of o.forms ?? []) rows.push([path.basename(o.file), ...f.row]);
  const lines: string[] = [];
  if (rows.length) lines.push(renderTable(header, rows));
  for (const o of outcomes) if (o.output) lines.push(`已写入 ${show(o.output, 200)}`);
  const kept = outcomes.flatMap((o) => o.kept);
  if (kept.length) lines.push(`保留了 ${kept.length} 个手工填写的输出单元格（${kept.slice(0, 5).map((k) => `${show(k.sheet, 30)}!${k.address}`).join('、')}${kept.length > 5 ? ' …' : ''}）`);
  const open = outcomes.flatMap((o) => o.discrepancies.map((d) => ({ o, d })));
  if (open.length) {
    lines.push(`有 ${open.length} 个输出单元格与规则值不一致，且工作簿中没有助手记录，无法判断是手工填写还是旧的计算结果（已保留原值并按原值计算）：`);
    for (const { o, d } of open.slice(0, 20)) lines.push(`  ${show(path.basename(o.file), 40)} ${show(d.sheet, 30)}!${d.address}：单元格为 ${valueText(d.value)}，按规则为 ${d.ruleValue === null ? '（空）' : valueText(d.ruleValue)}`);
    if (open.length > 20) lines.push(`  … 另有 ${open.length - 20} 个（--json 查看全部）`);
    lines.push('  核对后修改这些单元格，或加 --accept-rule 采用规则值重新计算。Add --accept-rule to take the rule values.');
  }
  const accepted = outcomes.flatMap((o) => o.accepted);
  if (accepted.length) lines.push(`已采用规则值（--accept-rule）：${accepted.slice(0, 10).map((d) => `${show(d.sheet, 30)}!${d.address}`).join('、')}${accepted.length > 10 ? ' …' : ''}`);
  return `${lines.join('\n')}\n`;
}

/** `national（默认）`, `liaoning（推断：减分项）` (the deciding word; all of them in --json), `hubei（用户选择）`. */
function profileCell(s: ScoredForm): string {
  const c = s.profileChoice;
  if (!c) return s.profile.id;
  // A custom profile is known by the name its author gave it.
  if (c.source === 'user') return `${isBuiltinProfile(s.profile.id) ? s.profile.id : show(s.profile.name, 30)}（用户选择）`;
  if (c.source === 'inferred') return `${s.profile.id}（推断：${c.words[c.words.length - 1] ?? ''}）`;
  return `${s.profile.id}（默认）`;
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
