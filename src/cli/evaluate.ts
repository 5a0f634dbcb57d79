import { formResultJson, hasProblems, readEvaluateInput, scoreForm } from '../engine';
import { errors, LIMITS, show } from '../sheet/errors';
import { EVALUATE_HELP } from './help';
import type { Io } from './io';
import { terminalJson } from './report';
import { jsonDepth, readInputText } from './safe-file';

/** `jixiao evaluate <form.json | ->`: scores forms given as JSON, prints the result JSON; exit 1 when a form has problems. */
export async function evaluateCommand(args: string[], io: Io): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    io.out(EVALUATE_HELP);
    return 0;
  }
  // `--` ends the options: `jixiao evaluate -- --odd-name.json` reads that file.
  const files = args[0] === '--' ? args.slice(1) : args;
  if (files.length !== 1 || (files === args && /^-./.test(files[0]))) {
    io.err(`${files.length === 1 ? `未知选项 “${show(files[0])}”\n` : ''}${EVALUATE_HELP}`);
    return 2;
  }
  const source = files[0];
  const shown = source === '-' ? '标准输入' : source;
  const text = source === '-' ? await io.readStdin() : await readInputText(source);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw errors.badJson(shown, (e as Error).message);
  }
  if (jsonDepth(doc, LIMITS.jsonDepth) > LIMITS.jsonDepth) throw errors.jsonTooDeep(shown, LIMITS.jsonDepth);
  const { profile, forms, errors: problems } = readEvaluateInput(doc);
  if (problems.length || !profile) throw errors.badInput(shown, problems.slice(0, 50).map((e) => `${show(e.path, 120)}: ${show(e.message, 200)}`));
  const results = forms.map((f) => scoreForm(f, profile));
  io.out(`${terminalJson({ profile: profile.id, ...(profile.name ? { profileName: profile.name } : {}), forms: results.map(formResultJson) })}\n`);
  return results.some(hasProblems) ? 1 : 0;
}
