import { kMaxLength } from 'buffer';
import * as zlib from 'zlib';

/**
 * The zip container of an .xlsx package, read and written with Node's own zlib. An entry the write
 * does not change keeps its compressed bytes (copied, never inflated); a changed one is deflated
 * once. No JavaScript inflate or deflate, no stream machinery: the container is the cheap part of a
 * package, and a general zip library made it the most expensive one for a small workbook.
 */

/** A zip the reader cannot use (truncated, encrypted, an unknown compression, an entry out of bounds). */
export class ZipFormatError extends Error {}

/** An entry larger uncompressed than the cap its reader gave. */
export class ZipEntryTooLarge extends Error {}

/** An entry's content compressed ahead of the save (a big sheet is deflated while it is encoded). */
export interface DeflatedContent {
  data: Buffer;
  crc: number;
  /** Uncompressed bytes. */
  size: number;
}

interface SourceEntry {
  kind: 'source';
  method: number;
  flags: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the compressed bytes start in the source. */
  dataStart: number;
  versionMadeBy: number;
  externalAttrs: number;
  comment: Buffer;
}

type Content = SourceEntry | { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Buffer } | ({ kind: 'deflated' } & DeflatedContent) | { kind: 'dir' };

export interface ZipEntryInfo {
  /** Uncompressed size (as declared, for an entry read from the file). */
  size: number;
  /** 0 stored, 8 deflated. */
  method: number;
  dir: boolean;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const UTF8_NAME = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
const ENCRYPTED = 0x0001;
const STORED = 0;
const DEFLATED = 8;
/** DOS, zip 2.0: what is written for an entry made here. */
const MADE_BY_DOS = 0x0014;
const DOS_DIR = 0x10;
/**
 * zlib level 5: on the fixtures' sheets 0.7 % larger than level 6 (zlib's default) and about half its
 * time, so the deflate of a written sheet keeps up with the patcher instead of holding up the save
 * (10k rows in one sheet: 32 ms against 56 ms, the run 3-5 % quicker).
 */
export const DEFLATE_LEVEL = 5;
const NO_BYTES = Buffer.alloc(0);

export class ZipPackage {
  private readonly entries: Map<string, Content>;
  private readonly source: Buffer;
  private readonly comment: Buffer;

  private constructor(source: Buffer, entries: Map<string, Content>, comment: Buffer) {
    this.source = source;
    this.entries = entries;
    this.comment = comment;
  }

  /** A new, empty package. */
  static empty(): ZipPackage {
    return new ZipPackage(NO_BYTES, new Map(), NO_BYTES);
  }

