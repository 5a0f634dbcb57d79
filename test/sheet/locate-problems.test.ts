import { locateProblems, scoreWorkbook } from '../../src/sheet';
import { setCell } from './grid-edit';
import { loadBook } from './load-grid';

test('engine problems point at the cell they are about', async () => {
  const book = await loadBook('liaoning-project-F01.xlsx');
  const sheet = book.sheets[0];
  setCell(sheet, 'G9', null);
  setCell(sheet, 'I10', '十分');
  setCell(sheet, 'C6', null);
  const [scored] = scoreWorkbook(book, {}).forms;
  const located = locateProblems(scored);
  const at = (code: string) => located.filter((p) => p.code === code).map((p) => p.address);
  expect(at('missing-actual')).toEqual(['G9']);
  expect(at('bad-weight')).toEqual(['I10']);
  expect(at('missing-budget')).toEqual(['C6']);
  for (const p of located) {
    expect(p.sheet).toBe(sheet.name);
    expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  }
});

test('reading problems come first, with their header cell', async () => {
  const book = await loadBook('targets-001-qinhuangdao-haigang.xlsx');
  const [scored] = scoreWorkbook(book, {}).forms;
  const located = locateProblems(scored);
  expect(located[0]).toMatchObject({ code: 'no-weights', address: 'A6' });
});
