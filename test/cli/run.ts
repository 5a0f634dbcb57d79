import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: string[], stdin = '', isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => stdin, isTTY };
  const code = await main(args, io);
  return { code, out, err };
}