  /** Opens a zip from its bytes: the central directory is read, no entry is inflated. */
  static open(bytes: Buffer): ZipPackage {
    const end = findEnd(bytes);
    let count = bytes.readUInt16LE(end + 10);
    let cdSize = bytes.readUInt32LE(end + 12);
    let cdStart = bytes.readUInt32LE(end + 16);
    const commentLength = bytes.readUInt16LE(end + 20);
    const comment = Buffer.from(bytes.subarray(end + 22, Math.min(bytes.length, end + 22 + commentLength)));
    if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) {
      const zip64 = readEnd64(bytes, end);
      if (zip64) ({ count, cdSize, cdStart } = zip64);
    }
    if (cdStart + cdSize > bytes.length) throw new ZipFormatError('central directory out of bounds');
    const entries = new Map<string, Content>();
    let p = cdStart;
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError(`central directory entry ${i} damaged`);
      const flags = bytes.readUInt16LE(p + 8);
      const method = bytes.readUInt16LE(p + 10);
      let compressedSize = bytes.readUInt32LE(p + 20);
      let size = bytes.readUInt32LE(p + 24);
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const entryCommentLength = bytes.readUInt16LE(p + 32);
      let offset = bytes.readUInt32LE(p + 42);
      const nameEnd = p + 46 + nameLength;
      const extraEnd = nameEnd + extraLength;
      if (extraEnd + entryCommentLength > bytes.length) throw new ZipFormatError(`central directory entry ${i} out of bounds`);
      const rawName = bytes.subarray(p + 46, nameEnd);
      const extra = bytes.subarray(nameEnd, extraEnd);
      ({ size, compressedSize, offset } = zip64Sizes(extra, size, compressedSize, offset));
      const name = unicodePath(extra, rawName) ?? rawName.toString('utf8');
      if (flags & ENCRYPTED) throw new ZipFormatError(`entry ${name} is encrypted`);
      if (method !== STORED && method !== DEFLATED) throw new ZipFormatError(`entry ${name} uses compression method ${method}`);
      if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== LOCAL) throw new ZipFormatError(`entry ${name}: local header missing`);
      const dataStart = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
      if (dataStart + compressedSize > bytes.length) throw new ZipFormatError(`entry ${name} out of bounds`);
      // The last of a duplicated name wins, in the place of the first (what JSZip did).
      entries.set(name, {
        kind: 'source',
        method,
        flags,
        time: bytes.readUInt16LE(p + 12),
        date: bytes.readUInt16LE(p + 14),
        crc: bytes.readUInt32LE(p + 16),
        compressedSize,
        size,
        dataStart,
        versionMadeBy: bytes.readUInt16LE(p + 4),
        externalAttrs: bytes.readUInt32LE(p + 38),
        comment: entryCommentLength ? Buffer.from(bytes.subarray(extraEnd, extraEnd + entryCommentLength)) : NO_BYTES,
      });
      p = extraEnd + entryCommentLength;
    }
    return new ZipPackage(bytes, entries, comment);
  }

  /** A copy whose changes leave this package as it is (the source bytes are shared, not copied). */
  clone(): ZipPackage {
    return new ZipPackage(this.source, new Map(this.entries), this.comment);
  }

  /** Entry names in the order they are stored, folders included. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  isDir(name: string): boolean {
    const e = this.entries.get(name);
    return e !== undefined && isDirEntry(name, e);
  }

  info(name: string): ZipEntryInfo | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const dir = isDirEntry(name, e);
    switch (e.kind) {
      case 'source':
        return { size: e.size, method: e.method, dir };
      case 'text':
        return { size: Buffer.byteLength(e.text, 'utf8'), method: DEFLATED, dir };
      case 'bytes':
        return { size: e.bytes.length, method: DEFLATED, dir };
      case 'deflated':
        return { size: e.size, method: DEFLATED, dir };
      case 'dir':
        return { size: 0, method: STORED, dir };
    }
  }

  /**
   * An entry's bytes, inflated when it is compressed; more than `maxBytes` (when given) throws
   * ZipEntryTooLarge before the rest is inflated.
   */
  bytes(name: string, maxBytes = Number.MAX_SAFE_INTEGER): Buffer | null {
    try {
      return this.content(name, maxBytes);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipEntryTooLarge(`entry ${name} is larger than ${maxBytes} bytes`);
      throw err;
    }
  }

  private content(name: string, maxBytes: number): Buffer | null {
    const e = this.entries.get(name);
    if (!e) return null;
    switch (e.kind) {
      case 'text':
        return Buffer.from(e.text, 'utf8');
      case 'bytes':
        return e.bytes;
      case 'dir':
        return Buffer.alloc(0);
      case 'deflated':
        return zlib.inflateRawSync(e.data, { maxOutputLength: Math.max(1, Math.min(maxBytes, kMaxLength)) });
      case 'source': {
        const raw = this.source.subarray(e.dataStart, e.dataStart + e.compressedSize);
        if (e.method === STORED) {
          if (raw.length > maxBytes) throw new ZipEntryTooLarge(`entry ${name} is larger than ${maxBytes} bytes`);
          return raw;
        }
        // One output chunk one byte larger than the declared size: no list of chunks joined into a second copy.
        const limit = Math.min(maxBytes, kMaxLength);
        const chunkSize = Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(e.size + 1, limit + 1));
        return zlib.inflateRawSync(raw, { maxOutputLength: limit, chunkSize });
      }
    }
  }

  /** Sets an entry's content (compressed at the save); a new name gets its missing parent folders first. */
  set(name: string, content: string | Buffer | DeflatedContent): void {
    if (!this.entries.has(name)) this.addParents(name);
    this.entries.set(
      name,
      typeof content === 'string' ? { kind: 'text', text: content } : Buffer.isBuffer(content) ? { kind: 'bytes', bytes: content } : { kind: 'deflated', ...content },
    );
  }

  remove(name: string): void {
    this.entries.delete(name);
  }

  /**
   * The package as zip bytes: unchanged entries copied with their compressed bytes, dates and
   * attributes; changed ones deflated (DEFLATE_LEVEL) and dated now.
   */
  toBuffer(now = new Date()): Buffer {
    const stamp = dosDateTime(now);
    const records: EntryRecord[] = [];
    for (const [name, content] of this.entries) records.push(this.record(name, content, stamp));
    const comment = this.comment.subarray(0, 0xffff);
    let cdStart = 0;
    let cdSize = 0;
    for (const r of records) {
      cdStart += 30 + r.name.length + r.data.length;
      cdSize += 46 + r.name.length + r.comment.length;
    }
    const size = cdStart + cdSize + 22 + comment.length;
    if (records.length > 0xffff || cdStart + cdSize > 0xffffffff) throw new ZipFormatError('package too large for a zip without zip64');
    const out = Buffer.allocUnsafe(size);
    let p = 0;
    const offsets: number[] = [];
    for (const r of records) {
      offsets.push(p);
      p = writeHeader(out, p, LOCAL, r);
      p += r.data.copy(out, p);
    }
    for (let i = 0; i < records.length; i++) p = writeHeader(out, p, CENTRAL, records[i], offsets[i]);
    out.writeUInt32LE(END, p);
    out.writeUInt16LE(0, p + 4);
    out.writeUInt16LE(0, p + 6);
    out.writeUInt16LE(records.length, p + 8);
    out.writeUInt16LE(records.length, p + 10);
    out.writeUInt32LE(cdSize, p + 12);
    out.writeUInt32LE(cdStart, p + 16);
    out.writeUInt16LE(comment.length, p + 20);
    comment.copy(out, p + 22);
    return out;
  }

  private record(name: string, content: Content, stamp: { time: number; date: number }): EntryRecord {
    const encoded = Buffer.from(name, 'utf8');
    const utf8 = encoded.length !== name.length ? UTF8_NAME : 0;
    if (content.kind === 'source') {
      return {
        name: encoded,
        flags: (content.flags & ~DATA_DESCRIPTOR & ~UTF8_NAME) | utf8,
        method: content.method,
        time: content.time,
        date: content.date,
        crc: content.crc,
        size: content.size,
        data: this.source.subarray(content.dataStart, content.dataStart + content.compressedSize),
        versionMadeBy: content.versionMadeBy,
        externalAttrs: content.externalAttrs,
        comment: content.comment,
      };
    }
    const base = { name: encoded, flags: utf8, ...stamp, versionMadeBy: MADE_BY_DOS, comment: NO_BYTES };
    if (content.kind === 'dir') return { ...base, method: STORED, crc: 0, size: 0, data: NO_BYTES, externalAttrs: DOS_DIR };
    if (content.kind === 'deflated') return { ...base, method: DEFLATED, crc: content.crc, size: content.size, data: content.data, externalAttrs: 0 };
    const bytes = content.kind === 'text' ? Buffer.from(content.text, 'utf8') : content.bytes;
    return { ...base, method: DEFLATED, crc: zlib.crc32(bytes), size: bytes.length, data: deflated(bytes), externalAttrs: 0 };
  }

  /** Folder entries for the parents a new entry lacks, outermost first (what JSZip wrote). */
  private addParents(name: string): void {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = `${parts.slice(0, i).join('/')}/`;
      if (folder !== '/' && !this.entries.has(folder)) this.entries.set(folder, { kind: 'dir' });
    }
  }
}

