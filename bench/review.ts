import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reviewFiles, reviewWorkbookBytes } from '../src/cli/review';
import { writeReviewFolder } from '../test/review/typed-fixtures';

const WORKBOOKS = 60;

/**
 * `jixiao review` on a department's inbox: 60 filled workbooks (the fixtures with their published
 * values typed in, repeated), read → recognise → score by the rules → compare → review workbook.
 */
export async function benchReview(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-review-'));
  try {
    const files = await writeReviewFolder(dir, WORKBOOKS);
    // Warm-up: module loading and JIT on a few files.
    await reviewFiles(files.slice(0, 3), null);
    const start = process.hrtime.bigint();
    const report = await reviewFiles(files, null);
    const bytes = await reviewWorkbookBytes(report);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const forms = report.files.reduce((s, f) => s + f.forms.length, 0);
    return {
      workbooks: files.length,
      forms,
      findings: report.overview.findings,
      seconds: Number(seconds.toFixed(2)),
      formsPerSecond: Math.round(forms / seconds),
      reviewWorkbookBytes: bytes.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
