import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Zip entries compressed now, with the very bytes JSZip would write for them when the package is
 * generated: a patched sheet (or the state part) is held compressed, not as text, until the save,
 * and JSZip's generator copies it as it is.
 */

/**
 * JSZip takes an already-compressed entry as a CompressedObject (what it builds itself when it
 * loads a zip); it is not exported at the top level, so it comes from the module files.
 */
export const jszipInternals = {
  CompressedObject: require('jszip/lib/compressedObject') as new (compressedSize: number, size: number, crc: number, method: unknown, data: Buffer) => unknown,
  DEFLATE: (require('jszip/lib/compressions') as { DEFLATE: unknown }).DEFLATE,
};

/** Characters JSZip's DataWorker hands on at a time (its DEFAULT_BLOCK_SIZE). */
const JSZIP_BLOCK = 16 * 1024;

/**
 * A text entry deflated as JSZip deflates it (its pako, raw, level 6), fed as JSZip's generator
 * feeds it (16,384 characters at a time, each encoded as UTF-8 on its own), without its stream
 * machinery and JavaScript CRC: the same bytes, several times faster. Give the result to `zip.file`.
 */
export async function jszipDeflated(text: string): Promise<unknown> {
  const deflater = openDeflater();
  const out: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < text.length; i += JSZIP_BLOCK) {
    const bytes = Buffer.from(text.substring(i, i + JSZIP_BLOCK), 'utf8');
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    push(deflater, bytes, Z_NO_FLUSH, out);
  }
  push(deflater, new Uint8Array(0), Z_FINISH, out);
  const data = Buffer.concat(out);
  return new jszipInternals.CompressedObject(data.length, size, crc, jszipInternals.DEFLATE, data);
}

/** pako's zlib port, the copy JSZip itself loads. */
const pakoRoot = path.dirname(require.resolve('pako/package.json', { paths: [path.dirname(require.resolve('jszip'))] }));
const pako = require(path.join(pakoRoot, 'lib/zlib/deflate.js')) as PakoDeflate;
const ZStream = require(path.join(pakoRoot, 'lib/zlib/zstream.js')) as new () => PakoStream;

interface PakoStream {
  input: Uint8Array;
  next_in: number;
  avail_in: number;
  output: Uint8Array;
  next_out: number;
  avail_out: number;
  state: { window: Uint8Array; prev: Uint16Array } | null;
}

interface PakoDeflate {
  deflateInit2(strm: PakoStream, level: number, method: number, windowBits: number, memLevel: number, strategy: number): number;
  deflateReset(strm: PakoStream): number;
  deflate(strm: PakoStream, flush: number): number;
}

const Z_NO_FLUSH = 0;
const Z_FINISH = 4;
const Z_OK = 0;
const Z_STREAM_END = 1;
/** pako.Deflate's output chunk. */
const CHUNK = 16384;

/**
 * One deflate state for every entry, reset between them: what JSZip does (a new pako.Deflate per
 * entry, raw, level 6, memLevel 8, default strategy) allocates and zeroes ~260 KB per entry, which
 * for a workbook of hundreds of sheets costs more than the compression. zlib's deflateReset is a
 * fresh stream; the window and chain buffers are zeroed too, so bytes past the input that the match
 * search may glance at are the zeros of a new state, exactly.
 */
let shared: PakoStream | null = null;

function openDeflater(): PakoStream {
  if (shared === null) {
    const strm = new ZStream();
    if (pako.deflateInit2(strm, 6, 8, -15, 8, 0) !== Z_OK) throw new Error('deflate init failed');
    shared = strm;
  } else {
    if (pako.deflateReset(shared) !== Z_OK) throw new Error('deflate reset failed');
    shared.state!.window.fill(0);
    shared.state!.prev.fill(0);
  }
  shared.avail_out = 0;
  return shared;
}

/** pako.Deflate.prototype.push, chunk for chunk. */
function push(strm: PakoStream, data: Uint8Array, mode: number, out: Uint8Array[]): void {
  strm.input = data;
  strm.next_in = 0;
  strm.avail_in = data.length;
  let status: number;
  do {
    if (strm.avail_out === 0) {
      strm.output = new Uint8Array(CHUNK);
      strm.next_out = 0;
      strm.avail_out = CHUNK;
    }
    status = pako.deflate(strm, mode);
    if (status !== Z_STREAM_END && status !== Z_OK) {
      shared = null;
      throw new Error(`deflate failed (${status})`);
    }
    if (strm.avail_out === 0 || (strm.avail_in === 0 && mode === Z_FINISH)) out.push(strm.output.subarray(0, strm.next_out));
  } while ((strm.avail_in > 0 || strm.avail_out === 0) && status !== Z_STREAM_END);
}
