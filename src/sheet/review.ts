import { D, PROFILES, readNumber, scoreForm, toPlain, type Dec, type FormInput, type FormResult, type Profile } from '../engine';
import type { RecognizedForm } from './contract';
import { WAN_PER_UNIT } from './amount-unit';
import { findForms } from './find-forms';
import { parseA1, type CellValue, type WorkbookGrid } from './grid';
import { locateProblems } from './locate-problems';
import { lostPointsOf } from './score-workbook';
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
  /** 预算数 and 执行数 in 万元 (converted from the unit the form prints). */
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

/**
 * The typed cells of one form and the findings about them. `empty` counts output cells the rules
 * can fill but the person left empty: only said once the total is typed, since a blank form is
 * not yet a finding.
 */
class TypedCells {
  readonly findings: ReviewFinding[] = [];
  empty = 0;

  constructor(
    private readonly view: SheetView,
    readonly sheet: string,
  ) {}

  add(f: Omit<ReviewFinding, 'sheet'>): void {
    this.findings.push({ sheet: this.sheet, ...f });
  }

  at(address: string | null): CellValue {
    const at = address ? parseA1(address) : null;
    return at ? this.view.value(at.row, at.col) : null;
  }

  /** Compares a typed number with the rule's. Returns the typed number (null when empty or not a number). */
  compare(address: string | null, rule: Dec | null, code: ReviewCode, label: string, kind: 'score' | 'rate'): Dec | null {
    if (!address) return null;
    const raw = this.at(address);
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (rule !== null) this.empty++;
      return null;
    }
    const typed = typedNumber(raw, kind === 'rate');
    if (typed === null) {
      this.add({ cell: address, code: 'typed-not-number', severity: 'error', message: `${address} ${label}“${String(raw)}”不是数值`, typed: String(raw), rule: rule === null ? null : show(rule, kind) });
      return null;
    }
    if (rule === null) {
      if (kind === 'score') {
        this.add({ cell: address, code: 'score-without-rule', severity: 'warning', message: `${address} ${label}填有 ${show(typed, kind)}，但按规则无法计分（缺少完成值、指标值或分值）`, typed: show(typed, kind), rule: null });
      }
      return typed;
    }
    // A rate compares at the precision it is shown with (0.00% → 4 places of the fraction).
    const places = kind === 'rate' ? Math.min(6, Math.max(2, decimalsOf(typed), formatPlaces(this.view, address))) : 2;
    if (!typed.toDecimalPlaces(places).equals(rule.toDecimalPlaces(places))) {
      this.add({ cell: address, code, severity: 'error', message: `${address} ${label}填报 ${show(typed, kind)}，按规则应为 ${show(rule, kind)}`, typed: show(typed, kind), rule: show(rule, kind) });
    }
    return typed;
  }
}

/** What the rules give on the form's inputs, and which rows needed the evaluator's typed judgement. */
interface RuleScoring {
  ruleInput: FormInput;
  result: FormResult;
  judged: number[];
}

/** The typed figures the arithmetic checks re-add. */
interface TypedFigures {
  /** One per indicator unit that has a score cell; null where empty or not a number. */
  scores: (Dec | null)[];
  /** Indicator units (a merged indicator counts once). */
  units: number;
  tasks: (Dec | null)[];
  execution: Dec | null;
  subtotal: Dec | null;
  deduction: Dec | null;
  total: Dec | null;
}

