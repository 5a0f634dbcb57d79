import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-manifest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function validate(xml: string): { code: number | null; out: string } {
  const file = path.join(tmp, `m${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'validate-manifest.js'), file], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function edit(from: string | RegExp, to: string): string {
  const next = MANIFEST.replace(from, to);
  expect(next).not.toBe(MANIFEST);
  return next;
}

test('manifest.xml declares the shared runtime and the JIXIAO functions, and passes', () => {
  expect(MANIFEST).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
  expect(MANIFEST).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/);
  expect(validate(MANIFEST)).toMatchObject({ code: 0 });
});

test.each([
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
])('the offline check refuses %s', (_name, make, message) => {
  const res = validate(make());
  expect(res.code).toBe(1);
  expect(res.out).toContain(message);
});
