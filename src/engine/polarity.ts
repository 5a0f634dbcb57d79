/** SCORING.md 3.1 Polarity: which way is better, from the 运算符号 column, the target, or the 一级指标. */
import type { Operator, ParsedValue } from './parse';
import type { RowNotes } from './row-notes';
import { memo } from './memo';
import { show } from './show';

const OPERATOR_WORDS: [RegExp, Operator | 'qualitative'][] = [
  [/^(≥|>=|=>|≧|\\geq?|大于等于|大于或等于|不低于|不少于)$/, '>='],
  [/^(≤|<=|=<|≦|≪|\\leq?|小于等于|小于或等于|不高于|不超过|不多于)$/, '<='],
  [/^(=|==|＝|等于)$/, '='],
  [/^(>|大于|高于)$/, '>'],
  [/^(<|小于|低于)$/, '<'],
  [/^(≠|!=|<>|不等于)$/, '!='],
  [/^(定性|定性指标)$/, 'qualitative'],
];

/** The 运算符号 column: an operator, 定性, nothing, or something unreadable. */
export function parseOperatorCell(raw: string | null | undefined): Operator | 'qualitative' | null | 'bad' {
  if (raw === null || raw === undefined) return null;
  return readOperatorText(String(raw));
}

/** Every row of a form repeats one of a few operator texts: each is read once. */
const readOperatorText = memo((text: string): Operator | 'qualitative' | null | 'bad' => {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  if (!s || /^[-—–/]+$/.test(s)) return null;
  for (const [re, op] of OPERATOR_WORDS) if (re.test(s)) return op;
  return 'bad';
});

export type Direction = 'forward' | 'reverse' | 'equality' | 'not-equal';

export function directionOf(op: Operator): Direction {
  if (op === '>=' || op === '>') return 'forward';
  if (op === '<=' || op === '<') return 'reverse';
  if (op === '!=') return 'not-equal';
  return 'equality';
}

/** The column's operator wins over one embedded in the target; a contradiction is reported. */
export function statedOperator(column: Operator | null, target: ParsedValue, row: { operator?: unknown; target?: unknown }, notes: RowNotes): Operator | null {
  const embedded = target.kind === 'number' ? target.op : null;
  if (column !== null && embedded !== null && directionOf(column) !== directionOf(embedded)) {
    notes.problem('operator-conflict', `运算符号“${show(row.operator)}”与指标值“${show(row.target)}”中的符号不一致，按运算符号列计算`, 'operator');
  }
  return column === null ? embedded : column;
}

/** No operator: forward, or reverse under 一级指标 成本指标; flagged so the user sees the assumption. */
export function inferOperator(op: Operator | null, level1: string, notes: RowNotes): Operator {
  if (op !== null) return op;
  notes.flag('operator-inferred');
  return /成本/.test(level1) ? '<=' : '>=';
}
