/**
 * SCORING.md 4.1 Scoring units: rows under one merged 分值/得分 cell are one unit — completion the
 * mean of theirs (rounded by 3.6), score weight × completion (less the 3.5 penalty), written once.
 */
import { type Dec, ZERO, sum } from './decimal';
import { readWeight } from './input-checks';
import { typedScoreOverride } from './override';
import { penalisedScore } from './overshoot';
import { problem } from './problems';
import type { Profile } from './profiles';
import { roundCompletion, roundScore } from './rounding';
import type { RowEvaluation } from './row-notes';
import type { FormInput, RowResult } from './types';

export interface Unit {
  rows: number[];
  weight: Dec | null;
}

/** Rows sharing a `scoringUnit` key form one unit, in the order of their first row. */
export function groupUnits(form: FormInput): Unit[] {
  const byKey = new Map<string, Unit>();
  const units: Unit[] = [];
  form.rows.forEach((row, i) => {
    const key = row.scoringUnit;
    const existing = key === null || key === undefined || key === '' ? undefined : byKey.get(String(key));
    if (existing) return void existing.rows.push(i);
    const u: Unit = { rows: [i], weight: null };
    if (key !== null && key !== undefined && key !== '') byKey.set(String(key), u);
    units.push(u);
  });
  return units;
}

/** A unit's weight is the first readable 分值 of its rows; unreadable or impossible ones (over 100) are reported where they stand. */
export function readUnitWeights(form: FormInput, units: Unit[], results: RowResult[]): void {
  for (const u of units) {
    for (const i of u.rows) {
      const w = readWeight(form.rows[i].weight, 'weight', results[i].problems);
      if (w !== 'bad' && w !== null && u.weight === null) u.weight = w;
    }
  }
}

/** The row's result before it is combined: its own rule, flags and problems. */
export function initialResult(e: RowEvaluation, i: number): RowResult {
  return {
    index: i, rule: e.rule, completion: null, unitCompletion: null, score: null, ruleCompletion: null, ruleScore: null,
    weight: null, unitStart: i, unitRows: [i], flags: [...e.flags], problems: [...e.problems],
  };
}

/** Scores one unit into its rows' results; returns whether it is pending (an actual is missing). */
export function scoreUnit(u: Unit, form: FormInput, evals: RowEvaluation[], results: RowResult[], profile: Profile, anyWeight: boolean): boolean {
  const members = u.rows.map((i) => evals[i]);
  const head = results[u.rows[0]];
  placeRows(u, evals, results, profile);
  head.weight = u.weight;
  if (members.some((m) => m.pending)) return true;
  if (members.some((m) => m.completion === null)) return false;
  const { ruleC, c } = unitCompletions(members, head, profile);
  head.unitCompletion = c;
  if (u.weight === null) {
    if (anyWeight) head.problems.push(problem('missing-weight', '缺少分值，本行无法计分', 'weight'));
    return false;
  }
  unitScore(u.weight, members, ruleC, c, form.rows[u.rows[0]].score, head, profile);
  return false;
}

/** Every row of the unit learns its unit and its own rounded completion (and the rule's, when overridden). */
function placeRows(u: Unit, evals: RowEvaluation[], results: RowResult[], profile: Profile): void {
  for (const i of u.rows) {
    const r = results[i];
    r.unitStart = u.rows[0];
    r.unitRows = [...u.rows];
    const e = evals[i];
    if (e.completion === null) continue;
    r.completion = roundCompletion(e.override ?? e.completion, profile);
    if (e.override !== null) r.ruleCompletion = roundCompletion(e.completion, profile);
  }
}

/** The rule's completion of the unit and the one used (a person's completions where typed). */
function unitCompletions(members: RowEvaluation[], head: RowResult, profile: Profile): { ruleC: Dec; c: Dec } {
  const mean = (pick: (m: RowEvaluation) => Dec): Dec => (members.length === 1 ? pick(members[0]) : sum(members.map(pick)).dividedBy(members.length));
  const single = members.length === 1 && members[0].override === null;
  const ruleC = single ? (head.completion as Dec) : roundCompletion(mean((m) => m.completion as Dec), profile);
  const overridden = members.some((m) => m.override !== null);
  const c = overridden ? roundCompletion(mean((m) => m.override ?? (m.completion as Dec)), profile) : ruleC;
  return { ruleC, c };
}

/** weight × completion (less the overshoot penalty), rounded; a typed 得分 may override it (3.8). */
function unitScore(w: Dec, members: RowEvaluation[], ruleC: Dec, c: Dec, typed: FormInput['rows'][number]['score'], head: RowResult, profile: Profile): void {
  const penalty = members.some((m) => m.penalty);
  const scoreOf = (cc: Dec): Dec => roundScore(penalty ? penalisedScore(w, cc, profile) : w.times(cc), profile);
  const ruleScore = scoreOf(ruleC);
  head.score = typedScoreOverride(typed, c === ruleC ? ruleScore : scoreOf(c), w, head);
  if (head.flags.includes('manual') || members.some((m) => m.override !== null)) {
    head.ruleScore = ruleScore;
    head.ruleCompletion = ruleC;
  }
}

/** Σ unit scores (指标自评得分小计) and Σ unit weights. */
export function indicatorSums(results: RowResult[], units: Unit[]): { subtotal: Dec; weightsSum: Dec } {
  return { subtotal: sum(results.map((r) => r.score ?? ZERO)), weightsSum: sum(units.map((u) => u.weight ?? ZERO)) };
}
