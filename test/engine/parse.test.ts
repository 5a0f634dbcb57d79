import { describeParsed, parseValue, type ParsedValue } from '../../src/engine/parse';

/** [op, value as decimal text, base unit] of a parsed quantity, or the kind otherwise. */
function q(p: ParsedValue): [string | null, string, string] | string {
  if (p.kind !== 'number') return p.kind;
  return [p.op, p.value.toFixed(), p.unit.base];
}

describe('parseValue: operators (SCORING.md §2)', () => {
  test.each([
    ['≥ 90 %', ['>=', '0.9', '%']],
    ['>=95%', ['>=', '0.95', '%']],
    ['<=10%', ['<=', '0.1', '%']],
    ['==100', ['=', '100', '']],
    ['!=0', ['!=', '0', '']],
    ['＞９０％', ['>', '0.9', '%']],
    ['＜5', ['<', '5', '']],
    ['＝100%', ['=', '1', '%']],
    ['≧98%', ['>=', '0.98', '%']],
    ['≦48小时', ['<=', '172800', '秒']],
    ['\\geq 90%', ['>=', '0.9', '%']],
    ['\\leq5%', ['<=', '0.05', '%']],
    ['≪1%', ['<=', '0.01', '%']],
  ])('%s', (input, want) => expect(q(parseValue(input))).toEqual(want));
});

describe('parseValue: operator words', () => {
  test.each([
    ['90%以上', ['>=', '0.9', '%']],
    ['不低于95%', ['>=', '0.95', '%']],
    ['不少于300人', ['>=', '300', '人']],
    ['至少12场', ['>=', '12', '场']],
    ['达到100%', ['>=', '1', '%']],
    ['5%以下', ['<=', '0.05', '%']],
    ['30分钟以内', ['<=', '1800', '秒']],
    ['不高于3570元', ['<=', '3570', '元']],
    ['不超过2万元', ['<=', '20000', '元']],
    ['不多于10件', ['<=', '10', '件']],
    ['低于5%以内', ['<=', '0.05', '%']],
    ['控制在 5% 以内', ['<=', '0.05', '%']],
    ['低于5%', ['<', '0.05', '%']],
    ['超过90%', ['>', '0.9', '%']],
  ])('%s', (input, want) => expect(q(parseValue(input))).toEqual(want));

  test('contradicting operators are not guessed: the value is text', () => {
    expect(parseValue('≥90%以下').kind).toBe('text');
  });
});

describe('parseValue: numbers as people and PDFs write them', () => {
  test.each([
    ['1,200', '1200'],
    ['１２', '12'],
    ['9827. 48', '9827.48'],
    ['3, 042. 92', '3042.92'],
    ['12,345,678.5', '12345678.5'],
    ['-7.36', '-7.36'],
    ['−7.36', '-7.36'],
    ['1500.', '1500'],
    ['1500. ', '1500'],
  ])('%s → %s', (input, want) => {
    const p = parseValue(input);
    expect(p.kind).toBe('number');
    if (p.kind === 'number') expect(p.value.toFixed()).toBe(want);
  });

  test.each([
    ['99.80%', [null, '0.998', '%']],
    ['99. 16%', [null, '0.9916', '%']],
    ['≥99. 5%', ['>=', '0.995', '%']],
    ['1.1万人', [null, '11000', '人']],
    ['69 万人次', [null, '690000', '人次']],
    ['2.5 万人', [null, '25000', '人']],
    ['≤2万元', ['<=', '20000', '元']],
    ['3千元', [null, '3000', '元']],
    ['1.5亿元', [null, '150000000', '元']],
    ['189. 44 元/人/年', [null, '189.44', '元/人/年']],
    ['≥1500.人', ['>=', '1500', '人']],
  ])('%s', (input, want) => expect(q(parseValue(input))).toEqual(want));

  test('numbers arrive as numbers too, in the unit column’s unit', () => {
    expect(q(parseValue(98, '%'))).toEqual([null, '0.98', '%']);
    expect(q(parseValue(29, '万元'))).toEqual([null, '290000', '元']);
    expect(q(parseValue(0.1 + 0.2))).toEqual([null, '0.30000000000000004', '']);
  });

  test('a value’s own unit wins over the unit column; the magnitude is not applied twice', () => {
    expect(q(parseValue('1.1万人', '万人'))).toEqual([null, '11000', '人']);
    expect(q(parseValue('95%', '%'))).toEqual([null, '0.95', '%']);
  });
});

describe('parseValue: ranges, text, empty', () => {
  test('1-2 次 is a band', () => {
    const p = parseValue('1-2 次');
    expect(p.kind).toBe('range');
    if (p.kind === 'range') expect([p.low.toFixed(), p.high.toFixed(), p.unit.base]).toEqual(['1', '2', '次']);
    expect(parseValue('80%~100%').kind).toBe('range');
  });

  test.each(['管理规范', '有所提升', '明显', '比上年提升', '2024 年底完成', '当年满意度超过 90%', '完成市级下达任务', '确保全区90%以上的企业按时足额缴纳社保'])(
    '%s is qualitative text',
    (input) => expect(parseValue(input).kind).toBe('text'),
  );

  test.each([null, undefined, '', '   ', '—', '/', '-'])('%p is empty', (input) => expect(parseValue(input as string).kind).toBe('empty'));

  test('several lines in one cell: the first is read and the rest reported', () => {
    const p = parseValue('≥12 次\n1-2 次');
    expect(q(p)).toEqual(['>=', '12', '次']);
    expect(p.kind === 'number' && p.extraLines).toBe(true);
  });

  test('describeParsed says what was understood', () => {
    expect(describeParsed(parseValue('≥ 90 %'))).toBe('≥ 90%');
    expect(describeParsed(parseValue('1.1万人'))).toBe('11000 人');
    expect(describeParsed(parseValue('管理规范'))).toBe('定性：管理规范');
  });
});
