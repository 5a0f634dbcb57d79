import type { Io } from './io';

export async function scoreCommand(_args: string[], io: Io): Promise<number> {
  io.err('score: not wired yet\n');
  return 2;
}
