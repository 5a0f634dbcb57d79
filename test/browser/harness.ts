import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import webpack from 'webpack';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { FakeBookJson } from '../excel/fake-excel';
import { launchBrowser } from './launch-browser';

/**
 * The built task pane served over HTTP with the fake Office host in place of office.js, in a real
 * Chromium (launch-browser.ts). One per test file: call setUp()/tearDown() in beforeAll/afterAll.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
/** Screenshots of every state at Excel's pane widths (not committed; see README). */
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');
export const WIDTHS = [320, 450] as const;
const CDN = 'https://appsforoffice.microsoft.com/';

/**
 * A Chinese font for the screenshots: Excel's panes have 微软雅黑, a bare Linux has no CJK font at
 * all, so the pages get Noto Sans SC from its npm package (the pane's font stack names it).
 */
const FONT_DIR = (() => {
  try {
    return path.dirname(require.resolve('@fontsource/noto-sans-sc/400.css'));
  } catch {
    return null;
  }
})();
const FONT_CSS = FONT_DIR
  ? ['400.css', '600.css'].map((f) => fs.readFileSync(path.join(FONT_DIR, f), 'utf8').split('url(./files/').join('url(/__fonts/files/')).join('\n')
  : '';

function compile(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    }),
  );
}

export interface Harness {
  out: string;
  server: http.Server;
  base: string;
  browser: Browser;
  fakeHostJs: string;
}

let h: Harness | null = null;
/** Contexts being closed (after their page): waited for before the browser goes. */
const contexts = new Set<Promise<void>>();

export function harness(): Harness {
  if (!h) throw new Error('harness not set up');
  return h;
}

export async function setUp(): Promise<Harness> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-pane-'));
  // The add-in exactly as `npm run build` makes it, into a temp folder.
  const addin = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'production' }) as webpack.Configuration;
  addin.context = ROOT;
  addin.output = { ...addin.output, path: path.join(out, 'addin') };
  await compile(addin);
  await compile({
    mode: 'development',
    devtool: false,
    context: ROOT,
    entry: './test/browser/fake-host-entry.ts',
    output: { path: path.join(out, 'host'), filename: 'fake-host.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, use: { loader: 'ts-loader', options: { configFile: 'tsconfig.addin.json', transpileOnly: true } } }] },
  });
  const fakeHostJs = fs.readFileSync(path.join(out, 'host', 'fake-host.js'), 'utf8');
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [dir, rel] = url.startsWith('/__fonts/') && FONT_DIR ? [FONT_DIR, url.slice('/__fonts/'.length)] : [path.join(out, 'addin'), url];
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = { '.woff2': 'font/woff2', '.woff': 'font/woff', '.html': 'text/html; charset=utf-8', '.js': 'application/javascript', '.css': 'text/css', '.png': 'image/png', '.xml': 'application/xml' }[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await launchBrowser();
  h = { out, server, base, browser, fakeHostJs };
  return h;
}

/** Gzip sizes of the built pane's script and stylesheet (what Excel downloads when the pane opens). */
export function bundleSizes(): { js: number; css: number } {
  const dir = path.join(harness().out, 'addin');
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length;
  return { js: gz('taskpane.js'), css: gz('taskpane.css') };
}

export async function tearDown(): Promise<void> {
  if (!h) return;
  await Promise.all(contexts);
  contexts.clear();
  await h.browser?.close().catch(() => undefined);
  await new Promise<void>((r) => h!.server.close(() => r()));
  fs.rmSync(h.out, { recursive: true, force: true });
  h = null;
}

export interface OpenOptions {
  width?: number;
  /** Office.context.officeTheme the fake host reports. */
  theme?: Record<string, string>;
  /** office.js cannot be loaded (an intranet that blocks Microsoft's CDN). */
  officeMissing?: boolean;
  /** office.js loads but Office never initialises (onReady never resolves). */
  officeStuck?: boolean;
  /** Wait for the pane to connect (default true). */
  connect?: boolean;
}

export async function openPane(book: FakeBookJson, opts: OpenOptions = {}): Promise<Page> {
  const { base, browser, fakeHostJs } = harness();
  // A context per page: axe-core injects its script through the context.
  const context = await browser.newContext({ viewport: { width: opts.width ?? 450, height: 900 } });
  const page = await context.newPage();
  page.on('close', () => {
    contexts.add(context.close().catch(() => undefined));
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // office.js from the CDN is replaced by the fake host; nothing else leaves the machine.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(CDN)) {
      if (opts.officeMissing) return route.abort();
      const body = opts.officeStuck ? 'window.Office = { onReady: function () { return new Promise(function () {}); } };' : fakeHostJs;
      return route.fulfill({ body, contentType: 'application/javascript' });
    }
    if (url.startsWith(base)) return route.continue();
    return route.abort();
  });
  await page.addInitScript(
    ([b, t]) => {
      const w = window as unknown as { __JIXIAO_BOOK__: unknown; __JIXIAO_THEME__?: unknown };
      w.__JIXIAO_BOOK__ = b;
      if (t) w.__JIXIAO_THEME__ = t;
    },
    [book, opts.theme ?? null] as const,
  );
  await page.goto(`${base}/taskpane.html`);
  if (FONT_CSS) await page.addStyleTag({ content: FONT_CSS });
  if (opts.connect !== false) await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('已连接工作簿'));
  expect(errors).toEqual([]);
  return page;
}

export async function computeAndWait(page: Page): Promise<void> {
  await page.click('#compute');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));
}

/** axe-core over the whole pane as it is now: no violation of any rule. */
export async function expectAccessible(page: Page): Promise<void> {
  const res = await new AxeBuilder({ page }).analyze();
  const summary = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** Saves the pane at each of Excel's widths (320 and 450 px), full length, and checks it never scrolls sideways. */
export async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
