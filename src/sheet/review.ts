import { D, PROFILES, readNumber, scoreForm, toPlain, type Dec, type FormInput, type FormResult, type Profile } from '../engine';
import type { RecognizedForm } from './contract';
import { findForms } from './find-forms';
import { parseA1, type CellValue, type WorkbookGrid } from './grid';
import { locateProblems } from './locate-problems';
import { SheetView } from './sheet-view';

/**
 * 审核: a filled form checked against the rules without writing anything. Every output cell a
 * person filled is compared with what the rules give (at the precision the form prints), the
 * typed subtotal and total are re-added, and the recogniser's and engine's problems (weights sum,
 * missing deviation reasons …) are listed. Pure.
 */

export type ReviewCode =
  | 'completion-differs'
  | 'score-differs'
  | 'task-rate-differs'
  | 'task-score-differs'
  | 'execution-rate-differs'
  | 'execution-score-differs'
  | 'subtotal-differs'
  | 'deduction-differs'
  | 'total-differs'
  | 'grade-differs'
  | 'typed-not-number'
  | 'score-without-rule'
  | 'subtotal-arithmetic'
  | 'total-arithmetic'
  | 'not-filled'
  | 'outputs-empty'
  | 'overshoot-penalty'
  | 'execution-cap'
  | 'judged-by-evaluator'
  | 'unreadable'
  | 'no-form'
  /** A problem of the recogniser or the engine, `problem:<code>` (weights-sum, missing-reason …). */
  | `problem:${string}`;

export interface ReviewFinding {
  sheet: string;
  cell: string | null;
  code: ReviewCode;
  /** error/warning count as findings (exit 1); info is context (profile rules applied). */
  severity: 'error' | 'warning' | 'info';
  /** zh-CN. */
  message: string;
  typed: string | null;
  rule: string | null;
}

export interface FormReview {
  sheet: string;
  project: string;
  layout: string;
  kind: string;
  profile: string;
  profileName: string;
  typedTotal: Dec | null;
  ruleTotal: Dec;
  typedGrade: string | null;
  ruleGrade: string;
  /** A target table (no 全年完成值 column, or every actual empty): only targets and weights are checked, no total. */
  targetTable: boolean;
  budget: Dec | null;
  spent: Dec | null;
  /** The rules' result on the form's inputs (typed scores ignored). */
  result: FormResult;
  findings: ReviewFinding[];
}

export interface ReviewOptions {
  /** The profile chosen; else each form's layout hint, else national. */
  profile?: Profile | null;
}

export function isFinding(f: ReviewFinding): boolean {
  return f.severity !== 'info';
}

/** Reviews every form of a workbook. Typed output cells are what is reviewed, so the record of earlier writes is ignored. */
export function reviewWorkbook(book: WorkbookGrid, options: ReviewOptions = {}): FormReview[] {
  const out: FormReview[] = [];
  for (const sheet of book.sheets) {
    const view = new SheetView(sheet);
    for (const form of findForms(sheet, {})) {
      if (form.rowCells.length === 0 && form.taskCells.length === 0) continue;
      out.push(reviewForm(view, form, options));
    }
  }
  return out;
}

/** The form's inputs without the typed outputs: what the rules alone give. */
function ruleInputOf(form: RecognizedForm, typed: FormResult): FormInput {
  return {
    ...form.input,
    deduction: null,
    tasks: (form.input.tasks ?? []).map((t) => ({ ...t, score: null })),
    rows: form.input.rows.map((r, i) => {
      const qualitative = typed.rows[i]?.rule === 'qualitative';
      // A qualitative row's completion is the evaluator's judgement, an input.
      return { ...r, score: null, completion: qualitative ? r.completion : null };
    }),
  };
}

