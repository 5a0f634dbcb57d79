import { benchEngine } from './engine';

/** `npm run bench [engine|xlsx|excel]…`: prints one JSON line per benchmark. */
async function main(): Promise<void> {
  const all: Record<string, () => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    engine: () => benchEngine(),
  };
  const picked = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
  for (const name of picked) {
    const run = all[name];
    if (!run) {
      console.error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
      process.exitCode = 2;
      continue;
    }
    console.log(JSON.stringify({ bench: name, ...(await run()) }));
  }
}

void main();
