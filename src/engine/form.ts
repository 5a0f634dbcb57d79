import { D, type Dec, ONE, ZERO, dmax, dmin, roundTo, sum } from './decimal';
import { gradeOf } from './grade';
import { memo } from './memo';
import { normalizeValueText } from './parse';
import { problem } from './problems';
import type { Profile } from './profiles';
import { evaluateRow, splitGroupLabel, type RowEvaluation } from './row';
import type { CellInput, FormInput, FormKind, FormResult, Problem, RowFlag, RowResult, TaskInput, TaskResult } from './types';

/** A plain amount or weight (`133.12`, `3, 042. 92`, `20分`, `10%` for rates); null when empty, 'bad' when unreadable. */
export function readNumber(input: CellInput, opts: { percent?: boolean } = {}): Dec | null | 'bad' {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') return Number.isFinite(input) ? numberCached(input) : 'bad';
  if (typeof input !== 'string') return 'bad';
  return opts.percent ? readRateText(input) : readNumberText(input);
}

/** Weights and amounts repeat across rows (4, 10, 12.5 …): one Decimal each. */
const numberCache = new Map<number, Dec>();
function numberCached(n: number): Dec {
  let d = numberCache.get(n);
  if (!d) {
    d = new D(n);
    if (numberCache.size > 10_000) numberCache.clear();
    numberCache.set(n, d);
  }
  return d;
}

const readNumberText = memo((input: string) => parseNumberText(input, false));
const readRateText = memo((input: string) => parseNumberText(input, true));

function parseNumberText(input: string, percent: boolean): Dec | null | 'bad' {
  const s = normalizeValueText(input).replace(/\s+/g, '');
  if (!s) return null;
  const m = /^([-+]?\d+(?:\.\d+)?)(%|分|万元|元)?$/.exec(s);
  if (!m) return 'bad';
  const n = new D(m[1]);
  if (m[2] === '%') return n.dividedBy(100);
  // A printed rate without % (`0. 95`) is a fraction; `95` is percent points.
  if (percent && n.greaterThan(1.5)) return n.dividedBy(100);
  return n;
}

interface Unit {
  rows: number[];
  weight: Dec | null;
}

function groupUnits(form: FormInput): Unit[] {
  const byKey = new Map<string, Unit>();
  const units: Unit[] = [];
  form.rows.forEach((row, i) => {
    const key = row.scoringUnit;
    if (key === null || key === undefined || key === '') {
      units.push({ rows: [i], weight: null });
      return;
    }
    const k = String(key);
    const existing = byKey.get(k);
    if (existing) existing.rows.push(i);
    else {
      const u = { rows: [i], weight: null };
      byKey.set(k, u);
      units.push(u);
    }
  });
  return units;
}

