import { FakeWorkbook } from './fake-excel';
import { evaluate, references, XlError, type FunctionRegistry, type Value } from './formula-eval';
import { JIXIAO_FUNCTIONS } from './jixiao-functions';

/** A one-sheet grid for the evaluator: A1 → value. */
function on(cells: Record<string, Value>, functions: FunctionRegistry = {}, sheet = 'S') {
  const at = (row: number, col: number) => `${String.fromCharCode(64 + col)}${row}`;
  return (formula: string) =>
    evaluate(formula, {
      sheet,
      functions,
      sheetExists: (n) => n === sheet || n === '其他 表',
      cells: { value: (s, r, c) => (s === sheet ? (cells[at(r, c)] ?? null) : s === '其他 表' && at(r, c) === 'B2' ? 7 : null) },
    });
}

const code = (v: Value) => (v instanceof XlError ? v.code : v);

describe('the formula evaluator', () => {
  const calc = on({ A1: 2, A2: 3, A3: '4', A4: '文字', B1: 0, C6: 0, F6: 5, D1: true });

  test('references, arithmetic and Excel’s precedence', () => {
    expect(calc('A1+A2*2')).toBe(8);
    expect(calc('$A$1+A$2')).toBe(5);
    expect(calc('-A1^2')).toBe(4);
    expect(calc('(A1+A2)/2')).toBe(2.5);
    expect(calc('A3*2')).toBe(8); // numeric text in arithmetic is a number
    expect(calc('50%')).toBe(0.5);
    expect(calc('Z99')).toBe(0); // an empty cell shows 0
    expect(calc("'其他 表'!B2+1")).toBe(8);
    expect(calc('"a"&A1&"b"')).toBe('a2b');
  });

  test('SUM, MIN, MAX skip text in ranges; ROUND rounds half away from zero; IF is lazy', () => {
    expect(calc('SUM(A1:A4)')).toBe(5);
    expect(calc('SUM(A1,A3)')).toBe(2); // text in a referenced cell is skipped …
    expect(calc('SUM(A1,"4")')).toBe(6); // … typed into the formula it counts
    expect(calc('MAX(0,A2-A1*5)')).toBe(0);
    expect(calc('MIN(A1:A2)')).toBe(2);
    expect(calc('ROUND(2.675,2)')).toBe(2.68);
    expect(calc('ROUND(-0.125,2)')).toBe(-0.13);
    expect(calc('IF(C6=0,0,F6/C6)')).toBe(0);
    expect(calc('IF(A1>A2,"大","小")')).toBe('小');
    expect(calc('IF(D1,1)')).toBe(1);
  });

  test('errors: #DIV/0!, #VALUE!, #NAME?, #REF!, and they propagate', () => {
    expect(code(calc('F6/C6'))).toBe('#DIV/0!');
    expect(code(calc('A4*2'))).toBe('#VALUE!');
    expect(code(calc('NOSUCH(1)'))).toBe('#NAME?');
    expect(code(calc('无此表!A1'))).toBe('#REF!');
    expect(code(calc('SUM(A1,F6/C6)'))).toBe('#DIV/0!');
    expect(code(calc('A1+'))).toBe('#NAME?');
    expect(references('SUM(J9:J14)+\'F 1\'!$C$3')).toEqual([
      { sheet: null, area: { top: 9, left: 10, bottom: 14, right: 10 } },
      { sheet: 'F 1', area: { top: 3, left: 3, bottom: 3, right: 3 } },
    ]);
  });

  test('custom functions are called as Excel calls them', () => {
    const seen: unknown[][] = [];
    const fns: FunctionRegistry = {
      'X.ECHO': { fn: ((a: unknown, b: unknown, c?: unknown) => (seen.push([a, b, c]), 1)) as never },
      'X.SUMALL': { fn: ((m: unknown[][]) => (seen.push([m]), 2)) as never, matrix: [0] },
      'X.FAIL': { fn: ((code: string) => { throw Object.assign(new Error('x'), { code }); }) as never },
    };
    const f = on({ A1: 2, A2: null, A3: 'x' }, fns);
    expect(f('X.ECHO(A1,A2)')).toBe(1);
    expect(f('X.SUMALL(A1:A3)')).toBe(2);
    expect(f('x.echo("t",,A3)')).toBe(1);
    // An omitted argument is null, an empty cell "", a range a 2-D array.
    expect(seen).toEqual([[2, '', null], [[[2], [''], ['x']]], ['t', null, 'x']]);
    expect(code(f('X.ECHO(1/0,1)'))).toBe('#DIV/0!');
    expect(seen).toHaveLength(3); // an error argument: the function is not called
    expect(code(f('X.FAIL("notAvailable")'))).toBe('#N/A');
    expect(code(f('X.FAIL("#VALUE!")'))).toBe('#VALUE!');
    expect(code(f('X.FAIL("?")'))).toBe('#VALUE!');
  });

  test('JIXIAO functions: the add-in’s own code, bad input an error value, never a number', () => {
    const f = on({ A1: '≥', B1: 800, C1: 789, D1: 12.5, E1: '人', A2: '>=', B2: '3000 张', C2: '3010 人', D2: 10 }, JIXIAO_FUNCTIONS);
    expect(f('JIXIAO.SCORE(A1,B1,C1,D1,E1,"liaoning")')).toBe(12.375);
    expect(code(f('JIXIAO.SCORE(A2,B2,C2,D2)'))).toBe('#VALUE!');
    expect(code(f('JIXIAO.SCORE(A1,B1,Z9,D1)'))).toBe('#N/A'); // no actual yet
    expect(f('JIXIAO.GRADE(95)')).toBe('优');
    expect(typeof f('JIXIAO.PARSE(B2)')).toBe('string');
  });
});

