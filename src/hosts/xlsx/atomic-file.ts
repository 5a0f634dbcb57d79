import { randomBytes } from 'crypto';
import { promises as fs, type Stats } from 'fs';
import * as path from 'path';
import { errors, JixiaoError, type FileKind } from '../../sheet/errors';

export interface AtomicWriteOptions {
  /** Permission bits of a new file (an existing file's are kept when replacing). */
  mode?: number;
  /**
   * Replace the file in place: follow symbolic links to the real file, keep its owner, group and
   * mode, hold a lock while writing, and rename only if the file still holds exactly `expect`
   * (what was read), so a concurrent writer's result is never lost.
   */
  replace?: { expect: Buffer };
}

/**
 * Writes `data` to `target` through a temporary file in the same folder and a rename, so the
 * target is either the old file or the complete new one, never a torn mix. Temporary files and
 * locks left by a killed run are removed on the next run.
 */
export async function writeFileAtomic(target: string, data: Buffer, opts: AtomicWriteOptions = {}): Promise<void> {
  const shown = path.basename(target);
  const real = opts.replace ? await realFile(target, shown) : await newOrRegular(target, shown);
  const dir = path.dirname(real.path);
  const name = path.basename(real.path);
  await removeLeftovers(dir, name);
  const lock = opts.replace ? await acquireLock(dir, name, shown) : null;
  const temp = path.join(dir, `.~${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, 'wx', real.stat ? real.stat.mode & 0o777 : (opts.mode ?? 0o666));
    await handle.writeFile(data);
    if (real.stat) await keepOwnerAndMode(handle, real.stat, shown);
    else if (opts.mode !== undefined) await handle.chmod(opts.mode);
    await handle.sync();
    await handle.close();
    handle = null;
    // Re-checked under the lock, immediately before the rename: another run may have replaced the
    // file since it was read; its result must not be lost.
    if (opts.replace) {
      const now = await fs.readFile(real.path).catch(() => null);
      if (!now || !now.equals(opts.replace.expect)) throw errors.sourceChanged(shown);
    }
    await fs.rename(temp, real.path);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    if (err instanceof JixiaoError) throw err;
    throw errors.writeFailed(shown, ioReason(err), err);
  } finally {
    await lock?.release();
  }
  await syncDir(dir);
}

/** The real file behind `target` (symbolic links followed), which must be a regular file with one link. */
async function realFile(target: string, shown: string): Promise<{ path: string; stat: Stats }> {
  let real: string;
  let stat: Stats;
  try {
    real = await fs.realpath(target);
    stat = await fs.stat(real);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw errors.sourceChanged(shown);
    throw errors.writeFailed(shown, ioReason(err), err);
  }
  if (!stat.isFile()) throw errors.targetNotRegular(shown, kindOf(stat));
  // A rename would give this name a new file and leave the other names on the old one.
  if (stat.nlink > 1) throw errors.hardLinked(shown, stat.nlink);
  return { path: real, stat };
}

/** A new output must not replace anything but a regular file: never a device, a link, a folder. */
async function newOrRegular(target: string, shown: string): Promise<{ path: string; stat: null }> {
  const stat = await fs.lstat(target).catch(() => null);
  if (stat && !stat.isFile()) throw errors.targetNotRegular(shown, kindOf(stat));
  return { path: target, stat: null };
}

export function kindOf(stat: Stats): FileKind {
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isCharacterDevice()) return 'char-device';
  if (stat.isBlockDevice()) return 'block-device';
  if (stat.isSocket()) return 'socket';
  if (stat.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function keepOwnerAndMode(handle: fs.FileHandle, stat: Stats, shown: string): Promise<void> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const gid = typeof process.getgid === 'function' ? process.getgid() : -1;
  if (uid !== -1 && (stat.uid !== uid || stat.gid !== gid)) {
    try {
      await handle.chown(stat.uid, stat.gid);
    } catch {
      throw errors.ownerNotKept(shown);
    }
  }
  await handle.chmod(stat.mode & 0o7777);
}

const TEMP_RE = /^\.~(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes temporary files of `name` left by runs that no longer exist (killed mid-write). */
async function removeLeftovers(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = TEMP_RE.exec(entry);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && !alive(pid)) await fs.unlink(path.join(dir, entry)).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exclusive lock file beside the target holding the owner's pid; a dead owner's lock is taken over. */
async function acquireLock(dir: string, name: string, shown: string): Promise<{ release(): Promise<void> }> {
  const lockPath = path.join(dir, `.~${name}.jixiao-lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await fs.open(lockPath, 'wx', 0o644);
      await h.writeFile(String(process.pid));
      await h.close();
      return { release: () => fs.unlink(lockPath).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw errors.writeFailed(shown, ioReason(err), err);
    }
    const text = await fs.readFile(lockPath, 'utf8').catch(() => null);
    if (text === null) continue; // released meanwhile
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw errors.locked(shown, pid);
    if (text.trim() === '' && attempt === 0) {
      // Being written by its owner right now: give it a moment.
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    // A lock left by a killed run: take it over, but only if it is still the same stale one.
    const again = await fs.readFile(lockPath, 'utf8').catch(() => null);
    if (again === text) await fs.unlink(lockPath).catch(() => undefined);
  }
  throw errors.locked(shown, null);
}

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return '目标文件夹不存在';
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return '文件可能正在 Excel 中打开，或没有写入权限，请关闭文件后重试';
    case 'ENOSPC':
      return '磁盘空间不足';
    case 'EROFS':
      return '目标位置只读';
    case 'EISDIR':
      return '目标是一个文件夹';
    default:
      return `写入出错（${code ?? String(err)}）`;
  }
}

/** Makes the rename durable where the platform allows it (not on Windows). */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    /* best effort */
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
