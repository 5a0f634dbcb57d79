import { D, type Dec } from './decimal';
import { memo } from './memo';
import { UNIT_CHARS, unitInfo, type UnitInfo } from './units';
import type { CellInput } from './types';

export type Operator = '>=' | '<=' | '=' | '>' | '<' | '!=';

export type ParsedValue =
  | { kind: 'empty' }
  | {
      kind: 'number';
      /** Operator written in the value itself (embedded sign or words), if any. */
      op: Operator | null;
      /** The value converted to the base unit (`1.1万人` → 11000, `98%` → 0.98). */
      value: Dec;
      unit: UnitInfo;
      /** More lines followed in the same cell and were not read (`≥12 次\n1-2 次`). */
      extraLines: boolean;
    }
  | { kind: 'range'; low: Dec; high: Dec; unit: UnitInfo; extraLines: boolean }
  | { kind: 'text'; text: string };

const SIGN_OPS: Record<string, Operator> = { '≥': '>=', '≤': '<=', '=': '=', '>': '>', '<': '<', '≠': '!=' };

/** Words before a number and the operator they mean; longest first so 不低于 wins over 低于. */
const PREFIX_WORDS: [string, Operator][] = (
  [
    ['大于或等于', '>='], ['大于等于', '>='], ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['至少', '>='],
    ['达到', '>='], ['高于', '>'], ['超过', '>'], ['大于', '>'], ['多于', '>'],
    ['小于或等于', '<='], ['小于等于', '<='], ['不高于', '<='], ['不超过', '<='], ['不多于', '<='], ['不大于', '<='],
    ['控制在', '<='], ['最多', '<='], ['低于', '<'], ['小于', '<'], ['少于', '<'], ['等于', '='],
  ] as [string, Operator][]
).sort((a, b) => b[0].length - a[0].length);

const SUFFIX_WORDS: [string, Operator][] = [
  ['(含)以上', '>='], ['以上(含)', '>='], ['及以上', '>='], ['或以上', '>='], ['以上', '>='],
  ['(含)以下', '<='], ['以下(含)', '<='], ['及以下', '<='], ['或以下', '<='], ['以下', '<='],
  // `3个工作日内`, `48小时内`: a deadline written after the number.
  ['以内', '<='], ['之内', '<='], ['内', '<='],
];

// `1500.` (a trailing dot, as typed or OCR'd) is the number 1500.
const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const MAGNITUDE = '(?:千万|百万|亿|万|千)';
const UNIT = `[${UNIT_CHARS}]*`;
const pre = PREFIX_WORDS.map(([w]) => w).join('|');
const suf = SUFFIX_WORDS.map(([w]) => w.replace(/[()]/g, '\\$&')).join('|');

const QUANTITY_RE = new RegExp(
  `^(${pre})?([≥≤≠><=])?(${pre})?(${NUMBER})(${MAGNITUDE})?(${UNIT}?)(${suf})?$`,
);
const RANGE_RE = new RegExp(`^(${NUMBER})(${MAGNITUDE})?(${UNIT}?)[-~—–至到](${NUMBER})(${MAGNITUDE})?(${UNIT}?)$`);

const MAGNITUDE_VALUE: Record<string, string> = { 千万: '10000000', 百万: '1000000', 亿: '100000000', 万: '10000', 千: '1000' };

/**
 * Undoes what typing, PDF extraction and OCR do to a value: full-width forms, TeX and ASCII
 * operators, spaces inside numbers (`9827. 48`, `3, 042. 92`), thousands separators.
 */
export const normalizeValueText = memo(normalizeUncached);

function normalizeUncached(raw: string): string {
  let s = raw.normalize('NFKC');
  s = s
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\\geq?(?![a-z])/g, '≥')
    .replace(/\\leq?(?![a-z])/g, '≤')
    .replace(/\\neq?(?![a-z])/g, '≠')
    .replace(/[≧⩾]/g, '≥')
    .replace(/[≦⩽≪]/g, '≤')
    .replace(/>=|=>/g, '≥')
    .replace(/<=|=</g, '≤')
    .replace(/!=|<>/g, '≠')
    .replace(/==/g, '=')
    // Box-drawing ═ (U+2550) typed for = in some templates.
    .replace(/═/g, '=')
    .replace(/[−﹣]/g, '-')
    .replace(/[～〜]/g, '~');
  // PDF/OCR damage: "9827. 48" → "9827.48"; "3, 042. 92" → "3,042.92"; "99. 5%" → "99.5%".
  s = s.replace(/(\d)\s*\.\s+(\d)/g, '$1.$2').replace(/(\d)\s*,\s+(\d{3})(?!\d)/g, '$1,$2');
  // Thousands separators: "1,200" → "1200" (only in groups of three).
  s = s.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  return s.trim();
}

