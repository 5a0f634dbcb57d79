import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { XlsxWriteError } from './errors';

/**
 * Writes `data` to `target` through a temporary file in the same folder and a rename, so the
 * target is either the old file or the complete new one, never a torn mix.
 */
export async function writeFileAtomic(target: string, data: Buffer, opts: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(target);
  const name = path.basename(target);
  const temp = path.join(dir, `.~${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, 'wx', opts.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    if (opts.mode !== undefined) await fs.chmod(temp, opts.mode);
    await fs.rename(temp, target);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw new XlsxWriteError('io', `无法写入 “${name}”：${ioReason(err)}。原文件未被改动。`, { cause: err });
  }
  await syncDir(dir);
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
