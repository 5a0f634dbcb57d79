import * as fs from 'fs';
import { resolveProfile, type Profile } from '../engine';
import { errors, LIMITS, show } from '../sheet/errors';
import { jsonDepth, readInputText } from './safe-file';

/**
 * The --profile argument of every command: a built-in id, `auto` (infer from the layout: null), or
 * a custom profile as a .json file. Bad input throws a JixiaoError (exit 2) naming the file or setting.
 */
export async function loadProfileArg(spec: string | undefined): Promise<Profile | null> {
  if (spec === undefined || spec === 'auto') return null;
  let json: unknown = spec;
  if (/\.json$/i.test(spec) || fs.existsSync(spec)) {
    const text = await readInputText(spec);
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw errors.badJson(spec, (e as Error).message);
    }
    if (jsonDepth(json, LIMITS.jsonDepth) > LIMITS.jsonDepth) throw errors.jsonTooDeep(spec, LIMITS.jsonDepth);
  }
  const { profile, problems } = resolveProfile(json);
  if (!profile) throw errors.badProfile(spec, problems.map((p) => show(p.message, 200)).join('；'));
  return profile;
}