describe('formulas in the fake host', () => {
  async function write(wb: FakeWorkbook, address: string, prop: 'values' | 'formulas' | 'numberFormat', v: unknown) {
    await wb.run(async (ctx) => {
      (ctx.workbook.worksheets.getItem('S').getRange(address) as unknown as Record<string, unknown>)[prop] = [[v]];
      await ctx.sync();
    });
  }

  test('range.formulas stores a formula; values read its result, formulas its text; dependents recalculate', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('S');
    await write(wb, 'A1', 'values', 2);
    await write(wb, 'A2', 'formulas', '=A1*10');
    await write(wb, 'A3', 'formulas', '=SUM(A1:A2)');
    expect([wb.value('S', 'A2'), wb.value('S', 'A3')]).toEqual([20, 22]);
    const read = await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1:A3');
      r.load('values,formulas');
      await ctx.sync();
      return { values: r.values, formulas: r.formulas };
    });
    expect(read).toEqual({ values: [[2], [20], [22]], formulas: [[2], ['=A1*10'], ['=SUM(A1:A2)']] });
    wb.userEdit('S', 'A1', 3);
    expect([wb.value('S', 'A2'), wb.value('S', 'A3')]).toEqual([30, 33]);
    // A constant through `formulas` is a constant; a formula into a text cell stays text, as in Excel.
    await write(wb, 'B1', 'formulas', 5);
    await write(wb, 'B2', 'numberFormat', '@');
    await write(wb, 'B2', 'formulas', '=A1');
    expect(wb.getCell('S', 'B1')).toEqual({ value: 5, numberFormat: 'General' });
    expect(wb.getCell('S', 'B2')).toEqual({ value: '=A1', numberFormat: '@' });
  });

  test('the event of a formula write carries its calculated value', async () => {
    const wb = new FakeWorkbook();
    wb.apiMinor = 13;
    const s = wb.addSheet('S');
    const events: unknown[] = [];
    wb.handlers.push((ev) => void events.push(ev.details));
    await write(wb, 'A1', 'values', 4);
    await write(wb, 'A2', 'formulas', '=A1/2');
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual([{ valueBefore: null, valueAfter: 4 }, { valueBefore: null, valueAfter: 2 }]);
    expect(s.formulaCells.size).toBe(1);
  });
});