function reviewForm(view: SheetView, form: RecognizedForm, options: ReviewOptions): FormReview {
  const profile = options.profile ?? (form.profileHint ? PROFILES[form.profileHint] : null) ?? PROFILES.national;
  const { ruleInput, result, judged } = scoreByRules(form, profile);
  const cells = new TypedCells(view, form.sheet);
  const rows = reviewRowScores(cells, form, result, judged, profile);
  const typed: TypedFigures = { ...rows, tasks: reviewTaskScores(cells, form, result), ...reviewOutputs(cells, form, result) };
  const typedGrade = reviewGrade(cells, form, result);
  noteExecutionCap(cells, form, result, profile);
  const indicatorSum = checkSubtotalArithmetic(cells, form, typed);
  checkTotalArithmetic(cells, form, typed, indicatorSum);
  if (cells.empty > 0 && typed.total !== null) {
    cells.add({ cell: null, code: 'outputs-empty', severity: 'info', message: `有 ${cells.empty} 个得分/完成程度单元格未填写`, typed: null, rule: null });
  }
  const targetTable = isTargetTable(form);
  reportInputProblems(cells, view, { ...form, input: ruleInput }, profile, result, targetTable);
  return formReviewOf(form, profile, result, cells.findings, { typedTotal: typed.total, typedGrade, targetTable });
}

/**
 * The rules alone on the form's inputs (typed scores ignored). Where the rules need the
 * evaluator's judgement (a qualitative row without a tier), a typed score is that judgement, so
 * it is fed back and the form scored again.
 */
function scoreByRules(form: RecognizedForm, profile: Profile): RuleScoring {
  const ruleInput = ruleInputOf(form, scoreForm(form.input, profile));
  const result = scoreForm(ruleInput, profile);
  const judged: number[] = [];
  result.rows.forEach((r, i) => {
    if (r.rule === 'qualitative' && r.unitStart === i && r.score === null && form.input.rows[i].score != null) judged.push(i);
  });
  if (!judged.length) return { ruleInput, result, judged };
  for (const i of judged) ruleInput.rows[i].score = form.input.rows[i].score;
  return { ruleInput, result: scoreForm(ruleInput, profile), judged };
}

/** Each indicator row: typed completion and score vs the rule, with the judgements and penalties behind the rule's score. */
function reviewRowScores(cells: TypedCells, form: RecognizedForm, result: FormResult, judged: number[], profile: Profile): Pick<TypedFigures, 'scores' | 'units'> {
  const scores: (Dec | null)[] = [];
  let units = 0;
  form.rowCells.forEach((at, i) => {
    const r = result.rows[i];
    if (!r) return;
    const name = form.input.rows[i].level3 ?? `第 ${at.excelRow} 行`;
    if (r.rule !== 'qualitative') cells.compare(at.completion, r.completion, 'completion-differs', `“${name}”完成程度`, 'rate');
    // A merged indicator is scored once, on its first row.
    if (r.unitStart !== i) return;
    units++;
    if (judged.includes(i)) {
      const judgement = form.input.rows[i].score;
      cells.add({ cell: at.score, code: 'judged-by-evaluator', severity: 'info', message: `${at.score ?? ''} “${name}”为定性指标，规则无法自动评判，采用填报得分`, typed: judgement == null ? null : String(judgement), rule: null });
    }
    const typed = cells.compare(at.score, r.score, 'score-differs', `“${name}”得分`, 'score');
    if (at.score) scores.push(typed);
    if (r.flags.includes('overshoot-penalty')) notePenalty(cells, at.score ?? at.actual, name, r.score, profile);
  });
  return { scores, units };
}

/** Says why a score is lower than the completion suggests: the profile's overshoot penalty. */
function notePenalty(cells: TypedCells, cell: string | null, name: string, score: Dec | null, profile: Profile): void {
  const overshoot = profile.overshoot!;
  cells.add({
    cell,
    code: 'overshoot-penalty',
    severity: 'info',
    message: `“${name}”实际完成值超出目标 ${Math.round(overshoot.threshold * 100)}% 以上，按${profile.name}扣 ${overshoot.points} 分（SCORING.md 3.5）`,
    typed: null,
    rule: score === null ? null : show(score, 'score'),
  });
}