/** The content deflated as an entry's stored bytes. */
export function deflateContent(bytes: Buffer): DeflatedContent {
  return { data: deflated(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

/**
 * zlib hands back a view of its 16 KB output chunk: a part held until the save (thousands of sheets)
 * keeps a copy of its own size instead.
 */
function deflated(bytes: Buffer): Buffer {
  const out = zlib.deflateRawSync(bytes, { level: DEFLATE_LEVEL });
  return out.buffer.byteLength > 2 * out.length ? Buffer.from(out) : out;
}

interface EntryRecord {
  name: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  data: Buffer;
  versionMadeBy: number;
  externalAttrs: number;
  comment: Buffer;
}

function isDirEntry(name: string, e: Content): boolean {
  return e.kind === 'dir' || name.endsWith('/');
}

/** Writes a local (30 bytes + name) or central (46 bytes + name + comment) header; returns the next offset. */
function writeHeader(out: Buffer, p: number, signature: number, r: EntryRecord, offset = 0): number {
  out.writeUInt32LE(signature, p);
  let q = p + 4;
  if (signature === CENTRAL) {
    out.writeUInt16LE(r.versionMadeBy, q);
    q += 2;
  }
  out.writeUInt16LE(r.method === DEFLATED ? 20 : 10, q);
  out.writeUInt16LE(r.flags, q + 2);
  out.writeUInt16LE(r.method, q + 4);
  out.writeUInt16LE(r.time, q + 6);
  out.writeUInt16LE(r.date, q + 8);
  out.writeUInt32LE(r.crc >>> 0, q + 10);
  out.writeUInt32LE(r.data.length, q + 14);
  out.writeUInt32LE(r.size, q + 18);
  out.writeUInt16LE(r.name.length, q + 22);
  out.writeUInt16LE(0, q + 24);
  q += 26;
  if (signature === CENTRAL) {
    out.writeUInt16LE(r.comment.length, q);
    out.writeUInt16LE(0, q + 2);
    out.writeUInt16LE(0, q + 4);
    out.writeUInt32LE(r.externalAttrs >>> 0, q + 6);
    out.writeUInt32LE(offset, q + 10);
    q += 14;
  }
  q += r.name.copy(out, q);
  if (signature === CENTRAL) q += r.comment.copy(out, q);
  return q;
}

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** The end-of-central-directory record: the last one, within the 64 KB a comment may take. */
function findEnd(bytes: Buffer): number {
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= floor; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x05 && bytes[p + 3] === 0x06) return p;
  }
  throw new ZipFormatError('end of central directory not found');
}

function readEnd64(bytes: Buffer, end: number): { count: number; cdSize: number; cdStart: number } | null {
  const locator = end - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== END64_LOCATOR) return null;
  const record = Number(bytes.readBigUInt64LE(locator + 8));
  if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== END64) throw new ZipFormatError('zip64 end record damaged');
  return {
    count: Number(bytes.readBigUInt64LE(record + 32)),
    cdSize: Number(bytes.readBigUInt64LE(record + 40)),
    cdStart: Number(bytes.readBigUInt64LE(record + 48)),
  };
}

