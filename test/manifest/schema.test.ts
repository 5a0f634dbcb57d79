import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The offline validator's schema check (scripts/manifest-structure.js over the rules in scripts/manifest-schema.js). */
const { checkStructure } = require('../../scripts/manifest-structure') as { checkStructure: (xml: string) => string[] };

const SCHEMA = require('../../scripts/manifest-schema') as {
  TYPES: Record<string, { children?: [string, string | { xsi: Record<string, string>; default?: string }, number, number, string?][] }>;
  ROOT: { type: { xsi: Record<string, string> } };
};

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

function edit(from: string | RegExp, to: string): string {
  const next = MANIFEST.replace(from, to);
  expect(next).not.toBe(MANIFEST);
  return next;
}

const SUPPORT_URL = '<SupportUrl DefaultValue="https://localhost:3000/help.html"/>';

test('every type the schema rules name is defined', () => {
  const named = [...Object.values(SCHEMA.ROOT.type.xsi)];
  for (const t of Object.values(SCHEMA.TYPES)) {
    for (const [, type] of t.children ?? []) named.push(...(typeof type === 'string' ? [type] : [...Object.values(type.xsi), ...(type.default ? [type.default] : [])]));
  }
  expect(named.filter((n) => !(n in SCHEMA.TYPES))).toEqual([]);
});

test('manifest.xml follows the schema', () => {
  expect(checkStructure(MANIFEST)).toEqual([]);
});

test('an <AppDomains> with a domain is accepted where an empty one is not', () => {
  expect(checkStructure(edit(SUPPORT_URL, `${SUPPORT_URL}<AppDomains><AppDomain>https://jixiao.example.cn</AppDomain></AppDomains>`))).toEqual([]);
});

test.each([
  ['an empty <AppDomains/>', () => edit(SUPPORT_URL, `${SUPPORT_URL}<AppDomains/>`), '<AppDomains> must contain <AppDomain> (it cannot be empty)'],
  [
    '<Permissions> before <DefaultSettings>',
    () => edit(/(<DefaultSettings>[\s\S]*?<\/DefaultSettings>)(\s*)(<Permissions>ReadWriteDocument<\/Permissions>)/, '$3$2$1'),
    '<DefaultSettings> must come before <Permissions>',
  ],
  ['<AppDomains> after <Hosts>', () => edit(/(<Hosts>[\s\S]*?<\/Hosts>)/, '$1<AppDomains><AppDomain>https://a.example.cn</AppDomain></AppDomains>'), '<AppDomains> must come before <Hosts>'],
  ['<Runtimes> after <AllFormFactors>', () => edit(/(<Runtimes>[\s\S]*?<\/Runtimes>)(\s*)(<AllFormFactors>[\s\S]*?<\/AllFormFactors>)/, '$3$2$1'), '<Runtimes> must come before <AllFormFactors>'],
  ['<Icon> before <Supertip>', () => edit(/(<Supertip>[\s\S]*?<\/Supertip>)(\s*)(<Icon>[\s\S]*?<\/Icon>)/, '$3$2$1'), '<Supertip> must come before <Icon>'],
  ['a misspelled <SuperTip>', () => edit(/<Supertip>([\s\S]*?)<\/Supertip>/, '<SuperTip>$1</SuperTip>'), 'unknown element <SuperTip> in <Control>; allowed here, in order: Label, Supertip, Icon, Action (did you mean Supertip?)'],
  ['an unknown element', () => edit('<Permissions>', '<Permission>x</Permission><Permissions>'), 'unknown element <Permission>'],
  ['<Runtime resId=…>', () => edit('<Runtime resid=', '<Runtime resId='), '<Runtime> has unknown attribute resId="Taskpane.Url"; allowed: resid, lifetime (did you mean resid?)'],
  ['a Runtime lifetime the schema does not know', () => edit('lifetime="long"', 'lifetime="forever"'), 'lifetime must be one of short, long'],
  ['a button of an unknown type', () => edit('xsi:type="Button" id="Jixiao.Compute"', 'xsi:type="Buton" id="Jixiao.Compute"'), 'xsi:type="Buton" is not allowed here'],
  ['a group without an id', () => edit('<Group id="Jixiao.Group">', '<Group>'), '<Group> lacks the required attribute id'],
  ['the pane action without <SourceLocation>', () => edit(/(<TaskpaneId>Jixiao.Taskpane<\/TaskpaneId>)\s*<SourceLocation resid="Taskpane.Url"\/>/, '$1'), '<Action> must contain <SourceLocation>'],
  ['<DefaultSettings> without <SourceLocation>', () => edit(/<SourceLocation DefaultValue="[^"]*"\/>/, ''), '<DefaultSettings> must contain <SourceLocation>'],
  ['<GetStarted> without <LearnMoreUrl>', () => edit(/<LearnMoreUrl resid="[^"]*"\/>/, ''), '<GetStarted> must contain <LearnMoreUrl>'],
  ['two <DefaultSettings>', () => edit(/(<DefaultSettings>[\s\S]*?<\/DefaultSettings>)/, '$1$1'), 'allows at most 1 <DefaultSettings>'],
  ['an icon image outside the basic-types namespace', () => edit('<bt:Image size="16" resid="Icon.16x16"/>', '<Image size="16" resid="Icon.16x16"/>'), '<Image> must be in namespace http://schemas.microsoft.com/office/officeappbasictypes/1.0'],
  ['an unknown permission', () => edit('<Permissions>ReadWriteDocument<', '<Permissions>ReadWriteAll<'), '<Permissions> must be one of Restricted'],
  ['a version the schema does not allow', () => edit('<Version>0.1.0.0</Version>', '<Version>0.1.0.0.1</Version>'), '<Version> is not a valid Version'],
])('the schema check refuses %s', (_name, make, message) => {
  const errors = checkStructure(make());
  expect(errors.join('\n')).toContain(message);
});

test('npm run validate fails on a schema error and names it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-schema-'));
  try {
    const file = path.join(dir, 'manifest.xml');
    fs.writeFileSync(file, edit(SUPPORT_URL, `${SUPPORT_URL}<AppDomains/>`));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'validate-manifest.js'), file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('schema: OfficeApp[TaskPaneApp]/AppDomains: <AppDomains> must contain <AppDomain>');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