/** Parses one line that has been normalised and stripped of spaces. */
function parseLine(line: string, unitColumn: string | null): ParsedValue | null {
  const q = QUANTITY_RE.exec(line);
  if (q) {
    const [, pre1, sign, pre2, num, mag, unitText, sufWord] = q;
    const ops: Operator[] = [];
    const preOp = (w?: string) => PREFIX_WORDS.find(([word]) => word === w)?.[1];
    if (pre1) ops.push(preOp(pre1)!);
    if (sign) ops.push(SIGN_OPS[sign]);
    if (pre2) ops.push(preOp(pre2)!);
    if (sufWord) {
      const so = SUFFIX_WORDS.find(([w]) => w === sufWord)![1];
      // 低于 X 以内 / 控制在 X 以内 mean ≤, as does a plain 以内.
      if (ops.length && (ops[ops.length - 1] === '<' || ops[ops.length - 1] === '<=') && so === '<=') ops[ops.length - 1] = '<=';
      else ops.push(so);
    }
    const distinct = [...new Set(ops)];
    if (distinct.length > 1) return { kind: 'text', text: line };
    const unit = unitInfo(unitText || unitColumn);
    let value = new D(num);
    if (mag) value = value.times(MAGNITUDE_VALUE[mag]);
    return { kind: 'number', op: distinct[0] ?? null, value: value.times(unit.factor), unit, extraLines: false };
  }
  const r = RANGE_RE.exec(line);
  if (r) {
    const [, n1, m1, u1, n2, m2, u2] = r;
    const unit = unitInfo(u2 || u1 || unitColumn);
    const u1info = u1 ? unitInfo(u1) : unit;
    if (u1info.base !== unit.base) return null;
    const low = new D(n1).times(m1 ? MAGNITUDE_VALUE[m1] : 1).times(u1info.factor);
    const high = new D(n2).times(m2 ? MAGNITUDE_VALUE[m2] : 1).times(unit.factor);
    if (low.greaterThan(high)) return null;
    if (low.isNegative()) return null;
    return { kind: 'range', low, high, unit, extraLines: false };
  }
  return null;
}

/**
 * Reads a target or actual as typed: a number with an optional bound and unit, a range, or
 * qualitative text. Never throws; anything not understood as a quantity is text.
 * `unitColumn` is the 度量单位 cell, used when the value carries no unit of its own.
 */
export function parseValue(input: CellInput, unitColumn?: string | null): ParsedValue {
  if (input === null || input === undefined) return { kind: 'empty' };
  const unitCol = unitColumn == null || unitColumn === '' ? null : normalizeValueText(String(unitColumn)).replace(/\s+/g, '') || null;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { kind: 'text', text: String(input) };
    const unit = unitInfo(unitCol);
    const value = new D(input);
    return { kind: 'number', op: null, value: unit.factor.equals(1) ? value : value.times(unit.factor), unit, extraLines: false };
  }
  if (typeof input !== 'string') return { kind: 'text', text: String(input) };
  return parseTextCached(unitCol === null ? input : `${unitCol}\u0000${input}`);
}

const parseTextCached = memo((key: string): ParsedValue => {
  const sep = key.indexOf('\u0000');
  return sep < 0 ? parseText(key, null) : parseText(key.slice(sep + 1), key.slice(0, sep));
});

function parseText(input: string, unitCol: string | null): ParsedValue {
  const text = normalizeValueText(input);
  // A dash or slash alone is how forms say "no value here".
  if (!text || /^[-—–_/\\]+$/.test(text)) return { kind: 'empty' };
  const lines = text.split(/[\r\n]+/).map((l) => l.replace(/\s+/g, '')).filter(Boolean);
  const first = parseLine(lines[0], unitCol);
  if (first && (first.kind === 'number' || first.kind === 'range')) {
    if (lines.length === 1) return first;
    // Several values in one cell (`≥12 次\n1-2 次`): the first is read, the rest reported.
    return { ...first, extraLines: true };
  }
  return { kind: 'text', text: input.trim() };
}

/** Text for the PARSE function and for messages: what the engine understood. */
export function describeParsed(p: ParsedValue): string {
  switch (p.kind) {
    case 'empty':
      return '（空）';
    case 'text':
      return `定性：${p.text}`;
    case 'range':
      return `区间 ${showValue(p.low, p.unit)} ~ ${showValue(p.high, p.unit)}`;
    case 'number': {
      const sign = p.op ? { '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<', '!=': '≠' }[p.op] + ' ' : '';
      return `${sign}${showValue(p.value, p.unit)}`;
    }
  }
}

function showValue(v: Dec, unit: UnitInfo): string {
  if (unit.base === '%') return `${v.times(100).toFixed()}%`;
  return unit.base ? `${v.toFixed()} ${unit.base}` : v.toFixed();
}
