import { promises as fsp } from 'fs';
import * as path from 'path';
import { toPlain, type Dec, type Profile } from '../engine';
import { readXlsxWorkbook, XlsxReadError, XlsxWriteError } from '../hosts/xlsx';
import { writeFileAtomic } from '../hosts/xlsx/atomic-file';
import { tablesWorkbook, type TableSheet } from '../hosts/xlsx/review-workbook';
import { departmentOverview, isFinding, reviewWorkbook, type DepartmentOverview, type FormReview, type ReviewFinding } from '../sheet/review';
import { JixiaoError, LIMITS } from '../sheet/errors';
import { checkInputFile } from './safe-file';
import { REVIEW_HELP, REVIEW_USAGE } from './help';
import { parseCommandArgs } from './args';
import type { Io } from './io';
import { loadProfileArg } from './profile-arg';
import { renderTable } from './table';

const USAGE = `用法：${REVIEW_USAGE}
（jixiao review --help 查看说明）
`;

export interface FileReview {
  file: string;
  forms: FormReview[];
  /** A file that could not be reviewed (unreadable, no form): one finding without a sheet. */
  error: ReviewFinding | null;
}

export interface ReviewReport {
  files: FileReview[];
  overview: DepartmentOverview;
}

interface ReviewArgs {
  paths: string[];
  output: string | null;
  profile: string | undefined;
  json: boolean;
}

/** Arguments that cannot start a review end the command with their exit code: 0 for --help, 2 for unusable ones. */
type Step<T> = { ok: true; value: T } | { ok: false; exit: number };
const stop = (exit: number): { ok: false; exit: number } => ({ ok: false, exit });

/**
 * `jixiao review`: checks filled forms against the rules and never writes the inputs. Prints one
 * line per form (or JSON), writes the review workbook with -o. Exit 0 nothing found, 1 findings,
 * 2 unusable arguments (nothing to review).
 */
export async function reviewCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseReviewArgs(args, io);
  if (!parsed.ok) return parsed.exit;
  const opts = parsed.value;
  const profile = await loadProfileArg(opts.profile);
  const collected = await collectFiles(opts.paths, io);
  if (!collected.ok) return collected.exit;
  const files = collected.value;
  const { output } = opts;
  // The review never writes the inputs, not even by being told to.
  if (output && files.some((f) => path.resolve(f) === path.resolve(output))) {
    io.err(`审核结果不能写到被审核的文件 “${output}”\n`);
    return 2;
  }
  const report = await reviewFiles(files, profile);
  if (output && !(await writeReview(report, output, io))) return 2;
  if (opts.json) io.out(`${JSON.stringify(reportJson(report), null, 2)}\n`);
  else printSummary(report, output, io);
  const any = report.files.some((f) => f.error || f.forms.some((r) => r.findings.some(isFinding)));
  return any ? 1 : 0;
}

function parseReviewArgs(args: string[], io: Io): Step<ReviewArgs> {
  const parsed = parseCommandArgs(
    args,
    { output: { type: 'string', short: 'o' }, profile: { type: 'string', short: 'p' }, json: { type: 'boolean', default: false } },
    io,
    USAGE,
    REVIEW_HELP,
  );
  if (typeof parsed === 'number') return stop(parsed);
  const { values: opts, positionals } = parsed;
  if (positionals.length === 0) {
    io.err(USAGE);
    return stop(2);
  }
  // An empty -o names no file: nothing is written, as without -o.
  return { ok: true, value: { paths: positionals, output: opts.output || null, profile: opts.profile, json: opts.json } };
}

/** The workbooks named, a folder standing for every workbook below it. */
async function collectFiles(paths: string[], io: Io): Promise<Step<string[]>> {
  const files: string[] = [];
  for (const p of paths) {
    const stat = await fsp.stat(p).catch(() => null);
    if (!stat) {
      io.err(`找不到 “${p}”\n`);
      return stop(2);
    }
    files.push(...(stat.isDirectory() ? await workbooksIn(p) : [p]));
  }
  if (files.length === 0) {
    io.err(`${paths.join('、')} 中没有 .xlsx 工作簿\n`);
    return stop(2);
  }
  return { ok: true, value: files };
}