/** The zip64 extra field's values for the fields that overflowed, in this order. */
function zip64Sizes(extra: Buffer, size: number, compressedSize: number, offset: number): { size: number; compressedSize: number; offset: number } {
  if (size !== 0xffffffff && compressedSize !== 0xffffffff && offset !== 0xffffffff) return { size, compressedSize, offset };
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let f = q + 4;
      const end = Math.min(extra.length, f + len);
      if (size === 0xffffffff && f + 8 <= end) {
        size = Number(extra.readBigUInt64LE(f));
        f += 8;
      }
      if (compressedSize === 0xffffffff && f + 8 <= end) {
        compressedSize = Number(extra.readBigUInt64LE(f));
        f += 8;
      }
      if (offset === 0xffffffff && f + 8 <= end) offset = Number(extra.readBigUInt64LE(f));
      break;
    }
    q += 4 + len;
  }
  return { size, compressedSize, offset };
}

/** The Info-ZIP Unicode Path extra field's name, when it belongs to this raw name (its CRC matches). */
function unicodePath(extra: Buffer, rawName: Buffer): string | null {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x7075 && len >= 5 && q + 4 + len <= extra.length && extra[q + 4] === 1) {
      if (extra.readUInt32LE(q + 5) === zlib.crc32(rawName)) return extra.toString('utf8', q + 9, q + 4 + len);
      return null;
    }
    q += 4 + len;
  }
  return null;
}
