import * as fs from 'fs';
import JSZip from 'jszip';

/**
 * One peer's read + write of a workbook, run in its own process by bench/scale.ts so its wall
 * time and peak memory are measured alone: `node scale-peer.js <floor|sheetjs|exceljs> <in> <out>`.
 */

/** The floor: what any tool must do — unzip, scan every XML part once, zip again. */
async function floor(input: string, output: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(input));
  let tags = 0;
  for (const name of Object.keys(zip.files)) {
    const file = zip.files[name];
    if (file.dir || !/\.(xml|rels)$/.test(name)) continue;
    const xml = await file.async('string');
    for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) tags++;
    zip.file(name, xml);
  }
  fs.writeFileSync(output, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }));
  if (tags === 0) throw new Error('no XML');
}

async function sheetjs(input: string, output: string): Promise<void> {
  const XLSX = require('xlsx') as typeof import('xlsx');
  const wb = XLSX.readFile(input, { cellStyles: true, cellNF: true });
  XLSX.writeFile(wb, output, { compression: true });
}

async function exceljs(input: string, output: string): Promise<void> {
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(input);
  await wb.xlsx.writeFile(output);
}

const peers: Record<string, (input: string, output: string) => Promise<void>> = { floor, sheetjs, exceljs };

async function main(): Promise<void> {
  const [mode, input, output] = process.argv.slice(2);
  const run = peers[mode];
  if (!run || !input || !output) {
    console.error(`usage: scale-peer <${Object.keys(peers).join('|')}> <in.xlsx> <out.xlsx>`);
    process.exit(2);
  }
  await run(input, output);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
