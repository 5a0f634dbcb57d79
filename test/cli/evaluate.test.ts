import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureInput } from '../helpers/fixture-input';
import { at2, expectedForms } from '../helpers/fixtures';
import { runCli } from './run';

const ROOT = path.resolve(__dirname, '..', '..');

describe('jixiao evaluate', () => {
  test('scores fixture forms given as JSON, numbers as decimal strings, rows in input order', async () => {
    const f04 = expectedForms((f) => f.form_key === 'liaoning-project-F04')[0];
    const dept = expectedForms((f) => f.form_key === 'liaoning-dept-1')[0];
    const doc = { profile: 'liaoning', forms: [await fixtureInput(f04), await fixtureInput(dept)] };
    const { code, out } = await runCli(['evaluate', '-'], JSON.stringify(doc));
    const res = JSON.parse(out);
    expect(code).toBe(0);
    expect(res.forms[0].rows.map((r: { score: string }) => r.score)).toEqual(f04.rows.map((r) => String(r.expected_score)));
    expect(res.forms[0]).toMatchObject({ subtotal: '84.875', total: expect.stringMatching(/^94\.85/), grade: '优', kind: 'project' });
    expect(at2(res.forms[0].total)).toBe('94.85');
    expect(res.forms[0].rows[3]).toMatchObject({ score: '7.5', completion: '1', rule: 'reverse-ratio', flags: ['overshoot-penalty'] });
    expect(res.forms[1].tasks.map((t: { score: string }) => t.score)).toEqual(['7.99', '7.88', '7.79', '7.98', '7.12']);
    expect(at2(res.forms[1].total)).toBe('96.91');
  });

  test('a custom profile object is accepted', async () => {
    const doc = { profile: { base: 'national', executionWeight: 20 }, forms: [{ budget: 100, spent: 50, rows: [{ operator: '>=', target: 10, actual: 10, weight: 80 }] }] };
    const { code, out } = await runCli(['evaluate', '-'], JSON.stringify(doc));
    expect([code, JSON.parse(out).forms[0].executionScore, JSON.parse(out).forms[0].total]).toEqual([0, '10', '90']);
  });

  test('a form with problems still returns its result, with exit code 1', async () => {
    const doc = { forms: [{ rows: [{ operator: '>=', target: '3000 张', actual: '3010 人', weight: 90 }], budget: 1, spent: 1 }] };
    const { code, out } = await runCli(['evaluate', '-'], JSON.stringify(doc));
    expect(code).toBe(1);
    expect(JSON.parse(out).forms[0].rows[0].problems).toEqual([{ code: 'unit-mismatch', severity: 'error', field: 'actual', message: '指标值单位“张”与完成值单位“人”无法换算' }]);
  });

  test('bad JSON and bad fields name the field and exit 2', async () => {
    expect(await runCli(['evaluate', '-'], '{"forms": [')).toMatchObject({ code: 2, out: '', err: expect.stringContaining('不是有效的 JSON') });
    const bad = await runCli(['evaluate', '-'], JSON.stringify({ profile: 'beijing', forms: [{ kind: 'x', rows: [{ weight: [1] }], budgett: 1 }] }));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('profile: 未知的评分口径 "beijing"');
    expect(bad.err).toContain('forms[0].kind: 应为 "project"、"department" 或 "overall"，实际为 "x"');
    expect(bad.err).toContain('forms[0].rows[0].weight: 应为数字、字符串或 null，实际为 array');
    expect(bad.err).toContain('forms[0].budgett: 未知字段');
    expect(await runCli(['evaluate', '/nonexistent/x.json'])).toMatchObject({ code: 2, err: expect.stringContaining('无法读取 “/nonexistent/x.json”') });
  });

  test('the installed command works from a file, as a script would call it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-')), 'f.json');
    fs.writeFileSync(file, JSON.stringify({ profile: 'hubei', forms: [{ budget: '9827. 48', spent: 6500, rows: [{ target: '1.1万人', actual: '23101 人', weight: 80 }] }] }));
    const out = JSON.parse(execFileSync('node', [path.join(ROOT, 'bin', 'jixiao.js'), 'evaluate', file], { encoding: 'utf8' }));
    expect(out.forms[0]).toMatchObject({ executionScore: '13.23', total: '93.23', grade: '优' });
  });
});
