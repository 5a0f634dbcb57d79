import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './run';
import { SAMPLE } from './tools-helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-safe-'));
const BIN = path.join(__dirname, '..', '..', 'bin', 'jixiao.js');

describe('inputs that are not regular files, or too large', () => {
  test('a FIFO, a device, a folder: exit 2 with a message naming the file, nothing read', async () => {
    const dir = tmp();
    const fifo = path.join(dir, 'pipe.xlsx');
    execFileSync('mkfifo', [fifo]);
    for (const [args, kind] of [
      [['score', fifo], '命名管道'],
      [['evaluate', fifo], '命名管道'],
      [['score', '/dev/zero'], '设备文件'],
      [['evaluate', '/dev/zero'], '设备文件'],
      [['score', dir], '文件夹'],
      [['evaluate', dir], '文件夹'],
    ] as const) {
      const res = await runCli([...args]);
      expect([res.code, res.err]).toEqual([2, expect.stringContaining(kind)]);
      expect(res.err).toContain(path.basename(args[1]));
      expect(res.err).toContain('不是普通文件');
    }
  });

  test('a file over the size cap is refused before it is read, naming the limit', async () => {
    const dir = tmp();
    const big = path.join(dir, 'big.xlsx');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 101 * 1024 * 1024); // sparse: costs no disk
    const res = await runCli(['score', big]);
    expect([res.code, res.err]).toEqual([2, expect.stringContaining('超过上限 100 MB')]);
    const json = path.join(dir, 'big.json');
    fs.writeFileSync(json, '');
    fs.truncateSync(json, 21 * 1024 * 1024);
    expect(await runCli(['evaluate', json])).toMatchObject({ code: 2, err: expect.stringContaining('超过上限 20 MB') });
  });

  test('deeply nested JSON is refused with a message, not a crash', async () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    expect(await runCli(['evaluate', '-'], deep)).toMatchObject({ code: 2, err: expect.stringContaining('嵌套超过 64 层') });
    const inForm = JSON.stringify({ forms: [{ rows: [{ weight: JSON.parse(`${'['.repeat(60)}1${']'.repeat(60)}`) }] }] });
    const res = await runCli(['evaluate', '-'], inForm);
    expect(res.code).toBe(2);
    expect(res.err.length).toBeLessThan(2000);
  });
});

describe('--in-place and -o targets', () => {
  test('--in-place on a symbolic link writes the real file and keeps the link; mode is kept', async () => {
    const dir = tmp();
    const real = path.join(dir, 'real.xlsx');
    fs.copyFileSync(SAMPLE, real);
    fs.chmodSync(real, 0o640);
    const link = path.join(dir, 'link.xlsx');
    fs.symlinkSync(real, link);
    const before = fs.readFileSync(real);
    expect((await runCli(['score', link, '--in-place'])).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real).equals(before)).toBe(false);
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).sort()).toEqual(['link.xlsx', 'real.xlsx']);
  });

  test('--in-place keeps the owner and group (as root, a file of another user stays theirs)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.xlsx');
    fs.copyFileSync(SAMPLE, file);
    const root = process.getuid?.() === 0;
    if (root) fs.chownSync(file, 65534, 65534);
    const before = fs.statSync(file);
    expect((await runCli(['score', file, '--in-place'])).code).toBe(0);
    const after = fs.statSync(file);
    expect([after.uid, after.gid, after.ino !== before.ino]).toEqual([before.uid, before.gid, true]);
    if (root) expect(after.uid).toBe(65534);
  });

  test('--in-place on a hard-linked file is refused (a rename would split the links)', async () => {
    const dir = tmp();
    const a = path.join(dir, 'a.xlsx');
    fs.copyFileSync(SAMPLE, a);
    fs.linkSync(a, path.join(dir, 'b.xlsx'));
    const before = fs.readFileSync(a);
    const res = await runCli(['score', a, '--in-place']);
    expect([res.code, res.err]).toEqual([2, expect.stringContaining('硬链接')]);
    expect(fs.readFileSync(a).equals(before)).toBe(true);
  });

  test('-o onto a symbolic link or a device is refused; the target is left alone', async () => {
    const dir = tmp();
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, 'keep me');
    const link = path.join(dir, 'out.xlsx');
    fs.symlinkSync(other, link);
    const res = await runCli(['score', SAMPLE, '-o', link]);
    expect([res.code, res.err]).toEqual([2, expect.stringContaining('符号链接')]);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(other, 'utf8')).toBe('keep me');
    const dev = await runCli(['score', SAMPLE, '-o', '/dev/null']);
    expect([dev.code, dev.err]).toEqual([2, expect.stringContaining('设备文件')]);
  });

  test('temporary files and a lock left by a killed run are removed on the next run', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.xlsx');
    fs.copyFileSync(SAMPLE, file);
    // A pid that is not running: spawn a process and wait for it to end.
    const dead = await new Promise<number>((resolve) => {
      const p = spawn(process.execPath, ['-e', '0']);
      p.on('exit', () => resolve(p.pid!));
    });
    fs.writeFileSync(path.join(dir, `.~a.xlsx.${dead}.0123abcd.tmp`), 'half');
    fs.writeFileSync(path.join(dir, '.~a.xlsx.jixiao-lock'), String(dead));
    expect((await runCli(['score', file, '--in-place'])).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['a.xlsx']);
  });

  test('a live lock makes the second run fail clearly, the file untouched', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.xlsx');
    fs.copyFileSync(SAMPLE, file);
    fs.writeFileSync(path.join(dir, '.~a.xlsx.jixiao-lock'), String(process.pid));
    const before = fs.readFileSync(file);
    const res = await runCli(['score', file, '--in-place']);
    expect([res.code, res.err]).toEqual([2, expect.stringContaining('另一个 jixiao 进程')]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test('concurrent --in-place runs: never two successes with a lost result', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.xlsx');
    for (let round = 0; round < 3; round++) {
      fs.copyFileSync(SAMPLE, file);
      const run = () =>
        new Promise<number>((resolve) => {
          const p = spawn(process.execPath, [BIN, 'score', file, '--in-place'], { stdio: 'ignore' });
          p.on('exit', (code) => resolve(code ?? -1));
        });
      const codes = await Promise.all([run(), run(), run()]);
      // Each run read the sample: at most one may write; the others fail (changed or locked), or find nothing to change.
      expect(codes.filter((c) => c === 0).length).toBeGreaterThanOrEqual(1);
      expect(codes.every((c) => c === 0 || c === 2)).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['a.xlsx']);
    }
  });

  test('.xlsm and .xltx keep their extension; -o dir writes <dir>/<name>.scored.xlsx', async () => {
    const dir = tmp();
    fs.copyFileSync(SAMPLE, path.join(dir, 'm.xlsm'));
    fs.copyFileSync(SAMPLE, path.join(dir, 't.xltx'));
    expect((await runCli(['score', path.join(dir, 'm.xlsm'), path.join(dir, 't.xltx')])).code).toBe(0);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const res = await runCli(['score', SAMPLE, '-o', out]);
    expect(res.out).toContain(path.join(out, '辽宁-项目自评表.scored.xlsx'));
    expect(fs.readdirSync(dir).sort()).toEqual(['m.scored.xlsm', 'm.xlsm', 'out', 't.scored.xltx', 't.xltx']);
    expect(fs.readdirSync(out)).toEqual(['辽宁-项目自评表.scored.xlsx']);
  });
});