/** Scores a whole form (SCORING.md §4). Never throws on user input. */
export function scoreForm(form: FormInput, profile: Profile): FormResult {
  const kind: FormKind = form.kind === 'department' || form.kind === 'overall' ? form.kind : 'project';
  const formProblems: Problem[] = [];
  const evals: RowEvaluation[] = form.rows.map((row) => evaluateRow(row, { profile, formKind: kind }));
  const results: RowResult[] = evals.map((e, i) => ({
    index: i,
    rule: e.rule,
    completion: null,
    unitCompletion: null,
    score: null,
    ruleCompletion: null,
    ruleScore: null,
    weight: null,
    unitStart: i,
    unitRows: [i],
    flags: [...e.flags],
    problems: [...e.problems],
  }));

  const units = groupUnits(form);
  for (const u of units) {
    for (const i of u.rows) {
      const w = readNumber(form.rows[i].weight);
      if (w === 'bad' || (w !== null && w.isNegative())) results[i].problems.push(problem('bad-weight', `无法识别分值“${form.rows[i].weight}”`, 'weight'));
      else if (w !== null && u.weight === null) u.weight = w;
    }
  }
  const anyWeight = units.some((u) => u.weight !== null);
  if (!anyWeight && form.rows.length > 0) {
    formProblems.push(problem('no-weights', '表中没有分值（权重）列或分值全部为空，无法计算得分'));
  }

  const places = profile.completionDecimals;
  const roundC = (c: Dec): Dec => (places === null ? c : roundTo(c, places));
  const roundS = (s: Dec): Dec => (profile.scoreDecimals === null ? s : roundTo(s, profile.scoreDecimals));
  let pending = 0;

  for (const u of units) {
    const first = u.rows[0];
    const members = u.rows.map((i) => evals[i]);
    for (const i of u.rows) {
      const r = results[i];
      r.unitStart = first;
      r.unitRows = [...u.rows];
      const e = evals[i];
      if (e.completion !== null) {
        r.completion = roundC(e.override ?? e.completion);
        if (e.override !== null) r.ruleCompletion = roundC(e.completion);
      }
    }
    const head = results[first];
    head.weight = u.weight;
    if (members.some((m) => m.pending)) {
      pending += 1;
      continue;
    }
    if (members.some((m) => m.completion === null)) continue;
    const mean = (pick: (m: RowEvaluation) => Dec): Dec =>
      members.length === 1 ? pick(members[0]) : sum(members.map(pick)).dividedBy(members.length);
    const ruleC = members.length === 1 && members[0].override === null ? (results[first].completion as Dec) : roundC(mean((m) => m.completion as Dec));
    const c = members.some((m) => m.override !== null) ? roundC(mean((m) => m.override ?? (m.completion as Dec))) : ruleC;
    head.unitCompletion = c;
    if (u.weight === null) {
      if (anyWeight) head.problems.push(problem('missing-weight', '缺少分值，本行无法计分', 'weight'));
      continue;
    }
    const w = u.weight;
    const penalty = members.some((m) => m.penalty) ? new D(profile.overshoot?.points ?? 0) : null;
    const scoreOf = (cc: Dec): Dec => roundS(penalty ? dmin(w, dmax(ZERO, w.times(cc).minus(penalty))) : w.times(cc));
    const ruleScore = scoreOf(ruleC);
    let score = c === ruleC ? ruleScore : scoreOf(c);
    const typed = readNumber(form.rows[first].score);
    if (typed === 'bad') {
      head.problems.push(problem('bad-score', `无法识别得分“${form.rows[first].score}”，按规则计算`, 'score'));
    } else if (typed !== null) {
      if (typed.isNegative() || typed.greaterThan(w)) {
        head.problems.push(problem('bad-score', `手工得分 ${typed.toFixed()} 超出 0–${w.toFixed()} 分，按规则计算`, 'score'));
      } else if (!typed.equals(score)) {
        score = typed;
        if (!head.flags.includes('manual')) head.flags.push('manual');
      }
    }
    head.score = score;
    if (head.flags.includes('manual') || members.some((m) => m.override !== null)) {
      head.ruleScore = ruleScore;
      head.ruleCompletion = ruleC;
    }
  }

  const subtotal = sum(results.map((r) => r.score ?? ZERO));
  const weightsSum = sum(units.map((u) => u.weight ?? ZERO));
  checkGroupWeights(form, units, formProblems);

  const tasks = (form.tasks ?? []).map((t, i) => scoreTask(t, i, profile));
  const taskTotal = sum(tasks.map((t) => t.score ?? ZERO));
  const taskWeights = sum(tasks.map((t) => t.weight ?? ZERO));

  let executionRate: Dec | null = null;
  let executionScore: Dec | null = null;
  const printedWeight = readNumber(form.executionWeight);
  const executionWeight = kind === 'department' ? ZERO : printedWeight instanceof D ? printedWeight : new D(profile.executionWeight);
  if (kind !== 'department') {
    executionRate = readExecutionRate(form, formProblems);
    if (executionRate !== null) executionScore = roundS(executionWeight.times(dmin(executionRate, ONE)));
  }

  const expectedWeights = kind === 'department' ? new D(100).minus(taskWeights) : new D(100).minus(executionWeight);
  if (anyWeight && !weightsSum.equals(expectedWeights)) {
    formProblems.push(
      problem(
        'weights-sum',
        kind === 'department'
          ? `指标分值合计 ${weightsSum.toFixed()}，加上年度主要任务分值 ${taskWeights.toFixed()} 应为 100`
          : `指标分值合计 ${weightsSum.toFixed()}，应为 ${expectedWeights.toFixed()}（100 − 预算执行率 ${executionWeight.toFixed()} 分）`,
      ),
    );
  }

  const gross = kind === 'department' ? taskTotal.plus(subtotal) : subtotal.plus(executionScore ?? ZERO);
  let deduction = capDeduction(gross, executionRate, profile);
  const manualDeduction = readNumber(form.deduction);
  if (manualDeduction === 'bad') formProblems.push(problem('bad-number', `无法识别减分项“${form.deduction}”`, 'deduction'));
  else if (manualDeduction !== null && manualDeduction.greaterThan(0)) deduction = deduction.plus(manualDeduction);
  const total = dmax(ZERO, gross.minus(deduction));

  return {
    title: form.title ?? null,
    kind,
    profile: profile.id,
    rows: results,
    tasks,
    executionRate,
    executionWeight,
    executionScore,
    subtotal,
    taskTotal,
    deduction,
    total,
    grade: gradeOf(total, profile),
    pending,
    weightsSum,
    problems: formProblems,
  };
}