/** Department forms: each task's typed execution rate and score vs the rule. */
function reviewTaskScores(cells: TypedCells, form: RecognizedForm, result: FormResult): (Dec | null)[] {
  const typed: (Dec | null)[] = [];
  form.taskCells.forEach((at, i) => {
    const t = result.tasks[i];
    if (!t) return;
    const name = form.input.tasks?.[i]?.name ?? `第 ${at.excelRow} 行`;
    cells.compare(at.rate, t.rate, 'task-rate-differs', `任务“${name}”执行率`, 'rate');
    const score = cells.compare(at.score, t.score, 'task-score-differs', `任务“${name}”得分`, 'score');
    if (at.score) typed.push(score);
  });
  return typed;
}

/** The form's typed execution rate and score, subtotal, deduction and total vs the rule; an empty total is a warning. */
function reviewOutputs(cells: TypedCells, form: RecognizedForm, result: FormResult): Pick<TypedFigures, 'execution' | 'subtotal' | 'deduction' | 'total'> {
  const o = form.outputs;
  cells.compare(o.executionRate, result.executionRate, 'execution-rate-differs', '预算执行率', 'rate');
  const execution = cells.compare(o.executionScore, result.executionScore, 'execution-score-differs', '预算执行率得分', 'score');
  const subtotal = cells.compare(o.subtotal, result.subtotal, 'subtotal-differs', '指标自评得分小计', 'score');
  const deduction = cells.compare(o.deduction, result.deduction, 'deduction-differs', '减分项', 'score');
  const totalRaw = cells.at(o.total);
  const total = cells.compare(o.total, result.total, 'total-differs', '总分', 'score');
  if (o.total && (totalRaw === null || totalRaw === '')) {
    cells.add({ cell: o.total, code: 'not-filled', severity: 'warning', message: `${o.total} 总分未填写`, typed: null, rule: show(result.total, 'score') });
  }
  return { execution, subtotal, deduction, total };
}

/** The typed grade vs the grade the rule's total gives. Returns the typed grade. */
function reviewGrade(cells: TypedCells, form: RecognizedForm, result: FormResult): string | null {
  const cell = form.outputs.grade ?? null;
  const raw = cells.at(cell);
  const typed = raw === null || String(raw).trim() === '' ? null : String(raw).trim();
  // 优秀 / 良好 / 中等 name the same grades as 优 / 良 / 中.
  if (cell && typed !== null && typed.replace(/[\s级]/g, '').charAt(0) !== result.grade) {
    cells.add({ cell, code: 'grade-differs', severity: 'error', message: `${cell} 等级填报“${typed}”，按总分 ${show(result.total, 'score')} 应为“${result.grade}”`, typed, rule: result.grade });
  }
  return typed;
}

/** Says why the rule's total is lower than its parts: the profile caps it for a low execution rate. */
function noteExecutionCap(cells: TypedCells, form: RecognizedForm, result: FormResult, profile: Profile): void {
  if (!(result.deduction.greaterThan(0) && profile.executionCaps.length && result.executionRate !== null)) return;
  const o = form.outputs;
  cells.add({
    cell: o.deduction ?? o.total,
    code: 'execution-cap',
    severity: 'info',
    message: `预算执行率 ${show(result.executionRate, 'rate')} 低于封顶线，按${profile.name}总分封顶（减分 ${show(result.deduction, 'score')}，SCORING.md 4.2）`,
    typed: null,
    rule: show(result.deduction, 'score'),
  });
}

// Arithmetic of the typed figures: a rounded part may be off by half a cent each.
const allTyped = (xs: (Dec | null)[]) => xs.length > 0 && xs.every((x) => x !== null);
const tolerance = (parts: number) => new D('0.005').times(Math.max(2, parts));

/** The typed subtotal vs the sum of the typed row scores. Returns that sum when every unit's score is typed. */
function checkSubtotalArithmetic(cells: TypedCells, form: RecognizedForm, typed: TypedFigures): Dec | null {
  if (!allTyped(typed.scores) || typed.scores.length !== typed.units) return null;
  const sum = typed.scores.reduce<Dec>((s, x) => s.plus(x!), new D(0));
  const subtotal = typed.subtotal;
  if (subtotal !== null && subtotal.minus(sum).abs().greaterThan(tolerance(typed.scores.length))) {
    const cell = form.outputs.subtotal;
    cells.add({ cell, code: 'subtotal-arithmetic', severity: 'error', message: `${cell} 小计 ${show(subtotal, 'score')} 不等于各行得分之和 ${show(sum, 'score')}`, typed: show(subtotal, 'score'), rule: show(sum, 'score') });
  }
  return sum;
}

