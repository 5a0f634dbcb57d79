import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from './helpers/fixtures';

/**
 * Jest globalSetup: the golden, sheet, host and CLI suites read the fixtures in ../shared/fixtures.
 * Without that folder they would each fail with a raw ENOENT; say once what is missing and what to do.
 */
export default function requireSharedFixtures(): void {
  const has = fs.existsSync(FIXTURES) && fs.readdirSync(FIXTURES).some((f) => f.endsWith('.expected.json'));
  if (has) return;
  const shared = path.dirname(FIXTURES);
  const message = [
    `找不到测试样例目录 ${FIXTURES}（或其中没有 *.expected.json）。`,
    `  测试读取与仓库同级的 shared/ 目录：请把 shared（fixtures 与 spec）放到 ${shared}，再运行 npm test。`,
    `Test fixtures not found: ${FIXTURES} is missing (or has no *.expected.json).`,
    `  The tests read the shared/ folder beside the repository: put shared/ (fixtures and spec) at ${shared}, then run npm test again.`,
  ].join('\n');
  const error = new Error(message);
  error.stack = message; // the message is the whole story; a stack trace into jest would only bury it
  throw error;
}