/** 减分项 from the profile's execution caps (SCORING.md 4.2): what the total exceeds its cap by. */
export function capDeduction(gross: Dec, executionRate: Dec | null, profile: Profile): Dec {
  if (executionRate === null) return ZERO;
  const cap = [...profile.executionCaps].sort((a, b) => a.rateBelow - b.rateBelow).find((c) => executionRate.lessThan(c.rateBelow));
  return cap && gross.greaterThan(cap.maxTotal) ? gross.minus(cap.maxTotal) : ZERO;
}

function readExecutionRate(form: FormInput, problems: Problem[]): Dec | null {
  const budget = readNumber(form.budget);
  const spent = readNumber(form.spent);
  if (budget === 'bad') problems.push(problem('bad-number', `无法识别预算数“${form.budget}”`, 'budget'));
  if (spent === 'bad') problems.push(problem('bad-number', `无法识别执行数“${form.spent}”`, 'spent'));
  if (budget instanceof D && spent instanceof D) {
    if (budget.isZero()) {
      problems.push(problem('budget-zero', '预算数为 0，执行率按 0 计', 'budget'));
      return ZERO;
    }
    return dmax(ZERO, spent.dividedBy(budget));
  }
  const printed = readNumber(form.executionRate, { percent: true });
  if (printed instanceof D) return dmax(ZERO, printed);
  problems.push(problem('missing-budget', '缺少预算数或执行数，无法计算预算执行率得分', budget instanceof D ? 'spent' : 'budget'));
  return null;
}

function scoreTask(t: TaskInput, index: number, profile: Profile): TaskResult {
  const problems: Problem[] = [];
  const flags: RowFlag[] = [];
  const weight = readNumber(t.weight);
  const allocated = readNumber(t.allocated);
  const spent = readNumber(t.spent);
  let rate: Dec | null = null;
  if (allocated instanceof D && spent instanceof D) {
    if (allocated.isZero()) problems.push(problem('budget-zero', '项目下达金额为 0，执行率按 0 计', 'allocated'));
    rate = allocated.isZero() ? ZERO : dmax(ZERO, spent.dividedBy(allocated));
  } else {
    const printed = readNumber(t.rate, { percent: true });
    if (printed instanceof D) rate = printed;
    else problems.push(problem('task-missing-amounts', '年度主要任务缺少下达金额或执行金额', allocated instanceof D ? 'spent' : 'allocated'));
  }
  if (weight === 'bad') problems.push(problem('bad-weight', `无法识别分值“${t.weight}”`, 'weight'));
  const w = weight instanceof D ? weight : null;
  let score: Dec | null = null;
  let ruleScore: Dec | null = null;
  if (rate !== null && w !== null) {
    score = roundTo(w.times(dmin(rate, ONE)), profile.taskScore.decimals, profile.taskScore.mode);
    const typed = readNumber(t.score);
    if (typed instanceof D && !typed.equals(score) && !typed.isNegative() && typed.lessThanOrEqualTo(w)) {
      ruleScore = score;
      score = typed;
      flags.push('manual');
    }
  }
  return { index, rate, score, ruleScore, weight: w, flags, problems };
}

/** Group weights printed in a 一级指标 label (`成本指标（20分）`) must equal the weights under it. */
function checkGroupWeights(form: FormInput, units: Unit[], problems: Problem[]): void {
  const unitWeightAt = new Map<number, Dec>();
  for (const u of units) if (u.weight !== null) unitWeightAt.set(u.rows[0], u.weight);
  let current: { label: string; name: string; weight: Dec | null; sum: Dec } | null = null;
  const close = (): void => {
    if (current && current.weight !== null && !current.sum.equals(current.weight)) {
      problems.push(problem('group-weight', `一级指标“${current.name}”标注 ${current.weight.toFixed()} 分，下属指标分值合计 ${current.sum.toFixed()} 分`));
    }
  };
  form.rows.forEach((row, i) => {
    const label = (row.level1 ?? '').trim();
    if (label && (!current || label !== current.label)) {
      close();
      const g = splitGroupLabel(label);
      current = { label, name: g.name, weight: g.weight, sum: ZERO };
    }
    const w = unitWeightAt.get(i);
    if (current && w) current.sum = current.sum.plus(w);
  });
  close();
}

