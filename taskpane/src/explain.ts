import type { Dec } from '../../src/engine/decimal';
import type { ScoredForm } from '../../src/sheet/contract';

/** Pure reading of a scored form for the pane: why the total is what it is, what lost points, what is still open. */

export interface LostRow {
  excelRow: number;
  indicator: string;
  lost: string;
  weight: string;
  score: string;
  /** Where the officer writes 偏差原因分析 for this row, when the layout knows it. */
  reasonCell: string | null;
  reasonEmpty: boolean | null;
  cell: string | null;
}

export interface ChartBar {
  label: string;
  earned: number;
  available: number;
}

export interface Provisional {
  rows: number;
  firstCell: string | null;
  reasons: string[];
}


function num2(x: Dec | null | undefined): string {
  return x === null || x === undefined ? '—' : trim(x.toFixed(2));
}

/** 20.40 → 20.4, 59.00 → 59: the way people write points in a sentence. */
function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function percent(x: Dec | null | undefined): string {
  return x === null || x === undefined ? '—' : `${trim(x.times(100).toFixed(1))}%`;
}

function indicatorOf(f: ScoredForm, i: number): string {
  const r = f.form.input.rows[i];
  return String(r?.level3 ?? r?.level2 ?? '').trim() || `第 ${f.form.rowCells[i]?.excelRow ?? i + 1} 行`;
}

function dec2(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? trim(n.toFixed(2)) : text;
}

/** The sheet layer's 失分项 (rows that lost points, with their reason cell): the first thing a reviewer checks. */
export function lostRows(f: ScoredForm): LostRow[] {
  return f.lost.map((l) => {
    const cells = f.form.rowCells[l.index];
    return {
      excelRow: l.excelRow,
      indicator: l.indicator?.trim() || indicatorOf(f, l.index),
      lost: dec2(l.lost),
      weight: dec2(l.weight),
      score: dec2(l.score),
      reasonCell: l.reasonCell,
      reasonEmpty: l.reasonCell ? !l.reason || !l.reason.trim() : null,
      cell: cells?.score ?? cells?.actual ?? null,
    };
  });
}

/** Plain-Chinese lines for every cap, deduction, penalty and inferred operator. */
export function explanations(f: ScoredForm): string[] {
  const { result: r, profile } = f;
  const lines: string[] = [];
  const gross = r.subtotal.plus(r.executionScore ?? 0).plus(r.taskTotal);
  if (r.executionRate !== null && r.executionScore !== null && !r.tasks.length) {
    lines.push(`执行率 ${percent(r.executionRate)}，执行率得分 ${num2(r.executionScore)} / ${num2(r.executionWeight)} 分。`);
  }
  const cap = r.executionRate === null ? undefined : [...profile.executionCaps].sort((a, b) => a.rateBelow - b.rateBelow).find((c) => r.executionRate!.lessThan(c.rateBelow));
  if (cap && gross.greaterThan(cap.maxTotal)) {
    lines.push(`执行率 ${percent(r.executionRate)} 低于 ${cap.rateBelow * 100}%，总分按规定不超过 ${cap.maxTotal} 分，减分 ${num2(gross.minus(cap.maxTotal))}。`);
  }
  const manual = Number(f.form.input.deduction);
  if (Number.isFinite(manual) && manual > 0) lines.push(`表中填写的减分项 ${trim(manual.toFixed(2))} 分已从总分中扣除。`);
  if (r.executionRate !== null && r.executionRate.isZero() && !r.tasks.length) lines.push('资金尚未支出（执行率 0%），执行率得分为 0。');
  f.result.rows.forEach((row, i) => {
    const where = `第 ${f.form.rowCells[i]?.excelRow ?? i + 1} 行“${indicatorOf(f, i)}”`;
    if (row.flags.includes('overshoot-penalty') && profile.overshoot) {
      lines.push(`${where}超额完成超过 ${profile.overshoot.threshold * 100}%，按规定扣 ${profile.overshoot.points} 分（偏差过大）。`);
    }
    if (row.flags.includes('operator-inferred')) {
      const dir = row.rule.startsWith('reverse') ? '越低越好（≤）' : row.rule === 'equality' ? '等于目标（=）' : '越高越好（≥）';
      lines.push(`${where}未填运算符号，已按指标推定为${dir}。`);
    }
  });
  return lines;
}

/** Points earned against points available per 一级指标, then execution (or 年度主要任务). */
export function chartBars(f: ScoredForm): ChartBar[] {
  const groups = new Map<string, ChartBar>();
  let level1 = '';
  f.result.rows.forEach((row, i) => {
    const typed = String(f.form.input.rows[i]?.level1 ?? '').trim();
    // 一级指标 is merged down its rows: the first row names it for the ones below.
    if (typed) level1 = typed;
    if (row.unitStart !== i || row.weight === null) return;
    const label = (level1 || '指标').replace(/指标$/, '') || '指标';
    const bar = groups.get(label) ?? { label, earned: 0, available: 0 };
    bar.available += row.weight.toNumber();
    bar.earned += row.score?.toNumber() ?? 0;
    groups.set(label, bar);
  });
  const bars = [...groups.values()];
  const r = f.result;
  if (r.tasks.length) {
    const available = r.tasks.reduce((s, t) => s + (t.weight?.toNumber() ?? 0), 0);
    bars.unshift({ label: '年度主要任务', earned: r.taskTotal.toNumber(), available });
  } else if (r.executionScore !== null || r.executionRate !== null) {
    bars.unshift({ label: '预算执行', earned: r.executionScore?.toNumber() ?? 0, available: r.executionWeight.toNumber() });
  }
  return bars.map((b) => ({ ...b, earned: round2(b.earned), available: round2(b.available) }));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Rows still open: pending actuals, unreadable values, qualitative rows waiting for the evaluator. */
export function provisional(f: ScoredForm): Provisional | null {
  const open = new Set<number>();
  const reasons = new Set<string>();
  let firstCell: string | null = null;
  f.result.rows.forEach((row, i) => {
    const codes = row.problems.map((p) => p.code);
    let why: string | null = null;
    if (codes.includes('missing-actual')) why = '待填完成值';
    else if (codes.includes('bad-actual') || codes.includes('bad-number')) why = '完成值无法识别';
    else if (row.flags.includes('judgement-needed') || codes.includes('judgement-needed')) why = '定性指标待评价';
    else if (row.score === null && row.unitStart === i && row.weight !== null && row.rule !== 'none') why = '未能计分';
    if (!why) return;
    open.add(i);
    reasons.add(why);
    const cells = f.form.rowCells[i];
    if (firstCell === null) firstCell = cells?.actual ?? cells?.completion ?? cells?.score ?? null;
  });
  const count = Math.max(open.size, f.result.pending);
  return count ? { rows: count, firstCell, reasons: [...reasons] } : null;
}

