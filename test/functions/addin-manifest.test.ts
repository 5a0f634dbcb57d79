import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-manifest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Every manifest a test hands in is validated by one run of scripts/validate-manifest.js over all of
 * them (a node start per case cost seconds); each test then reads its own file's lines.
 */
const cases = new Map<string, string>();
let report: { code: number | null; lines: string[] } | null = null;

function validate(xml: string): { code: number | null; out: string } {
  const file = cases.get(xml);
  if (!file || !report) throw new Error('validate() called with a manifest not registered in CASES');
  const own = report.lines.filter((l) => l.includes(`/${path.basename(file)}: `));
  return { code: own.some((l) => l.startsWith('✗')) ? 1 : own.some((l) => l.startsWith('✓')) ? 0 : null, out: own.join('\n') };
}

function register(xml: string): string {
  if (!cases.has(xml)) {
    const file = path.join(tmp, `m${cases.size}.xml`);
    fs.writeFileSync(file, xml);
    cases.set(xml, file);
  }
  return xml;
}

function edit(from: string | RegExp, to: string): string {
  const next = MANIFEST.replace(from, to);
  if (next === MANIFEST) throw new Error(`the edit ${String(from)} changed nothing`);
  return next;
}

test('manifest.xml declares the shared runtime and the JIXIAO functions, and passes', () => {
  expect(MANIFEST).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
  expect(MANIFEST).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/);
  expect(validate(MANIFEST)).toMatchObject({ code: 0 });
});

const CASES: [string, () => string, string][] = [
  ['no shared runtime', () => edit(/<Runtimes>[\s\S]*?<\/Runtimes>/, ''), 'exactly one <Runtime>'],
  ['a short-lived runtime', () => edit('lifetime="long"', 'lifetime="short"'), 'lifetime> must be "long"'],
  ['the SharedRuntime set missing', () => edit(/<Set Name="SharedRuntime"[^>]*\/>/, ''), 'must declare the SharedRuntime set'],
  ['the CustomFunctionsRuntime set missing', () => edit(/<Set Name="CustomFunctionsRuntime"[^>]*\/>/, ''), 'must declare the CustomFunctionsRuntime set'],
  ['another namespace', () => edit('DefaultValue="JIXIAO"', 'DefaultValue="CONTOSO"'), 'namespace must be JIXIAO'],
  ['no functions extension point', () => edit(/<AllFormFactors>[\s\S]*?<\/AllFormFactors>/, ''), 'ExtensionPoint xsi:type="CustomFunctions"'],
  ['functions page outside the shared runtime', () => edit(/(<Page>\s*<SourceLocation resid=")Taskpane.Url/, '$1Functions.Script.Url'), 'must point at taskpane.html'],
  ['metadata at another file', () => edit('localhost:3000/functions.json', 'localhost:3000/meta.json'), 'must point at functions.json'],
  ['ribbon in another runtime', () => edit('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="GetStarted.LearnMoreUrl"/>'), "<FunctionFile> must use the shared runtime's resid"],
  ['a resid that resolves to nothing', () => edit('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Functions.Nowhere"/>'), 'does not resolve'],
];

beforeAll(() => {
  register(MANIFEST);
  for (const [, make] of CASES) register(make());
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'validate-manifest.js'), ...cases.values()], { encoding: 'utf8' });
  report = { code: r.status, lines: `${r.stdout}${r.stderr}`.split('\n') };
  expect(report.code).toBe(1);
});

test.each(CASES)('the offline check refuses %s', (_name, make, message) => {
  const res = validate(make());
  expect(res.code).toBe(1);
  expect(res.out).toContain(message);
});
