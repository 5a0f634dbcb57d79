import { benchEngine } from './engine';
import { benchExcel } from './excel';
import { benchReview } from './review';
import { benchXlsx } from './xlsx';

/** `npm run bench [engine|xlsx|excel]…`: prints one JSON line per benchmark (progress goes to stderr). */
async function main(): Promise<void> {
  const all: Record<string, () => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    engine: () => benchEngine(),
    xlsx: () => benchXlsx(),
    // The Office.js adapter against the fake Excel host: sync counts and payload sizes.
    excel: () => benchExcel(),
    // `jixiao review` over a folder of 60 filled workbooks.
    review: () => benchReview(),
  };
  const picked = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
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
