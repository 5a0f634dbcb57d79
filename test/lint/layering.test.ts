import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * The layering of README "How it is built", enforced by eslint.config.mjs: each case lints a
 * probe file placed (virtually, through ESLint's lintText) in a folder and checks which import the
 * config refuses. ESLint runs in a child Node process: it loads the ESM config with a dynamic
 * import, which jest's VM does not allow.
 */
const ROOT = path.resolve(__dirname, '..', '..');

interface Probe {
  file: string;
  code: string;
}

const LINT = `
const { ESLint } = require('eslint');
const path = require('path');
(async () => {
  const { probes, files } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const p of probes) {
    const [r] = await eslint.lintText(p.code, { filePath: path.join(process.cwd(), p.file) });
    out.push(r.messages.filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars').map((m) => m.ruleId + ': ' + m.message));
  }
  const real = files.length ? await eslint.lintFiles(files) : [];
  process.stdout.write(JSON.stringify({ probes: out, real: real.map((r) => ({ file: path.relative(process.cwd(), r.filePath), messages: r.messages.map((m) => m.line + ' ' + m.ruleId + ' ' + m.message) })) }));
})();
`;

function lint(probes: Probe[], files: string[] = []): { probes: string[][]; real: { file: string; messages: string[] }[] } {
  return JSON.parse(execFileSync(process.execPath, ['-e', LINT], { cwd: ROOT, input: JSON.stringify({ probes, files }), encoding: 'utf8' }));
}

const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';

const REFUSED: [string, string, string][] = [
  ['src/engine/probe.ts', "import { scoreWorkbook } from '../sheet';", 'src/engine imports nothing of ours outside src/engine'],
  ['src/engine/probe.ts', "import * as fs from 'fs';", 'src/engine and src/sheet are pure'],
  ['src/engine/probe.ts', "import Decimal from 'decimal.js';", 'decimal.js only through src/engine/decimal.ts'],
  ['src/sheet/probe.ts', "import { readWorkbook } from '../hosts/xlsx';", 'src/sheet imports src/engine only'],
  ['src/sheet/probe.ts', "import Decimal from 'decimal.js';", 'decimal.js only through src/engine/decimal.ts'],
  ['src/hosts/xlsx/probe.ts', "import { main } from '../../cli/main';", 'src/hosts never imports src/cli'],
  ['src/hosts/excel/probe.ts', "import { App } from '../../../taskpane/src/app';", 'src/hosts never imports src/cli, src/functions or the task pane'],
  ['src/hosts/xlsx/probe.ts', "import { scoreForm } from '../../engine';", 'src/hosts imports engine types only'],
  ['src/hosts/xlsx/probe.ts', "import { findForms } from '../../sheet/find-forms';", 'src/hosts imports only the sheet contracts'],
  ['src/functions/probe.ts', "import { SheetView } from '../sheet/sheet-view';", 'src/functions imports the engine only'],
  ['src/cli/probe.ts', "import Decimal from 'decimal.js';", 'decimal.js only through src/engine/decimal.ts'],
  ['taskpane/src/probe.ts', "import Decimal from 'decimal.js';", 'decimal.js only through src/engine/decimal.ts'],
];

const ALLOWED: [string, string][] = [
  ['src/engine/probe.ts', "import { D } from './decimal';"],
  ['src/engine/decimal.ts', "import DecimalBase from 'decimal.js';"],
  ['src/sheet/probe.ts', "import { scoreForm } from '../engine';"],
  ['src/hosts/xlsx/probe.ts', "import type { FormResult } from '../../engine';"],
  ['src/hosts/xlsx/probe.ts', "import { a1 } from '../../sheet/grid';"],
  ['src/functions/probe.ts', "import { totalFromCells } from '../engine';"],
];

const ARITHMETIC: [string, string][] = [
  ['a sum', 'export const f = (a: number, b: number) => a + b;'],
  ['a quotient', 'export const f = (a: number, b: number) => a / b;'],
  ['a compound assignment', 'export function f(a: number) { let s = 0; s += a; return s; }'],
  ['a decimal operation', "import { D } from '../engine';\nexport const f = (a: number) => new D(a).dividedBy(10);"],
  ['Math', 'export const f = (a: number) => Math.max(0, a);'],
  ['a negation', 'export const f = (a: number) => -a;'],
];

/** The imported name used once, so only the import itself can be refused. */
const use = (code: string): string => `${code}\nexport const probe = [${/import (?:type )?(?:\* as )?\{? ?(\w+)/.exec(code)![1]}];\n`;

const refused = new Map<string, string[]>();
let real: { file: string; messages: string[] }[] = [];
beforeAll(() => {
  const probes: Probe[] = [
    ...REFUSED.map(([file, code]) => ({ file, code: use(code) })),
    ...ALLOWED.map(([file, code]) => ({ file, code: code.startsWith('import type') ? `${code}\nexport type Probe = FormResult;\n` : use(code) })),
    ...ARITHMETIC.map(([, code]) => ({ file: 'src/functions/probe.ts', code })),
  ];
  const keys = [...REFUSED.map(([f, c]) => `${f}|${c}`), ...ALLOWED.map(([f, c]) => `${f}|${c}`), ...ARITHMETIC.map(([, c]) => `src/functions/probe.ts|${c}`)];
  const out = lint(probes, ['src/functions']);
  keys.forEach((k, i) => refused.set(k, out.probes[i]));
  real = out.real;
}, 60_000);

describe('cross-layer imports fail lint', () => {
  test.each(REFUSED)('%s: %s', (file, code, message) => {
    const got = refused.get(`${file}|${code}`)!;
    expect(got).toEqual([expect.stringContaining(`${IMPORT_RULE}: `)]);
    expect(got[0]).toContain(message);
  });

  test.each(ALLOWED)('allowed: %s: %s', (file, code) => {
    expect(refused.get(`${file}|${code}`)).toEqual([]);
  });
});

describe('no arithmetic in src/functions', () => {
  test.each(ARITHMETIC)('%s is refused', (_name, code) => {
    const got = refused.get(`src/functions/probe.ts|${code}`)!;
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((m) => m.startsWith('no-restricted-syntax: src/functions has no arithmetic of its own'))).toBe(true);
  });

  test('the functions as they are pass', () => {
    expect(real.map((r) => r.file).sort()).toEqual(['src/functions/custom-functions.ts', 'src/functions/functions.ts']);
    expect(real.flatMap((r) => r.messages.map((m) => `${r.file}:${m}`))).toEqual([]);
  });
});
