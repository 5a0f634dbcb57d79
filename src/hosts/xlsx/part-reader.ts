import { XlsxReadError } from './errors';
import { entry } from './package';
import { ZipEntryTooLarge, type ZipPackage } from './zip';

/** Size caps checked before a part is inflated or parsed. */
export interface ReadLimits {
  /** Uncompressed bytes of one part (a JavaScript string cannot hold much more than 500 MB). */
  maxPartBytes: number;
  /** Cells (<c> elements) in one sheet. */
  maxCells: number;
  /** Cells of one sheet's used range (bounding box of the cells with content). */
  maxRangeCells: number;
  /** Cells of one merged area. */
  maxMergeCells: number;
}

export const READ_LIMITS: ReadLimits = {
  maxPartBytes: 400 * 1024 * 1024,
  maxCells: 30_000_000,
  maxRangeCells: 200_000_000,
  maxMergeCells: 1_000_000,
};

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/**
 * Reads the parts of an opened package as text: size cap from the zip's central directory before
 * inflating, UTF-8 or UTF-16 by byte-order mark, and errors that name the file and the part.
 */
export class PartReader {
  constructor(
    readonly zip: ZipPackage,
    private readonly fileName: string,
    private readonly limits: ReadLimits,
  ) {}

  /** The part's text, or null when the package has no such part. */
  text(path: string): string | null {
    const name = entry(this.zip, path);
    if (name === null) return null;
    const declared = this.zip.info(name)?.size ?? 0;
    if (declared > this.limits.maxPartBytes) throw this.tooLarge(name, declared);
    let data: Buffer | null;
    try {
      // Inflating stops one byte past the cap, so a part that lied about its size is caught without inflating it all.
      data = this.zip.bytes(name, this.limits.maxPartBytes + 1);
    } catch (err) {
      if (err instanceof ZipEntryTooLarge) throw this.tooLarge(name, NaN, err);
      throw new XlsxReadError('unreadable', this.fileName, `部件 ${name} 已损坏，无法解压`, { cause: err });
    }
    if (data === null) return null;
    if (data.length > this.limits.maxPartBytes) throw this.tooLarge(name, data.length);
    return decodePart(data);
  }

  required(path: string, what: string): string {
    const xml = this.text(path);
    if (xml === null) throw new XlsxReadError('unreadable', this.fileName, `${what}（${path}）在压缩包中缺失，文件已损坏`);
    return xml;
  }

  /** Runs a parser over a part, turning a parser failure into a message that names the part. */
  parse<T>(path: string, parse: () => T): T {
    try {
      return parse();
    } catch (err) {
      if (err instanceof XlsxReadError) throw err;
      if (err instanceof RangeError) throw this.tooLarge(path, NaN, err);
      const detail = err instanceof Error ? err.message : String(err);
      throw new XlsxReadError('unreadable', this.fileName, `部件 ${path} 内容有损坏，无法解析（${detail}）`, { cause: err });
    }
  }

  private tooLarge(path: string, size: number, cause?: unknown): XlsxReadError {
    const how = Number.isFinite(size) ? `解压后 ${mb(size)}` : '内容过大';
    return new XlsxReadError('too-large', this.fileName, `部件 ${path} ${how}，超过上限 ${mb(this.limits.maxPartBytes)}，无法处理`, { cause });
  }
}

/** UTF-8 (with or without BOM) or UTF-16 LE/BE by its byte-order mark or declaration. */
export function decodePart(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  // A UTF-8 byte-order mark stays as U+FEFF, so a patched part is written back with it.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  // UTF-16 without a BOM still says so in its declaration ('<\0?\0x\0m\0l\0').
  if (data[1] === 0 && data[0] === 0x3c) return new TextDecoder('utf-16le').decode(data);
  if (data[0] === 0 && data[1] === 0x3c) return new TextDecoder('utf-16be').decode(data);
  return text;
}
