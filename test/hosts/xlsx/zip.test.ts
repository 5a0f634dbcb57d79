import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import JSZip from 'jszip';
import { ZipEntryTooLarge, ZipFormatError, ZipPackage, deflateContent } from '../../../src/hosts/xlsx/zip';
import { FIXTURES, fixtureWorkbooks } from './helpers';

/** What JSZip (an independent reader) finds in a zip: each entry's method, stored bytes and content. */
async function viaJszip(bytes: Buffer): Promise<{ names: string[]; comment: string; entries: Map<string, { method: string; stored: Buffer; content: Buffer; dir: boolean }> }> {
  const zip = await JSZip.loadAsync(bytes);
  const entries = new Map<string, { method: string; stored: Buffer; content: Buffer; dir: boolean }>();
  for (const [name, file] of Object.entries(zip.files)) {
    const data = (file as unknown as { _data: { compressedContent: Uint8Array; compression: { magic: string } } })._data;
    entries.set(name, {
      method: file.dir ? 'dir' : data.compression.magic === '\x08\x00' ? 'deflate' : 'store',
      stored: file.dir ? Buffer.alloc(0) : Buffer.from(data.compressedContent),
      content: file.dir ? Buffer.alloc(0) : await file.async('nodebuffer'),
      dir: file.dir,
    });
  }
  return { names: Object.keys(zip.files), comment: (zip as unknown as { comment: string | null }).comment ?? '', entries };
}

