import JSZip from 'jszip';
import { jszipDeflated } from '../../../src/hosts/xlsx/jszip-entry';

/** What JSZip itself stores for a text entry: its deflate at level 6, read back from a generated zip. */
async function jszipOwn(text: string): Promise<{ bytes: Buffer; size: number; crc: number }> {
  const one = new JSZip();
  one.file('part', text);
  const packed = await JSZip.loadAsync(await one.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } }));
  const data = (packed.files.part as unknown as { _data: { compressedContent: Uint8Array; uncompressedSize: number; crc32: number } })._data;
  return { bytes: Buffer.from(data.compressedContent), size: data.uncompressedSize, crc: data.crc32 >>> 0 };
}

describe('entries compressed ahead of the save (src/hosts/xlsx/jszip-entry.ts)', () => {
  it('gives the bytes JSZip writes, entry after entry through one reused deflate state', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const random = (length: number, alphabet: string) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const sheet = random(120_000, '<c r="A1" s="5"><v>123</v></c>中文指标');
    const texts = [
      sheet,
      // Shorter entries after a long one: nothing of the earlier entry may show through.
      `${sheet.slice(0, 900)}xyz`,
      'a'.repeat(300),
      sheet.slice(5000, 5400),
      // A character split across JSZip's 16,384-character blocks, and a lone surrogate.
      `${'x'.repeat(16_383)}😀${'y'.repeat(40)}\ud800z`,
      random(50_000, 'ab'),
      '<row r="1"/>',
    ];
    for (const text of texts) {
      const want = await jszipOwn(text);
      const got = (await jszipDeflated(text)) as { compressedContent: Buffer; uncompressedSize: number; crc32: number };
      expect({ length: text.length, bytes: got.compressedContent.equals(want.bytes), size: got.uncompressedSize, crc: got.crc32 >>> 0 }).toEqual({
        length: text.length,
        bytes: true,
        size: want.size,
        crc: want.crc,
      });
    }
  });
});
