import * as zlib from 'zlib';

/**
 * Zip entries compressed now, with the very bytes JSZip would write for them when the package is
 * generated: a patched sheet (or the state part) is held compressed, not as text, until the save,
 * and JSZip's generator copies it as it is.
 */

/** JSZip's deflate worker (pako, as JSZip configures it), driven by hand. */
interface DeflateWorker {
  on(event: 'data', listener: (chunk: { data: Uint8Array }) => void): void;
  processChunk(chunk: { data: Uint8Array; meta: object }): void;
  flush(): void;
}

/**
 * JSZip takes an already-compressed entry as a CompressedObject (what it builds itself when it
 * loads a zip); it is not exported at the top level, so it comes from the module files.
 */
export const jszipInternals = {
  CompressedObject: require('jszip/lib/compressedObject') as new (compressedSize: number, size: number, crc: number, method: unknown, data: Buffer) => unknown,
  DEFLATE: (require('jszip/lib/compressions') as { DEFLATE: { compressWorker(options: { level: number }): DeflateWorker } }).DEFLATE,
};

/** Characters JSZip's DataWorker hands on at a time (its DEFAULT_BLOCK_SIZE). */
const JSZIP_BLOCK = 16 * 1024;

/**
 * A text entry deflated by JSZip's own deflater at level 6, fed as JSZip's generator feeds it
 * (16,384 characters at a time, each encoded as UTF-8 on its own), without its stream machinery
 * and JavaScript CRC: the same bytes, several times faster. Give the result to `zip.file`.
 */
export async function jszipDeflated(text: string): Promise<unknown> {
  const deflater = jszipInternals.DEFLATE.compressWorker({ level: 6 });
  const out: Uint8Array[] = [];
  deflater.on('data', (chunk) => out.push(chunk.data));
  let crc = 0;
  let size = 0;
  for (let i = 0; i < text.length; i += JSZIP_BLOCK) {
    const bytes = Buffer.from(text.substring(i, i + JSZIP_BLOCK), 'utf8');
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    // A plain Uint8Array view: JSZip would copy a Buffer into one before deflating it.
    deflater.processChunk({ data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), meta: {} });
  }
  deflater.flush();
  const data = Buffer.concat(out);
  return new jszipInternals.CompressedObject(data.length, size, crc, jszipInternals.DEFLATE, data);
}
