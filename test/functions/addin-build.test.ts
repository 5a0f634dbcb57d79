import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import webpack from 'webpack';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { MATRIX_PARAMS } from '../excel/jixiao-functions';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'src', 'functions', 'custom-functions.ts');
const URL_BASE = 'https://jixiao.example.org/addin/';

interface Metadata {
  functions: { id: string; name: string; parameters: { name: string; dimensionality?: string }[] }[];
}

let out: string;
let built: Metadata;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-addin-'));
  const saved = process.env.ADDIN_URL;
  process.env.ADDIN_URL = URL_BASE;
  try {
    // `npm run build:addin` exactly, into a temp folder.
    const config = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'production' }) as webpack.Configuration;
    config.context = ROOT;
    config.output = { ...config.output, path: out };
    await new Promise<void>((resolve, reject) =>
      webpack(config, (err, stats) => (err ? reject(err) : stats?.hasErrors() ? reject(new Error(stats.toString({ all: false, errors: true }))) : resolve())),
    );
  } finally {
    if (saved === undefined) delete process.env.ADDIN_URL;
    else process.env.ADDIN_URL = saved;
  }
  built = JSON.parse(fs.readFileSync(path.join(out, 'functions.json'), 'utf8'));
}, 120_000);

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

test('the build emits functions.json: exactly the metadata generated from the JSDoc, six functions', async () => {
  const direct = await generateCustomFunctionsMetadata(SOURCE, true);
  expect(direct.errors).toEqual([]);
  expect(built).toEqual(JSON.parse(direct.metadataJson));
  expect(built.functions.map((f) => f.id)).toEqual(['SCORE', 'COMPLETION', 'EXECSCORE', 'TOTAL', 'GRADE', 'PARSE']);
  expect(built.functions.map((f) => f.name)).toEqual(['SCORE', 'COMPLETION', 'EXECSCORE', 'TOTAL', 'GRADE', 'PARSE']);
});

test('the fake host passes ranges exactly where functions.json declares a matrix parameter', () => {
  const matrix = Object.fromEntries(
    built.functions
      .map((f) => [f.id, f.parameters.flatMap((p, i) => (p.dimensionality === 'matrix' ? [i] : []))] as const)
      .filter(([, idx]) => idx.length),
  );
  expect(matrix).toEqual(MATRIX_PARAMS);
});

test('the task pane page is the shared runtime: its bundle registers the functions and the ribbon command', () => {
  const html = fs.readFileSync(path.join(out, 'taskpane.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]);
  expect(scripts).toContain('taskpane.js');
  // One bundle on the page: the pane and the functions share one setDefaultProfile.
  expect(scripts.filter((s) => !s.startsWith('https://'))).toEqual(['taskpane.js']);
  const pane = fs.readFileSync(path.join(out, 'taskpane.js'), 'utf8');
  for (const id of ['SCORE', 'COMPLETION', 'EXECSCORE', 'TOTAL', 'GRADE', 'PARSE']) expect(pane).toContain(`"${id}"`);
  expect(pane).toContain('computeScores');
  expect(fs.existsSync(path.join(out, 'functions.js'))).toBe(true);
  expect(fs.existsSync(path.join(out, 'commands.html'))).toBe(false);
});

test('the built manifest points at the built files under ADDIN_URL and passes the offline check', () => {
  const manifest = fs.readFileSync(path.join(out, 'manifest.xml'), 'utf8');
  expect(manifest).not.toContain('https://localhost:3000/');
  for (const file of ['taskpane.html', 'functions.js', 'functions.json']) expect(manifest).toContain(`${URL_BASE}${file}`);
  const res = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'validate-manifest.js'), path.join(out, 'manifest.xml')], { encoding: 'utf8' });
  expect(res).toContain('manifest OK');
});
