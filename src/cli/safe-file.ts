import { promises as fs } from 'fs';
import * as path from 'path';
import { kindOf } from '../hosts/xlsx/atomic-file';
import { errors, LIMITS } from '../sheet/errors';

/**
 * Checks an input path before anything reads it: a regular file (through symbolic links) no
 * larger than `limit`. A FIFO or /dev/zero would otherwise block or fill memory.
 */
export async function checkInputFile(file: string, limit: number): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw errors.notFound(file);
    if (code === 'EACCES' || code === 'EPERM') throw errors.unreadable(file, '没有读取这个文件的权限', err);
    if (code === 'ELOOP') throw errors.unreadable(file, '符号链接循环', err);
    throw errors.unreadable(file, `读取文件出错（${code ?? String(err)}）`, err);
  }
  if (!stat.isFile()) throw errors.notRegular(file, kindOf(stat));
  if (stat.size > limit) throw errors.tooLarge(file, stat.size, limit);
}

/** A text input (JSON) read after the checks; the size is checked again on what was actually read. */
export async function readInputText(file: string, limit = LIMITS.jsonBytes): Promise<string> {
  await checkInputFile(file, limit);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw errors.unreadable(file, `读取文件出错（${(err as NodeJS.ErrnoException).code ?? String(err)}）`, err);
  }
  if (bytes.length > limit) throw errors.tooLarge(file, bytes.length, limit);
  return bytes.toString('utf8');
}

/** Standard input up to `limit` bytes; beyond it, an error naming the limit (the rest is not read). */
export function readStdinCapped(stream: NodeJS.ReadableStream, limit = LIMITS.jsonBytes): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        stream.removeListener('data', onData);
        stream.pause();
        reject(errors.tooLarge('标准输入', size, limit));
        return;
      }
      chunks.push(c);
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', (e) => reject(errors.unreadable('标准输入', String((e as Error).message), e)));
  });
}

/** Output extensions kept as they are: a macro-enabled body under .xlsx is refused by Excel. */
const KEPT_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);

/** `<name>.scored.<ext>`: the input's extension when it is one of the OOXML workbook kinds, else .xlsx. */
export function scoredName(file: string): string {
  const ext = path.extname(file);
  const keep = KEPT_EXTENSIONS.has(ext.toLowerCase()) ? ext : '.xlsx';
  return `${path.basename(file, ext)}.scored${keep}`;
}

/** The largest nesting depth of a JSON value, without recursion (a hostile input cannot overflow the stack). */
export function jsonDepth(value: unknown, stopAt: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return max;
}
