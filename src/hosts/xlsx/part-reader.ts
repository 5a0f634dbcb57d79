import type JSZip from 'jszip';
import * as zlib from 'zlib';
import { XlsxReadError } from './errors';
import { entry } from './package';

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
  private directory: Map<string, ZipEntryInfo> | null = null;

  constructor(
    readonly zip: JSZip,
    private readonly fileName: string,
    private readonly limits: ReadLimits,
    private readonly bytes?: Buffer,
  ) {}

  /** The part's text, or null when the package has no such part. */
  async text(path: string): Promise<string | null> {
    const file = entry(this.zip, path);
    if (!file) return null;
    const declared = this.declaredSize(file.name);
    if (declared > this.limits.maxPartBytes) throw this.tooLarge(file.name, declared);
    let data: Uint8Array;
    try {
      data = this.inflateNative(file.name) ?? (await file.async('uint8array'));
    } catch (err) {
      throw new XlsxReadError('unreadable', this.fileName, `部件 ${file.name} 已损坏，无法解压`, { cause: err });
    }
    if (data.length > this.limits.maxPartBytes) throw this.tooLarge(file.name, data.length);
    return decodePart(data);
  }

  async required(path: string, what: string): Promise<string> {
    const xml = await this.text(path);
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

  private info(name: string): ZipEntryInfo | undefined {
    if (!this.bytes) return undefined;
    this.directory ??= centralDirectory(this.bytes);
    return this.directory.get(name);
  }

  /** Uncompressed size as the zip's central directory declares it (0 when unknown). */
  private declaredSize(name: string): number {
    return this.info(name)?.size ?? 0;
  }

  /**
   * A deflated entry inflated by Node's zlib straight from the file's bytes (several times faster
   * than JSZip's JavaScript inflate on a big sheet); null when the entry is not a plain deflated one.
   */
  private inflateNative(name: string): Uint8Array | null {
    const e = this.info(name);
    const bytes = this.bytes;
    if (!e || !bytes || e.method !== 8 || e.offset + 30 > bytes.length || bytes.readUInt32LE(e.offset) !== 0x04034b50) return null;
    const start = e.offset + 30 + bytes.readUInt16LE(e.offset + 26) + bytes.readUInt16LE(e.offset + 28);
    if (start + e.compressedSize > bytes.length) return null;
    // One output chunk one byte larger than the declared size: no list of chunks joined into a second copy.
    const chunkSize = Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(e.size + 1, this.limits.maxPartBytes + 1));
    const out = zlib.inflateRawSync(bytes.subarray(start, start + e.compressedSize), { maxOutputLength: this.limits.maxPartBytes + 1, chunkSize });
    // The central directory is what the size cap was checked against: it must tell the truth.
    return out.length === e.size ? out : null;
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

export interface ZipEntryInfo {
  /** Uncompressed size as declared. */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** Entry name → sizes, method and offset from the zip's central directory (zip64 included). */
export function centralDirectory(bytes: Buffer): Map<string, ZipEntryInfo> {
  const out = new Map<string, ZipEntryInfo>();
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length) return out;
  let entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || entries === 0xffff) {
    const loc = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]), eocd);
    if (loc >= 0 && loc + 20 <= bytes.length) {
      const rec = Number(bytes.readBigUInt64LE(loc + 8));
      if (rec + 56 <= bytes.length && bytes.readUInt32LE(rec) === 0x06064b50) {
        entries = Number(bytes.readBigUInt64LE(rec + 32));
        offset = Number(bytes.readBigUInt64LE(rec + 48));
      }
    }
  }
  let p = offset;
  for (let i = 0; i < entries && p + 46 <= bytes.length && bytes.readUInt32LE(p) === 0x02014b50; i++) {
    const method = bytes.readUInt16LE(p + 10);
    let compressedSize = bytes.readUInt32LE(p + 20);
    let size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    let offset = bytes.readUInt32LE(p + 42);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLen);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      // zip64 extra field: the values that overflowed, in this order.
      let q = p + 46 + nameLen;
      const end = q + extraLen;
      while (q + 4 <= end) {
        const id = bytes.readUInt16LE(q);
        const len = bytes.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let f = q + 4;
          if (size === 0xffffffff && f + 8 <= q + 4 + len) {
            size = Number(bytes.readBigUInt64LE(f));
            f += 8;
          }
          if (compressedSize === 0xffffffff && f + 8 <= q + 4 + len) {
            compressedSize = Number(bytes.readBigUInt64LE(f));
            f += 8;
          }
          if (offset === 0xffffffff && f + 8 <= q + 4 + len) offset = Number(bytes.readBigUInt64LE(f));
          break;
        }
        q += 4 + len;
      }
    }
    out.set(name, { size, compressedSize, method, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
