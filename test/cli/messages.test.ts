import ExcelJS from 'exceljs';
import * as fs from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';
import * as scoreWorkbookModule from '../../src/sheet/score-workbook';
import { runCli } from './run';
import { SAMPLE } from './tools-helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-msg-'));

describe('help on every command, Chinese first, exit 0', () => {
  test.each([[['--help']], [['score', '--help']], [['score', '-h']], [['evaluate', '--help']], [['evaluate', '-h']]])('jixiao %j', async (args) => {
    const res = await runCli(args);
    expect(res.code).toBe(0);
    expect(res.err).toBe('');
    expect(res.out).toMatch(/^(用法|绩效自评助手)/);
    expect(res.out).toContain('Usage');
  });

  test('evaluate --help never opens a file named --help; an unknown option is a usage error', async () => {
    const dir = tmp();
    const cwd = process.cwd();
    fs.writeFileSync(path.join(dir, '--help'), '{not json');
    process.chdir(dir);
    try {
      expect((await runCli(['evaluate', '--help'])).code).toBe(0);
      expect(await runCli(['evaluate', '--nope'])).toMatchObject({ code: 2, err: expect.stringContaining('未知选项') });
      expect(await runCli(['evaluate', '--', '--help'])).toMatchObject({ code: 2, err: expect.stringContaining('不是有效的 JSON') });
    } finally {
      process.chdir(cwd);
    }
  });

  test('an unknown option of score is explained in Chinese, not parseArgs English alone', async () => {
    const res = await runCli(['score', '--bogus', SAMPLE]);
    expect([res.code, res.err]).toEqual([2, expect.stringMatching(/^参数有误/)]);
  });
});

describe('what the report shows', () => {
  test('a custom profile’s name is shown in the table and the JSON; kept rule values are cut at 10 places', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ base: 'liaoning', name: '本市口径', overshoot: null }));
    const file = path.join(dir, 'a.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    wb.worksheets[0].getCell('F6').value = 171.3; // execution rate 171.3/186.5: a non-terminating quotient
    wb.worksheets[0].getCell('H6').value = 0.5; // a typed 执行率 that differs
    await wb.xlsx.writeFile(file);
    const table = await runCli(['score', file, '-o', path.join(dir, 'o.xlsx'), '--profile', path.join(dir, 'p.json')]);
    expect(table.out).toContain('本市口径');
    const res = await runCli(['score', file, '-o', path.join(dir, 'o.xlsx'), '--profile', path.join(dir, 'p.json'), '--json']);
    const report = JSON.parse(res.out).files[0];
    expect(report.forms[0].profileName).toBe('本市口径');
    const rules = [...report.kept, ...report.discrepancies].map((k: { ruleValue: string | null }) => k.ruleValue).filter((v: string | null): v is string => v !== null);
    expect(rules.length).toBeGreaterThan(0);
    for (const v of rules) expect(v).toMatch(/^-?\d+(\.\d{1,10})?$/);
    const evaluated = await runCli(['evaluate', '-'], JSON.stringify({ profile: { base: 'national', name: '本市口径' }, forms: [] }));
    expect(JSON.parse(evaluated.out)).toMatchObject({ profile: 'national-custom', profileName: '本市口径' });
  });

  test('control characters in a cell (ESC sequences, _x001B_) never reach the terminal table', async () => {
    const dir = tmp();
    const file = path.join(dir, 'esc.xlsx');
    const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE));
    const name = Object.keys(zip.files).find((n) => n === 'xl/sharedStrings.xml')!;
    const xml = await zip.file(name)!.async('string');
    zip.file(name, xml.replace('就业创业服务经费', '_x001B_]0;pwned_x0007__x001B_[2J就业创业服务经费'));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const res = await runCli(['score', file, '-o', path.join(dir, 'o.xlsx')]);
    expect([0, 1]).toContain(res.code);
    expect(res.out).toContain('就业创业服务经费');
    expect(res.out + res.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  test('control characters from a damaged file (a NUL inside a cell address) never reach the terminal either', async () => {
    const dir = tmp();
    const file = path.join(dir, 'nul.xlsx');
    const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('r="E12"', 'r="E\u000012\u001b[2J"'));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const res = await runCli(['score', file, '-o', path.join(dir, 'o.xlsx')]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/单元格地址 “E12\[2J” 无效/);
    expect(res.out + res.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  test('hostile numbers and far cells: a stray cell at XFD1048576 costs nothing and the form is scored; 1e400 is a located problem', async () => {
    const dir = tmp();
    const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'));
    fs.writeFileSync(path.join(dir, 'far.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    const far = await runCli(['score', path.join(dir, 'far.xlsx'), '-o', path.join(dir, 'far-out.xlsx')]);
    expect(far.code).toBe(0);
    expect(far.err).toContain('单元格 XFD1048576 远离表格其余内容');
    expect(far.out).toContain('就业创业服务经费');

    zip.file('xl/worksheets/sheet1.xml', xml.replace(/(<c r="G9"[^>]*>)<v>[^<]*<\/v>/, '$1<v>1e400</v>'));
    fs.writeFileSync(path.join(dir, 'inf.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    const inf = await runCli(['score', path.join(dir, 'inf.xlsx'), '-o', path.join(dir, 'inf-out.xlsx'), '--json']);
    expect(inf.code).toBe(1);
    expect(inf.out).toContain('完成值超出数值范围（如 1e400');
  });

  test('an internal error says 内部错误 with a short English detail, never a stack, exit 3', async () => {
    // The CLI scores each sheet as it is read (WorkbookScorer); the task pane through scoreWorkbook, which uses it too.
    const spy = jest.spyOn(scoreWorkbookModule.WorkbookScorer.prototype, 'addSheet').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'richText')");
    });
    try {
      const res = await runCli(['score', SAMPLE, '-o', path.join(tmp(), 'o.xlsx')]);
      expect(res.code).toBe(3);
      expect(res.err).toMatch(/^内部错误（请报告此问题）：TypeError: Cannot read properties/);
      expect(res.err).not.toMatch(/\n\s+at /);
    } finally {
      spy.mockRestore();
    }
  });
});
