import { readStdinCapped } from './safe-file';

/** What the commands need from the process, so tests can run them in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  readStdin: () => readStdinCapped(process.stdin),
  isTTY: Boolean(process.stderr.isTTY),
};
