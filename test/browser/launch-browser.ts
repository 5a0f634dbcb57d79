import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser the task-pane tests drive, found without root:
 *   JIXIAO_BROWSER=system   Debian's /usr/bin/chromium (or CHROMIUM_PATH)
 *   JIXIAO_BROWSER=npm      the Chromium shipped compressed inside the @sparticuz/chromium package
 *   JIXIAO_BROWSER=<path>   that executable
 *   unset                   CHROMIUM_PATH, else /usr/bin/chromium when present, else the npm one.
 */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface FoundBrowser {
  executablePath: string;
  source: 'system' | 'npm' | 'path';
  env?: Record<string, string>;
}

export class BrowserMissing extends Error {}

function npmChromiumDir(): string | null {
  try {
    // The package exports only its entry (build/cjs/index.cjs); the compressed files sit in bin/ beside build/.
    const dir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'bin');
    return fs.existsSync(path.join(dir, 'chromium.br')) ? dir : null;
  } catch {
    return null;
  }
}

/** Unpacks a .tar.br of the package into dir (plain ustar: names and sizes, regular files and folders). */
function untarBrotli(file: string, dir: string): void {
  const tar = zlib.brotliDecompressSync(fs.readFileSync(file));
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const target = path.join(dir, name);
    if (!target.startsWith(dir + path.sep)) throw new Error(`unsafe path in ${file}: ${name}`);
    if (type === '5') fs.mkdirSync(target, { recursive: true });
    else if (type === '0') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, tar.subarray(at + 512, at + 512 + size));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * One unpacking at a time: jest runs test files in parallel workers, and the package returns its
 * binary as soon as the file exists — possibly half written by another worker.
 */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left by a crashed run is taken over after a few minutes.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new BrowserMissing(`等待解压 npm 浏览器超时（锁 ${lock}）。`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function hasSystemNss(): boolean {
  const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu'];
  return dirs.some((d) => fs.existsSync(path.join(d, 'libnss3.so')));
}

/**
 * The npm Chromium: the package unpacks its binary into the temp folder on first use (no download,
 * no root). It links against NSS, which a bare Debian lacks; the package carries those libraries too.
 */
async function npmChromium(): Promise<FoundBrowser> {
  const bin = npmChromiumDir();
  if (!bin) throw new BrowserMissing('未找到浏览器：没有 /usr/bin/chromium，也没有安装 npm 包 @sparticuz/chromium（运行 npm ci）。');
  type Packed = { executablePath(input?: string): Promise<string> };
  const mod = require('@sparticuz/chromium') as Packed & { default?: Packed };
  const exe = await withLock(path.join(os.tmpdir(), 'jixiao-chromium.lock'), () => (mod.default ?? mod).executablePath(bin));
  if (hasSystemNss()) return { executablePath: exe, source: 'npm' };
  const libs = path.join(os.tmpdir(), 'jixiao-chromium-libs');
  if (!fs.existsSync(path.join(libs, 'lib', 'libnss3.so'))) untarBrotli(path.join(bin, 'al2023.tar.br'), libs);
  const ld = [path.join(libs, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { executablePath: exe, source: 'npm', env: { LD_LIBRARY_PATH: ld } };
}

export async function findBrowser(choice = process.env.JIXIAO_BROWSER ?? ''): Promise<FoundBrowser> {
  const system = process.env.CHROMIUM_PATH || SYSTEM_CHROMIUM;
  if (choice === 'npm') return npmChromium();
  if (choice === 'system') {
    if (!fs.existsSync(system)) throw new BrowserMissing(`JIXIAO_BROWSER=system，但未找到 ${system}（Debian：apt-get install chromium；或不设 JIXIAO_BROWSER 以使用 npm 包 @sparticuz/chromium）。`);
    return { executablePath: system, source: 'system' };
  }
  if (choice) {
    if (!fs.existsSync(choice)) throw new BrowserMissing(`JIXIAO_BROWSER 指定的浏览器不存在：${choice}`);
    return { executablePath: choice, source: 'path' };
  }
  if (fs.existsSync(system)) return { executablePath: system, source: 'system' };
  return npmChromium();
}

/** Launches the browser found above; a missing one is a message naming what to install, not ENOENT. */
export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser();
  try {
    return await chromium.launch({ executablePath: found.executablePath, args: ARGS, env: found.env ? { ...process.env, ...found.env } as Record<string, string> : undefined });
  } catch (e) {
    throw new BrowserMissing(`无法启动浏览器 ${found.executablePath}（来源：${found.source}）：${(e as Error).message.split('\n')[0]}`);
  }
}