/** The typed total vs its typed parts (subtotal or row scores, execution score, task scores, less the deduction). */
function checkTotalArithmetic(cells: TypedCells, form: RecognizedForm, typed: TypedFigures, indicatorSum: Dec | null): void {
  const { total, subtotal, execution, deduction, tasks } = typed;
  if (total === null) return;
  const indicators = subtotal ?? indicatorSum;
  const tasksOk = form.taskCells.length === 0 || allTyped(tasks);
  const execOk = !form.outputs.executionScore || execution !== null;
  if (indicators === null || !tasksOk || !execOk) return;
  const parts = [indicators, ...(execution !== null ? [execution] : []), ...tasks.map((t) => t!)];
  let expected = parts.reduce((s, x) => s.plus(x), new D(0));
  if (deduction !== null) expected = expected.minus(deduction);
  if (expected.isNegative()) expected = new D(0);
  const n = (subtotal ? 1 : typed.scores.length) + tasks.length + 2;
  if (total.minus(expected).abs().lessThanOrEqualTo(tolerance(n))) return;
  const cell = form.outputs.total;
  const terms = `${subtotal ? '小计' : '指标得分'}${execution !== null ? ' + 执行率得分' : ''}${tasks.length ? ' + 任务得分' : ''}${deduction !== null ? ' − 减分项' : ''}`;
  cells.add({ cell, code: 'total-arithmetic', severity: 'error', message: `${cell} 总分 ${show(total, 'score')} 与各项之和 ${show(expected, 'score')} 不符（${terms}）`, typed: show(total, 'score'), rule: show(expected, 'score') });
}

/** A target table (no 全年完成值 column, or every actual empty) is checked for targets and weights only. */
function isTargetTable(form: RecognizedForm): boolean {
  return form.problems.some((p) => p.code === 'no-actual-column') || form.input.rows.every((r) => r.actual === null || r.actual === undefined || String(r.actual).trim() === '');
}

/** What the recogniser and the engine found on the inputs (weights sum, missing deviation reasons, bad values …). */
function reportInputProblems(cells: TypedCells, view: SheetView, form: RecognizedForm, profile: Profile, result: FormResult, targetTable: boolean): void {
  // 失分项 by the rules, so that a missing deviation reason is found whatever was typed.
  const located = locateProblems({ form, profile, result, lost: lostPointsOf(form, result, view) }).filter(
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
    cells.add({ cell: p.address, code: `problem:${p.code}`, severity: p.severity === 'info' ? 'warning' : p.severity, message: p.address ? `${p.address} ${p.message}` : p.message, typed: null, rule: null });
  }
}

function formReviewOf(
  form: RecognizedForm,
  profile: Profile,
  result: FormResult,
  findings: ReviewFinding[],
  typed: { typedTotal: Dec | null; typedGrade: string | null; targetTable: boolean },
): FormReview {
  // In 万元 whatever the form prints, so that sums over forms (部门概况) add like with like.
  const wan = new D(WAN_PER_UNIT[form.amountUnit ?? '万元']);
  const budget = readNumber(form.input.budget);
  const spent = readNumber(form.input.spent);
  return {
    sheet: form.sheet,
    project: form.name ?? form.title ?? form.sheet,
    layout: form.layout,
    kind: form.kind,
    profile: profile.id,
    profileName: profile.name,
    typedTotal: typed.typedTotal,
    ruleTotal: result.total,
    typedGrade: typed.typedGrade,
    ruleGrade: result.grade,
    targetTable: typed.targetTable,
    budget: budget === 'bad' || budget === null ? null : budget.times(wan),
    spent: spent === 'bad' || spent === null ? null : spent.times(wan),
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
