import { JixiaoError, internalMessage, show, terminalText } from '../sheet/errors';
import { MAIN_HELP } from './help';
import { processIo, type Io } from './io';

type Command = (args: string[], io: Io) => Promise<number>;

async function loadScore(): Promise<Command> {
  return (await import('./score')).scoreCommand;
}

/** Runs the CLI; returns the exit code (0 ok, 1 scored with problems, 2 unusable input, 3 internal error). */
export async function main(argv: string[], rawIo: Io = processIo): Promise<number> {
  // One gate for everything printed: no control character from any input reaches the terminal.
  const io: Io = { ...rawIo, out: (t) => rawIo.out(terminalText(t)), err: (t) => rawIo.err(terminalText(t)) };
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io[cmd ? 'out' : 'err'](MAIN_HELP);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(`${require('../../package.json').version}\n`);
    return 0;
  }
  try {
    if (cmd === 'evaluate') return await (await import('./evaluate')).evaluateCommand(rest, io);
    if (cmd === 'score') return await (await loadScore())(rest, io);
    if (cmd === 'rollup') return await (await import('./rollup')).rollupCommand(rest, io);
    if (cmd === 'review') return await (await import('./review')).reviewCommand(rest, io);
  } catch (e) {
    // Input and target errors carry their own message; anything else is ours: a short detail, no stack.
    if (e instanceof JixiaoError && e.exitCode === 2) {
      io.err(`${e.message}\n`);
      return 2;
    }
    io.err(`${internalMessage(e)}\n`);
    if (process.env.JIXIAO_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return 3;
  }
  io.err(`未知命令 “${show(cmd, 40)}”\n\n${MAIN_HELP}`);
  return 2;
}
