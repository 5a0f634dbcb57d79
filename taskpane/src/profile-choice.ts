import { PROFILES, profileFromJson, type Profile } from '../../src/engine';
import { errors } from '../../src/sheet/errors';

/** Workbook settings (document settings travel with the file, so the choice is per workbook). */
export const SETTING_PROFILE = 'jixiao.profile';
export const SETTING_CUSTOM_PROFILE = 'jixiao.customProfile';
export const SETTING_AUTO = 'jixiao.autoRecompute';
/** 以公式写入: '1' writes live JIXIAO formulas, anything else values. */
export const SETTING_FORMULAS = 'jixiao.formulas';
export const SETTING_KEYS = [SETTING_PROFILE, SETTING_CUSTOM_PROFILE, SETTING_AUTO, SETTING_FORMULAS];

export type ProfileChoice = 'auto' | 'national' | 'hubei' | 'liaoning' | 'custom';

export function isChoice(x: unknown): x is ProfileChoice {
  return x === 'auto' || x === 'custom' || (typeof x === 'string' && x in PROFILES);
}

/** The profile to score with; null means 自动识别 (the layout's hint, else national). */
export function profileFor(choice: ProfileChoice, customJson: string | null): { profile: Profile | null; error: string | null } {
  if (choice === 'auto') return { profile: null, error: null };
  if (choice !== 'custom') return { profile: PROFILES[choice], error: null };
  if (!customJson) return { profile: null, error: '尚未导入自定义口径，已改用自动识别。' };
  return parseCustomProfile(customJson);
}

/** A custom profile's JSON (from the file `name` the user picked), with its errors from the catalogue. */
export function parseCustomProfile(text: string, name = '自定义口径'): { profile: Profile | null; error: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { profile: null, error: errors.badJson(name, (e as Error).message).message };
  }
  const { profile, problems } = profileFromJson(json);
  if (!profile) return { profile: null, error: errors.badProfile(name, problems.map((p) => p.message).join('；')).message };
  return { profile, error: null };
}

/** The profile a formula that names none uses: the chosen one; under 自动识别 the national rules, as the engine's default. */
export function functionsDefaultProfile(profile: Profile | null): Profile {
  return profile ?? PROFILES.national;
}