/** Writes the review workbook whole or not at all. False (said on stderr) when it could not be written. */
async function writeReview(report: ReviewReport, output: string, io: Io): Promise<boolean> {
  try {
    await writeFileAtomic(path.resolve(output), await reviewWorkbookBytes(report));
    return true;
  } catch (e) {
    if (e instanceof XlsxWriteError) {
      io.err(`未写入 “${output}”：${e.message}\n`);
      return false;
    }
    throw e;
  }
}

/** The terminal shows the first nine summary columns; the amounts are in the workbook and the JSON. */
function printSummary(report: ReviewReport, written: string | null, io: Io): void {
  io.out(`${renderTable(SUMMARY_HEADER.slice(0, 9), summaryRows(report).map((r) => r.slice(0, 9).map((v) => (v === null ? '' : String(v)))))}\n`);
  const o = report.overview;
  io.out(`共 ${o.forms} 张表，发现 ${o.findings} 项；预算 ${toPlain(o.budget)}，执行 ${toPlain(o.spent)}，执行率 ${o.executionRate ? pct(o.executionRate) : '—'}，资金加权平均总分 ${o.weightedRuleTotal ? at2(o.weightedRuleTotal) : '—'}（按规则）\n`);
  if (written) io.out(`已写入 ${written}\n`);
}

/** Every .xlsx below a folder, in name order; Excel's lock files (~$) and our temporaries skipped. */
async function workbooksIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await fsp.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await workbooksIn(full)));
    else if (/\.xlsx$/i.test(e.name) && !e.name.startsWith('~$') && !e.name.startsWith('.~')) out.push(full);
  }
  return out;
}

export async function reviewFiles(files: string[], profile: Profile | null): Promise<ReviewReport> {
  const out: FileReview[] = [];
  for (const file of files) {
    let book;
    try {
      await checkInputFile(file, LIMITS.workbookBytes);
      book = await readXlsxWorkbook(file);
    } catch (e) {
      if (!(e instanceof XlsxReadError) && !(e instanceof JixiaoError && e.exitCode === 2)) throw e;
      out.push({ file, forms: [], error: { sheet: '', cell: null, code: 'unreadable', severity: 'error', message: e.message, typed: null, rule: null } });
      continue;
    }
    const forms = reviewWorkbook(book.grid, { profile });
    const error: ReviewFinding | null = forms.length
      ? null
      : { sheet: '', cell: null, code: 'no-form', severity: 'error', message: `“${path.basename(file)}” 中没有找到绩效自评表`, typed: null, rule: null };
    out.push({ file, forms, error });
  }
  return { files: out, overview: departmentOverview(out.flatMap((f) => f.forms)) };
}

const SUMMARY_HEADER = ['文件', '工作表', '项目', '口径', '填报总分', '规则总分', '差额', '等级', '发现', '预算数（万元）', '执行数（万元）'];

function at2(d: Dec): string {
  return d.toDecimalPlaces(2).toFixed(2);
}
function pct(d: Dec): string {
  return `${d.times(100).toDecimalPlaces(2).toFixed(2)}%`;
}
function num(d: Dec | null, places = 2): number | null {
  return d === null ? null : Number(d.toDecimalPlaces(places).toString());
}

