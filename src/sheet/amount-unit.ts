import { D, readNumber, toPlain, type CellInput, type FormInput } from '../engine';
import type { SheetView } from './sheet-view';

/**
 * The money unit a form prints its amounts in: 万元 on most forms, 元 on some regional variants
 * (`项目资金（元）`, `金额单位：元`), 亿元 rarely. Scoring needs only the ratio spent / budget, but
 * sums over several forms (审核's department overview, 汇总's budgets and fund weights) must bring
 * every form to one unit first.
 */
export type AmountUnit = '元' | '万元' | '亿元';

/** How many 万元 one of the unit is. */
export const WAN_PER_UNIT: Readonly<Record<AmountUnit, string>> = { 元: '0.0001', 万元: '1', 亿元: '10000' };

const BRACKETED = /[（(]\s*(亿元|万元|元)\s*[）)]/;
const DECLARED = /(?:金额|资金)?单位\s*[:：]\s*(亿元|万元|元)/;

/** The unit named in the rows above the indicator table (title block, funds block); 万元 when none is named. */
export function amountUnitOf(view: SheetView, top: number, bottom: number): AmountUnit {
  for (let r = top; r <= bottom; r++) {
    for (const { text: v } of view.texts(r)) {
      if (!/元/.test(v)) continue;
      const m = DECLARED.exec(v) ?? (/(预算|执行|资金|金额|支出|收入)/.test(v) ? BRACKETED.exec(v) : null);
      if (m) return m[1] as AmountUnit;
    }
  }
  return '万元';
}

/** An amount as written in `from`, restated in `to` (text and bad input pass unchanged: the engine reports them). */
export function amountIn(value: CellInput | undefined, from: AmountUnit, to: AmountUnit): CellInput | undefined {
  if (from === to) return value;
  const n = readNumber(value ?? null);
  if (n === null || n === 'bad') return value;
  return toPlain(n.times(new D(WAN_PER_UNIT[from])).dividedBy(new D(WAN_PER_UNIT[to])));
}

/** A form's 预算数 and 执行数 restated in another form's unit, so that amounts of several forms add up. */
export function amountsIn(input: FormInput, from: AmountUnit, to: AmountUnit): FormInput {
  return from === to ? input : { ...input, budget: amountIn(input.budget, from, to), spent: amountIn(input.spent, from, to) };
}
