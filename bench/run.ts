import { benchEngine } from './engine';
import { benchExcel } from './excel';
import { benchSameOutput } from './same-output';
import { benchScale } from './scale';
import { benchXlsx } from './xlsx';

/**
 * `npm run bench [engine|xlsx|excel|scale]… [options]`: prints one JSON line per benchmark.
 * Arguments that are not benchmark names are options for the benchmarks (scale: sizes, layouts, peers=, timeout=).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all: Record<string, () => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    engine: () => benchEngine(),
    xlsx: () => benchXlsx(40, 50, args.filter((a) => !(a in all))),
    // The Office.js adapter against the fake Excel host: sync counts and payload sizes.
    excel: () => benchExcel(),
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
    console.log(JSON.stringify({ bench: name, ...(await run()) }));
  }
}

void main();
