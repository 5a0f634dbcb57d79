import { benchEngine } from './engine';
import { benchExcel } from './excel';
import { benchReview } from './review';
import { benchSameOutput } from './same-output';
import { benchScale } from './scale';
import { benchXlsx } from './xlsx';

/**
 * `npm run bench [engine|xlsx|excel|review|scale]… [options]`: prints one JSON line per benchmark
 * (progress goes to stderr). Arguments that are not benchmark names are options for the benchmarks
 * (scale: sizes, layouts, peers=, timeout=).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all: Record<string, () => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    engine: () => benchEngine(),
    xlsx: () => benchXlsx(40, 50, args.filter((a) => !(a in all))),
    // The Office.js adapter against the fake Excel host: sync counts and payload sizes.
    excel: () => benchExcel(),
    // `jixiao review` over a folder of 60 filled workbooks.
    review: () => benchReview(),
    // Wall time and peak memory from 1k to 500k rows, with SheetJS, ExcelJS, LibreOffice and the floor as peers.
    scale: () => benchScale(args.filter((a) => !(a in all))),
    // Not a benchmark: this checkout's outputs against an older checkout's, byte for byte.
    'same-output': () => benchSameOutput(args),
  };
  const named = args.filter((a) => a in all);
  // The full scale run takes most of an hour: only when asked for.
  const picked = named.length ? named : Object.keys(all).filter((k) => k !== 'scale' && k !== 'same-output');
  for (const name of picked) {
    const run = all[name];
    if (!run) {
      console.error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
      process.exitCode = 2;
      continue;
    }
    const started = Date.now();
    console.error(`[${picked.indexOf(name) + 1}/${picked.length}] ${name} …`);
    const result = await run();
    console.error(`[${picked.indexOf(name) + 1}/${picked.length}] ${name} ✓ ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(JSON.stringify({ bench: name, ...result }));
  }
}

void main();