function reviewForm(view: SheetView, form: RecognizedForm, options: ReviewOptions): FormReview {
  const profile = options.profile ?? (form.profileHint ? PROFILES[form.profileHint] : null) ?? PROFILES.national;
  const typedResult = scoreForm(form.input, profile);
  const ruleInput = ruleInputOf(form, typedResult);
  let result = scoreForm(ruleInput, profile);
  // Where the rules need the evaluator's judgement (a qualitative row without a tier), a typed score is that judgement.
  const judged: number[] = [];
  result.rows.forEach((r, i) => {
    if (r.rule === 'qualitative' && r.unitStart === i && r.score === null && form.input.rows[i].score != null) judged.push(i);
  });
  if (judged.length) {
    for (const i of judged) ruleInput.rows[i].score = form.input.rows[i].score;
    result = scoreForm(ruleInput, profile);
  }

  const findings: ReviewFinding[] = [];
  const sheet = form.sheet;
  const add = (f: Omit<ReviewFinding, 'sheet'>) => findings.push({ sheet, ...f });
  let empty = 0;

  const typedAt = (address: string | null): CellValue => {
    const at = address ? parseA1(address) : null;
    return at ? view.value(at.row, at.col) : null;
  };
  /** Compares a typed number with the rule's. Returns the typed number (null when empty or not a number). */
  const compare = (address: string | null, rule: Dec | null, code: ReviewCode, label: string, kind: 'score' | 'rate'): Dec | null => {
    if (!address) return null;
    const raw = typedAt(address);
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (rule !== null) empty++;
      return null;
    }
    const typed = typedNumber(raw, kind === 'rate');
    if (typed === null) {
      add({ cell: address, code: 'typed-not-number', severity: 'error', message: `${address} ${label}“${String(raw)}”不是数值`, typed: String(raw), rule: rule === null ? null : show(rule, kind) });
      return null;
    }
    if (rule === null) {
      if (kind === 'score') {
        add({ cell: address, code: 'score-without-rule', severity: 'warning', message: `${address} ${label}填有 ${show(typed, kind)}，但按规则无法计分（缺少完成值、指标值或分值）`, typed: show(typed, kind), rule: null });
      }
      return typed;
    }
    // A rate compares at the precision it is shown with (0.00% → 4 places of the fraction).
    const places = kind === 'rate' ? Math.min(6, Math.max(2, decimalsOf(typed), formatPlaces(view, address))) : 2;
    if (!typed.toDecimalPlaces(places).equals(rule.toDecimalPlaces(places))) {
      add({ cell: address, code, severity: 'error', message: `${address} ${label}填报 ${show(typed, kind)}，按规则应为 ${show(rule, kind)}`, typed: show(typed, kind), rule: show(rule, kind) });
    }
    return typed;
  };

  // Rows.
  const typedScores: (Dec | null)[] = [];
  let unitCount = 0;
  form.rowCells.forEach((cells, i) => {
    const r = result.rows[i];
    if (!r) return;
    const name = form.input.rows[i].level3 ?? `第 ${cells.excelRow} 行`;
    if (r.rule !== 'qualitative') compare(cells.completion, r.completion, 'completion-differs', `“${name}”完成程度`, 'rate');
    if (r.unitStart !== i) return;
    unitCount++;
    if (judged.includes(i)) {
      add({ cell: cells.score, code: 'judged-by-evaluator', severity: 'info', message: `${cells.score ?? ''} “${name}”为定性指标，规则无法自动评判，采用填报得分`, typed: form.input.rows[i].score == null ? null : String(form.input.rows[i].score), rule: null });
    }
    const typed = compare(cells.score, r.score, 'score-differs', `“${name}”得分`, 'score');
    if (cells.score) typedScores.push(typed);
    if (r.flags.includes('overshoot-penalty')) {
      add({ cell: cells.score ?? cells.actual, code: 'overshoot-penalty', severity: 'info', message: `“${name}”实际完成值超出目标 ${Math.round(profile.overshoot!.threshold * 100)}% 以上，按${profile.name}扣 ${profile.overshoot!.points} 分（SCORING.md 3.5）`, typed: null, rule: r.score === null ? null : show(r.score, 'score') });
    }
  });

  // Tasks (department forms).
  const typedTasks: (Dec | null)[] = [];
  form.taskCells.forEach((cells, i) => {
    const t = result.tasks[i];
    if (!t) return;
    const name = form.input.tasks?.[i]?.name ?? `第 ${cells.excelRow} 行`;
    compare(cells.rate, t.rate, 'task-rate-differs', `任务“${name}”执行率`, 'rate');
    const typed = compare(cells.score, t.score, 'task-score-differs', `任务“${name}”得分`, 'score');
    if (cells.score) typedTasks.push(typed);
  });

  // Form outputs.
  const o = form.outputs;
  compare(o.executionRate, result.executionRate, 'execution-rate-differs', '预算执行率', 'rate');
  const typedExec = compare(o.executionScore, result.executionScore, 'execution-score-differs', '预算执行率得分', 'score');
  const typedSubtotal = compare(o.subtotal, result.subtotal, 'subtotal-differs', '指标自评得分小计', 'score');
  const typedDeduction = compare(o.deduction, result.deduction, 'deduction-differs', '减分项', 'score');
  const totalRaw = typedAt(o.total);
  const typedTotal = compare(o.total, result.total, 'total-differs', '总分', 'score');
  if (o.total && (totalRaw === null || totalRaw === '')) {
    add({ cell: o.total, code: 'not-filled', severity: 'warning', message: `${o.total} 总分未填写`, typed: null, rule: show(result.total, 'score') });
  }
  const gradeRaw = typedAt(o.grade ?? null);
  const typedGrade = gradeRaw === null || String(gradeRaw).trim() === '' ? null : String(gradeRaw).trim();
  // 优秀 / 良好 / 中等 name the same grades as 优 / 良 / 中.
  if (o.grade && typedGrade !== null && typedGrade.replace(/[\s级]/g, '').charAt(0) !== result.grade) {
    add({ cell: o.grade, code: 'grade-differs', severity: 'error', message: `${o.grade} 等级填报“${typedGrade}”，按总分 ${show(result.total, 'score')} 应为“${result.grade}”`, typed: typedGrade, rule: result.grade });
  }
  if (result.deduction.greaterThan(0) && profile.executionCaps.length && result.executionRate !== null) {
    const cell = o.deduction ?? o.total;
    add({ cell, code: 'execution-cap', severity: 'info', message: `预算执行率 ${show(result.executionRate, 'rate')} 低于封顶线，按${profile.name}总分封顶（减分 ${show(result.deduction, 'score')}，SCORING.md 4.2）`, typed: null, rule: show(result.deduction, 'score') });
  }

  // Arithmetic of the typed figures: a rounded part may be off by half a cent each.
  const all = (xs: (Dec | null)[]) => xs.length > 0 && xs.every((x) => x !== null);
  const tolerance = (n: number) => new D('0.005').times(Math.max(2, n));
  let typedIndicatorSum: Dec | null = null;
  if (all(typedScores) && typedScores.length === unitCount) {
    typedIndicatorSum = typedScores.reduce<Dec>((s, x) => s.plus(x!), new D(0));
    if (typedSubtotal !== null && typedSubtotal.minus(typedIndicatorSum).abs().greaterThan(tolerance(typedScores.length))) {
      add({ cell: o.subtotal, code: 'subtotal-arithmetic', severity: 'error', message: `${o.subtotal} 小计 ${show(typedSubtotal, 'score')} 不等于各行得分之和 ${show(typedIndicatorSum, 'score')}`, typed: show(typedSubtotal, 'score'), rule: show(typedIndicatorSum, 'score') });
    }
  }
  if (typedTotal !== null) {
    const parts: Dec[] = [];
    const indicators = typedSubtotal ?? typedIndicatorSum;
    const tasksOk = form.taskCells.length === 0 || all(typedTasks);
    const execOk = !o.executionScore || typedExec !== null;
    if (indicators !== null && tasksOk && execOk) {
      parts.push(indicators);
      if (typedExec !== null) parts.push(typedExec);
      for (const t of typedTasks) parts.push(t!);
      let expected = parts.reduce((s, x) => s.plus(x), new D(0));
      if (typedDeduction !== null) expected = expected.minus(typedDeduction);
      if (expected.isNegative()) expected = new D(0);
      const n = (typedSubtotal ? 1 : typedScores.length) + typedTasks.length + 2;
      if (typedTotal.minus(expected).abs().greaterThan(tolerance(n))) {
        add({ cell: o.total, code: 'total-arithmetic', severity: 'error', message: `${o.total} 总分 ${show(typedTotal, 'score')} 与各项之和 ${show(expected, 'score')} 不符（${typedSubtotal ? '小计' : '指标得分'}${typedExec !== null ? ' + 执行率得分' : ''}${typedTasks.length ? ' + 任务得分' : ''}${typedDeduction !== null ? ' − 减分项' : ''}）`, typed: show(typedTotal, 'score'), rule: show(expected, 'score') });
      }
    }
  }
  if (empty > 0 && typedTotal !== null) {
    add({ cell: null, code: 'outputs-empty', severity: 'info', message: `有 ${empty} 个得分/完成程度单元格未填写`, typed: null, rule: null });
  }

  // What the recogniser and the engine found on the inputs (weights sum, missing reasons, bad values …).
  const targetTable = form.problems.some((p) => p.code === 'no-actual-column') || form.input.rows.every((r) => r.actual === null || r.actual === undefined || String(r.actual).trim() === '');
  const located = locateProblems({ form: { ...form, input: ruleInput }, profile, result }).filter(
    // A target table has no amounts by design.
    // A missing deviation reason where points were lost is a finding of the review whatever its severity in scoring.
    (p) => (p.severity !== 'info' || (p.code as string) === 'missing-reason') && !(targetTable && p.code === 'missing-budget'),
  );
  // The recogniser and the engine may both report a form-level problem (no weights): once per cell.
  const seen = new Set<string>();
  for (const p of located) {
    const key = `${p.code}@${p.address ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    add({ cell: p.address, code: `problem:${p.code}`, severity: p.severity === 'info' ? 'warning' : p.severity, message: p.address ? `${p.address} ${p.message}` : p.message, typed: null, rule: null });
  }

  const budget = readNumber(form.input.budget);
  const spent = readNumber(form.input.spent);
  return {
    sheet,
    project: form.name ?? form.title ?? sheet,
    layout: form.layout,
    kind: form.kind,
    profile: profile.id,
    profileName: profile.name,
    typedTotal,
    ruleTotal: result.total,
    typedGrade,
    ruleGrade: result.grade,
    targetTable,
    budget: budget === 'bad' ? null : budget,
    spent: spent === 'bad' ? null : spent,
    result,
    findings,
  };
}

/** A typed number: numbers as stored (a percent-formatted 0.95 is 0.95), text as a person reads it. */
function typedNumber(raw: CellValue, rate: boolean): Dec | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    const d = new D(String(raw));
    return rate && d.abs().greaterThan(1.5) ? d.dividedBy(100) : d;
  }
  if (typeof raw !== 'string') return null;
  const n = readNumber(raw, { percent: rate });
  return n === null || n === 'bad' ? null : n;
}

/** Decimal places of the fraction a percent format shows ('0.00%' → 4); 0 for other formats. */
function formatPlaces(view: SheetView, address: string): number {
  const at = parseA1(address);
  const fmt = at ? view.format(at.row, at.col) : null;
  const m = fmt ? /0(?:\.(0+))?%/.exec(fmt) : null;
  return m ? (m[1]?.length ?? 0) + 2 : 0;
}

function decimalsOf(d: Dec): number {
  return Math.max(0, d.decimalPlaces());
}

function show(d: Dec, kind: 'score' | 'rate'): string {
  return kind === 'rate' ? `${toPlain(d.times(100).toDecimalPlaces(2))}%` : toPlain(d.toDecimalPlaces(kind === 'score' ? 4 : 2));
}

export interface DepartmentOverview {
  forms: number;
  formsWithAmounts: number;
  budget: Dec;
  spent: Dec;
  executionRate: Dec | null;
  /** Σ(rule total × budget) / Σ budget over the forms with a budget. */
  weightedRuleTotal: Dec | null;
  /** The same with the typed totals (forms whose total is filled). */
  weightedTypedTotal: Dec | null;
  findings: number;
}

/** 部门概况: amounts summed over the forms, and the fund-weighted mean total. */
export function departmentOverview(reviews: FormReview[]): DepartmentOverview {
  let budget = new D(0);
  let spent = new D(0);
  let n = 0;
  let ruleSum = new D(0);
  let typedSum = new D(0);
  let typedWeight = new D(0);
  for (const r of reviews) {
    if (r.budget === null || r.spent === null || r.targetTable) continue;
    n++;
    budget = budget.plus(r.budget);
    spent = spent.plus(r.spent);
    ruleSum = ruleSum.plus(r.ruleTotal.times(r.budget));
    if (r.typedTotal !== null) {
      typedSum = typedSum.plus(r.typedTotal.times(r.budget));
      typedWeight = typedWeight.plus(r.budget);
    }
  }
  return {
    forms: reviews.length,
    formsWithAmounts: n,
    budget,
    spent,
    executionRate: budget.isZero() ? null : spent.dividedBy(budget),
    weightedRuleTotal: budget.isZero() ? null : ruleSum.dividedBy(budget),
    weightedTypedTotal: typedWeight.isZero() ? null : typedSum.dividedBy(typedWeight),
    findings: reviews.reduce((s, r) => s + r.findings.filter(isFinding).length, 0),
  };
}
