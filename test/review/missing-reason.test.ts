import { reviewWorkbook } from '../../src/sheet/review';
import { setCell } from '../sheet/grid-edit';
import { loadBook } from '../sheet/load-grid';

/** F03 loses 5 points on each of rows 9–11 (over-achievement) and leaves 未完成原因分析 (K) empty. */
test('review: a row that lost points by the rules with an empty reason cell is a finding; a written reason clears it', async () => {
  const book = await loadBook('liaoning-project-F03.xlsx');
  const missing = (b: typeof book) =>
    reviewWorkbook(b)
      .flatMap((r) => r.findings)
      .filter((f) => f.code === 'problem:missing-reason')
      .map((f) => f.cell);
  expect(missing(book)).toEqual(['K9', 'K10', 'K11']);
  setCell(book.sheets[0], 'K10', '报名人数超出预期，目标测算偏保守');
  expect(missing(book)).toEqual(['K9', 'K11']);
});