describe('the zip container (src/hosts/xlsx/zip.ts)', () => {
  it.each(fixtureWorkbooks())('copies every entry of %s as it is when nothing changes', async (file) => {
    const input = fs.readFileSync(path.join(FIXTURES, file));
    const before = await viaJszip(input);
    const after = await viaJszip(ZipPackage.open(input).toBuffer());
    expect(after.names).toEqual(before.names);
    for (const [name, entry] of before.entries) {
      const copied = after.entries.get(name)!;
      expect({ name, method: copied.method, stored: copied.stored.equals(entry.stored), content: copied.content.equals(entry.content) }).toEqual({
        name,
        method: entry.method,
        stored: true,
        content: true,
      });
    }
  });

  it('writes changed, new and removed entries that JSZip reads back, folders placed as JSZip places them', async () => {
    const source = new JSZip();
    source.file('[Content_Types].xml', '<Types/>');
    source.file('xl/workbook.xml', '<workbook/>');
    source.file('xl/calcChain.xml', '<calcChain/>');
    const input = await source.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

    const ours = ZipPackage.open(input);
    const theirs = await JSZip.loadAsync(input);
    const big = '<row r="1"><c r="A1"><v>指标</v></c></row>'.repeat(5000);
    const edits: [string, string | null][] = [
      ['xl/workbook.xml', '<workbook a="1"/>'],
      ['customXml/item1.xml', big],
      ['customXml/_rels/item1.xml.rels', '<Relationships/>'],
      ['xl/worksheets/表1.xml', '<worksheet/>'],
      ['xl/calcChain.xml', null],
    ];
    for (const [name, text] of edits) {
      if (text === null) {
        ours.remove(name);
        theirs.remove(name);
      } else {
        ours.set(name, name.endsWith('item1.xml') ? deflateContent(Buffer.from(text)) : text);
        theirs.file(name, text);
      }
    }
    const written = await viaJszip(ours.toBuffer());
    expect(written.names).toEqual(Object.keys(theirs.files));
    for (const [name, text] of edits) {
      if (text === null) expect(written.entries.has(name)).toBe(false);
      else expect(written.entries.get(name)!.content.toString('utf8')).toBe(text);
    }
    expect(written.entries.get('[Content_Types].xml')!.content.toString()).toBe('<Types/>');
    expect(written.entries.get('customXml/')!.dir).toBe(true);
    // The package opened from its own output reads the same.
    const again = ZipPackage.open(ours.toBuffer());
    expect(again.names()).toEqual(written.names);
    expect(again.bytes('customXml/item1.xml')!.toString()).toBe(big);
    expect(again.bytes('xl/worksheets/表1.xml')!.toString()).toBe('<worksheet/>');
  });

  it('leaves the package it was cloned from as it was', () => {
    const base = ZipPackage.empty();
    base.set('a.xml', '<a/>');
    const opened = ZipPackage.open(base.toBuffer());
    const copy = opened.clone();
    copy.set('a.xml', '<b/>');
    copy.set('c/d.xml', '<d/>');
    expect(opened.names()).toEqual(['a.xml']);
    expect(opened.bytes('a.xml')!.toString()).toBe('<a/>');
    expect(copy.names()).toEqual(['a.xml', 'c/', 'c/d.xml']);
  });

  it('reads streamed entries (data descriptors), stored entries and the archive comment, and keeps them', async () => {
    const source = new JSZip();
    source.file('stored.xml', '<s>存</s>', { compression: 'STORE' });
    source.file('deflated.xml', '<d>' + 'x'.repeat(10_000) + '</d>');
    const input = await source.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', streamFiles: true, comment: '备注 comment' });
    // JSZip streamed the entries: bit 3 set, sizes after the data.
    expect(input.readUInt16LE(6) & 0x0008).toBe(0x0008);
    const zip = ZipPackage.open(input);
    expect(zip.bytes('stored.xml')!.toString()).toBe('<s>存</s>');
    expect(zip.info('deflated.xml')).toEqual({ size: 10_007, method: 8, dir: false });
    zip.set('new.xml', '<n/>');
    const out = zip.toBuffer();
    const back = await viaJszip(out);
    expect(back.comment).toBe('备注 comment');
    expect(back.entries.get('stored.xml')).toMatchObject({ method: 'store' });
    expect(back.entries.get('stored.xml')!.content.toString()).toBe('<s>存</s>');
    expect(back.entries.get('deflated.xml')!.content.toString()).toBe('<d>' + 'x'.repeat(10_000) + '</d>');
    // Copied entries are written without a data descriptor.
    expect(out.readUInt16LE(6) & 0x0008).toBe(0);
  });

  it('names an entry from its Unicode Path field when the raw name is in another encoding', async () => {
    const source = new JSZip();
    source.file('xl/指标.xml', '<x/>');
    const input = await source.generateAsync({ type: 'nodebuffer', encodeFileName: (name) => Buffer.from(name.replace(/[^\x00-\x7f]/g, '?'), 'latin1') as unknown as string });
    expect(input.includes(Buffer.from('xl/??.xml'))).toBe(true);
    const zip = ZipPackage.open(input);
    expect(zip.names()).toEqual(['xl/', 'xl/指标.xml']);
    // Written back with the UTF-8 name flag, which every reader understands.
    expect((await viaJszip(zip.toBuffer())).names).toEqual(['xl/', 'xl/指标.xml']);
  });

  it('reads a zip64 archive (end record and sizes in the zip64 fields)', () => {
    const content = Buffer.from('<worksheet>零</worksheet>');
    const entry = zip64Archive('xl/worksheets/sheet1.xml', content);
    const zip = ZipPackage.open(entry);
    expect(zip.names()).toEqual(['xl/worksheets/sheet1.xml']);
    expect(zip.bytes('xl/worksheets/sheet1.xml')!.equals(content)).toBe(true);
    expect(ZipPackage.open(zip.toBuffer()).bytes('xl/worksheets/sheet1.xml')!.equals(content)).toBe(true);
  });

  it('stops inflating at the cap it is given (a zip bomb is not inflated whole)', () => {
    const zip = ZipPackage.empty();
    zip.set('bomb.xml', Buffer.alloc(5_000_000, 0x20));
    const opened = ZipPackage.open(zip.toBuffer());
    expect(() => opened.bytes('bomb.xml', 1_000_000)).toThrow(ZipEntryTooLarge);
    expect(opened.bytes('bomb.xml', 5_000_000)!.length).toBe(5_000_000);
  });

  describe('refuses a zip it cannot use, with a ZipFormatError', () => {
    const good = (() => {
      const zip = ZipPackage.empty();
      zip.set('a.xml', '<a>' + 'y'.repeat(200) + '</a>');
      return zip.toBuffer();
    })();
    const cd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const patched = (at: number, write: (b: Buffer) => void) => {
      const b = Buffer.from(good);
      write(b.subarray(at));
      return b;
    };
    it.each([
      ['no end record', good.subarray(0, good.length - 22)],
      ['cut in the middle', good.subarray(0, 40)],
      ['an encrypted entry', patched(cd + 8, (b) => b.writeUInt16LE(1, 0))],
      ['an unknown compression (bzip2)', patched(cd + 10, (b) => b.writeUInt16LE(12, 0))],
      ['a local header that is not there', patched(cd + 42, (b) => b.writeUInt32LE(7, 0))],
      ['an entry past the end of the file', patched(cd + 20, (b) => b.writeUInt32LE(1_000_000, 0))],
    ])('%s', (_what, bytes) => {
      expect(() => ZipPackage.open(bytes)).toThrow(ZipFormatError);
    });
  });
});

/** One stored entry with every size and offset in zip64 fields, and the zip64 end records. */
function zip64Archive(name: string, content: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const extra = Buffer.alloc(28);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(24, 2);
  extra.writeBigUInt64LE(BigInt(content.length), 4);
  extra.writeBigUInt64LE(BigInt(content.length), 12);
  extra.writeBigUInt64LE(0n, 20);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(0xffffffff, 42);
  const cdStart = local.length + nameBytes.length + content.length;
  const cdSize = central.length + nameBytes.length + extra.length;
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeBigUInt64LE(1n, 24);
  end64.writeBigUInt64LE(1n, 32);
  end64.writeBigUInt64LE(BigInt(cdSize), 40);
  end64.writeBigUInt64LE(BigInt(cdStart), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdStart + cdSize), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([local, nameBytes, content, central, nameBytes, extra, end64, locator, end]);
}