function summaryRows(report: ReviewReport): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const f of report.files) {
    const name = path.basename(f.file);
    if (f.error) rows.push([name, '', f.error.message, '', null, null, null, '', 1, null, null]);
    for (const r of f.forms) {
      rows.push([
        name,
        r.sheet,
        r.project,
        r.profileName,
        num(r.typedTotal),
        r.targetTable ? '目标表' : num(r.ruleTotal),
        r.typedTotal === null || r.targetTable ? null : num(r.typedTotal.minus(r.ruleTotal)),
        r.targetTable ? '' : r.ruleGrade,
        r.findings.filter(isFinding).length,
        num(r.budget, 4),
        num(r.spent, 4),
      ]);
    }
  }
  return rows;
}

const SEVERITY_TEXT = { error: '错误', warning: '警告', info: '说明' } as const;

/** The review workbook: 审核汇总 (one line per form), 审核发现 (one line per finding), 部门概况. */
export async function reviewWorkbookBytes(report: ReviewReport): Promise<Buffer> {
  const findings: (string | number | null)[][] = [];
  for (const f of report.files) {
    const name = path.basename(f.file);
    const list = [...(f.error ? [f.error] : []), ...f.forms.flatMap((r) => r.findings)];
    for (const x of list) findings.push([name, x.sheet, x.cell ?? '', SEVERITY_TEXT[x.severity], x.code, x.message, x.typed ?? '', x.rule ?? '']);
  }
  const o = report.overview;
  const sheets: TableSheet[] = [
    { name: '审核汇总', header: SUMMARY_HEADER, rows: summaryRows(report), widths: [28, 24, 30, 12, 10, 10, 8, 6, 6, 12, 12], formats: { 4: '0.00', 5: '0.00', 6: '0.00' } },
    { name: '审核发现', header: ['文件', '工作表', '单元格', '级别', '类别', '发现', '填报值', '规则值'], rows: findings, widths: [28, 24, 8, 6, 22, 60, 12, 12] },
    {
      name: '部门概况',
      header: ['项目', '值'],
      plain: true,
      widths: [32, 18],
      rows: [
        ['自评表数', o.forms],
        ['有预算金额的表数', o.formsWithAmounts],
        ['预算数合计（万元）', num(o.budget, 4)],
        ['执行数合计（万元）', num(o.spent, 4)],
        ['预算执行率', o.executionRate ? pct(o.executionRate) : '—'],
        ['资金加权平均总分（按规则）', o.weightedRuleTotal ? num(o.weightedRuleTotal) : '—'],
        ['资金加权平均总分（按填报）', o.weightedTypedTotal ? num(o.weightedTypedTotal) : '—'],
        ['发现（错误和警告）', o.findings],
        ['说明', '金额按各表“预算数/执行数”合计；加权平均总分以各表预算数为权重，只计有金额的表'],
      ],
    },
  ];
  return tablesWorkbook(sheets);
}

const dec = (d: Dec | null) => (d === null ? null : toPlain(d.toDecimalPlaces(10)));

export function reportJson(report: ReviewReport): Record<string, unknown> {
  const o = report.overview;
  return {
    files: report.files.map((f) => ({
      file: f.file,
      ...(f.error ? { error: f.error } : {}),
      forms: f.forms.map((r) => ({
        sheet: r.sheet,
        project: r.project,
        layout: r.layout,
        kind: r.kind,
        profile: r.profile,
        targetTable: r.targetTable,
        typedTotal: dec(r.typedTotal),
        ruleTotal: r.targetTable ? null : dec(r.ruleTotal),
        difference: r.typedTotal === null ? null : dec(r.typedTotal.minus(r.ruleTotal)),
        typedGrade: r.typedGrade,
        grade: r.ruleGrade,
        budget: dec(r.budget),
        spent: dec(r.spent),
        findings: r.findings,
      })),
    })),
    overview: {
      forms: o.forms,
      formsWithAmounts: o.formsWithAmounts,
      budget: dec(o.budget),
      spent: dec(o.spent),
      executionRate: dec(o.executionRate),
      weightedRuleTotal: dec(o.weightedRuleTotal),
      weightedTypedTotal: dec(o.weightedTypedTotal),
      findings: o.findings,
    },
  };
}
