import * as fs from 'fs';
import { formResultJson, hasProblems, readEvaluateInput, scoreForm } from '../engine';
import type { Io } from './io';

/** `jixiao evaluate <form.json | ->`: scores forms given as JSON, prints the result JSON; exit 1 when a form has problems. */
export async function evaluateCommand(args: string[], io: Io): Promise<number> {
  if (args.length !== 1) {
    io.err('用法：jixiao evaluate <form.json | ->\nUsage: jixiao evaluate <form.json | ->  (- reads standard input)\n');
    return 2;
  }
  const source = args[0];
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : fs.readFileSync(source, 'utf8');
  } catch (e) {
    io.err(`无法读取 “${source}”：${(e as Error).message}\n`);
    return 2;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    io.err(`“${source}” 不是有效的 JSON：${(e as Error).message}\n`);
    return 2;
  }
  const { profile, forms, errors } = readEvaluateInput(doc);
  if (errors.length || !profile) {
    io.err(`“${source}” 的内容有误：\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
    return 2;
  }
  const results = forms.map((f) => scoreForm(f, profile));
  io.out(`${JSON.stringify({ profile: profile.id, forms: results.map(formResultJson) }, null, 2)}\n`);
  return results.some(hasProblems) ? 1 : 0;
}
