import { memo, parseValue } from '../engine';

/**
 * What the operator-like columns of a form hold (LAYOUTS.md 3): 运算符号 / 指标性质 with an
 * operator, 指标方向 with 大于等于 / 小于等于 / 等于, or 指标性质 / 指标类型 with a polarity
 * (正向 / 反向) or a kind (定量 / 定性). A new region's wording is a table row here.
 */
export type Polarity = 'forward' | 'reverse';
export type IndicatorKind = 'quantitative' | 'qualitative';

/** Canonical operators handed to the engine. */
type Canonical = '≥' | '≤' | '=' | '>' | '<' | '≠';

const OPERATOR_WORDS: [Canonical, string[]][] = [
  ['≥', ['≥', '>=', '=>', '≧', '⩾', '\\geq', '\\ge', '大于等于', '大于或等于', '不少于', '不低于', '不小于', '至少', '以上', '及以上']],
  ['≤', ['≤', '<=', '=<', '≦', '⩽', '\\leq', '\\le', '小于等于', '小于或等于', '不高于', '不超过', '不大于', '不多于', '最多', '以内', '以下', '及以下']],
  ['=', ['=', '==', '﹦', '═', '等于']],
  ['>', ['>', '大于', '高于', '超过', '多于']],
  ['<', ['<', '小于', '低于', '少于']],
  ['≠', ['≠', '!=', '<>', '不等于']],
];

const POLARITY_WORDS: [Polarity, string[]][] = [
  ['forward', ['正向', '正向指标', '越大越好', '越高越好']],
  ['reverse', ['反向', '反向指标', '逆向', '逆向指标', '越小越好', '越低越好']],
];

const KIND_WORDS: [IndicatorKind, string[]][] = [
  ['quantitative', ['定量', '定量指标']],
  ['qualitative', ['定性', '定性指标']],
];

function squeezeNow(s: string): string {
  // NFKC turns ＞＝ into >=, ﹦ into =; the box-drawing ═ stays and is listed above.
  return s.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
}

/** Every row of a form holds one of a few operator texts: each is squeezed once (bounded memo). */
const squeeze = memo(squeezeNow, 4096);

/** A word table as squeezed word → value; the first value listing a word wins, as in the table's order. */
function byWord<T>(table: [T, string[]][]): Map<string, T> {
  const out = new Map<string, T>();
  for (const [value, words] of table) for (const w of words) if (!out.has(squeezeNow(w))) out.set(squeezeNow(w), value);
  return out;
}

const OPERATOR_BY_WORD = byWord(OPERATOR_WORDS);
const POLARITY_BY_WORD = byWord(POLARITY_WORDS);
const KIND_BY_WORD = byWord(KIND_WORDS);

function lookup<T>(table: Map<string, T>, text: string): T | null {
  return table.get(squeeze(text)) ?? null;
}

export interface OperatorCellReading {
  operator: Canonical | null;
  polarity: Polarity | null;
  kind: IndicatorKind | null;
}

/** Reads one operator-like cell; all null for text none of the tables knows. */
export function readOperatorWord(text: string | null): OperatorCellReading {
  if (!text || /^[-—–/]+$/.test(squeeze(text))) return { operator: null, polarity: null, kind: null };
  return { operator: lookup(OPERATOR_BY_WORD, text), polarity: lookup(POLARITY_BY_WORD, text), kind: lookup(KIND_BY_WORD, text) };
}

/**
 * The operator the engine gets from a row's operator-like cells (in the order direction,
 * operator, nature): the first written operator wins; else 定性 for a qualitative row; else the
 * polarity as ≥ / ≤ when the target carries no operator of its own; else nothing (the engine
 * infers it). Text no table knows is passed on as written, so the engine reports it.
 */
export function rowOperator(cells: (string | null)[], target: string | number | null): string | null {
  let polarity: Polarity | null = null;
  let kind: IndicatorKind | null = null;
  let unknown: string | null = null;
  for (const cell of cells) {
    if (!cell || cell.trim() === '') continue;
    const r = readOperatorWord(cell);
    // Signs as typed (`>=`, `\geq`, `≥`) stay as written, for messages; words and rarer glyphs become the sign.
    if (r.operator) return /^[\\a-z<>=!≥≤≠]+$/i.test(squeeze(cell)) ? cell.trim() : r.operator;
    polarity ??= r.polarity;
    kind ??= r.kind;
    if (!r.polarity && !r.kind && !/^[-—–/]+$/.test(squeeze(cell))) unknown ??= cell;
  }
  if (unknown !== null) return unknown;
  if (kind === 'qualitative') return '定性';
  if (polarity) {
    const parsed = parseValue(target);
    if (parsed.kind !== 'number' || parsed.op) return null;
    return polarity === 'forward' ? '≥' : '≤';
  }
  return null;
}
