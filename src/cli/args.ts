import { parseArgs, type ParseArgsConfig } from 'util';
import { show } from '../sheet/errors';
import type { Io } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP }>>;

/**
 * Every command's arguments: its options plus -h/--help. Returns the parsed arguments, or the exit
 * code when there is nothing to run — 0 after printing the help, 2 after a Chinese-first message
 * and the usage line (parseArgs' own English text only as detail).
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, io: Io, usage: string, help: string): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...HELP } }) as Parsed<O>;
  } catch (e) {
    io.err(`参数有误：${show((e as Error).message, 200)}\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help);
    return 0;
  }
  return parsed;
}
