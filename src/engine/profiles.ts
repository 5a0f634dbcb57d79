import { show, showJson } from './show';
import type { FormKind, Problem } from './types';

/**
 * A scoring profile (评分口径): every way the published rules differ between authorities is a
 * setting here (SCORING.md §5), never a branch on the profile's name.
 */
export interface Profile {
  id: string;
  /** zh-CN display name. */
  name: string;
  executionWeight: number;
  reverse: 'ratio' | 'linear';
  /** Decimal places completion is rounded to (half-up) before multiplying; null keeps it exact. */
  completionDecimals: number | null;
  /** Decimal places row scores are rounded to (half-up); null keeps the exact product. */
  scoreDecimals: number | null;
  /** Over-achievement deviation penalty (SCORING.md 3.5); null is off. */
  overshoot: { threshold: number; points: number; formKinds: FormKind[] } | null;
  /** (rate below, max total), checked in order; the first that applies caps the total. */
  executionCaps: { rateBelow: number; maxTotal: number }[];
  /** Lower bounds of the qualitative tiers 达成 and 部分达成, as fractions. */
  qualitativeBands: { met: number; partial: number };
  /** 年度主要任务 score = weight × rate, rounded to `decimals` this way. */
  taskScore: { decimals: number; mode: 'half-up' | 'truncate' };
  /** Grade bands: total ≥ value gives the grade; below the last is 差. */
  grades: { excellent: number; good: number; pass: number };
}

export const PROFILES: Readonly<Record<'national' | 'hubei' | 'liaoning', Profile>> = {
  national: {
    id: 'national',
    name: '财政部口径（默认）',
    executionWeight: 10,
    reverse: 'linear',
    completionDecimals: null,
    scoreDecimals: 2,
    overshoot: null,
    executionCaps: [],
    qualitativeBands: { met: 0.8, partial: 0.6 },
    taskScore: { decimals: 2, mode: 'half-up' },
    grades: { excellent: 90, good: 80, pass: 60 },
  },
  hubei: {
    id: 'hubei',
    name: '湖北口径',
    executionWeight: 20,
    reverse: 'ratio',
    completionDecimals: null,
    scoreDecimals: 2,
    overshoot: null,
    executionCaps: [],
    qualitativeBands: { met: 0.8, partial: 0.5 },
    taskScore: { decimals: 2, mode: 'half-up' },
    grades: { excellent: 90, good: 80, pass: 60 },
  },
  liaoning: {
    id: 'liaoning',
    name: '辽宁口径',
    executionWeight: 10,
    reverse: 'ratio',
    completionDecimals: 2,
    scoreDecimals: null,
    overshoot: { threshold: 0.3, points: 5, formKinds: ['project'] },
    executionCaps: [
      { rateBelow: 0.5, maxTotal: 59 },
      { rateBelow: 0.6, maxTotal: 69 },
    ],
    qualitativeBands: { met: 0.8, partial: 0.6 },
    taskScore: { decimals: 2, mode: 'truncate' },
    grades: { excellent: 90, good: 80, pass: 60 },
  },
};

export type ProfileId = keyof typeof PROFILES;

export function isBuiltinProfile(id: string): id is ProfileId {
  return Object.prototype.hasOwnProperty.call(PROFILES, id);
}

type Check = (v: unknown) => boolean;
const isNum: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isNonNegInt: Check = (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10;
const isFraction: Check = (v) => isNum(v) && (v as number) >= 0 && (v as number) <= 1;

function problem(message: string): Problem {
  return { code: 'bad-profile', severity: 'error', message };
}

const field = (v: unknown, key: string): unknown => (v as Record<string, unknown>)[key];
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
const isOvershoot: Check = (v) => {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  const kinds = field(v, 'formKinds') === undefined ? ['project'] : field(v, 'formKinds');
  const kindsOk = Array.isArray(kinds) && kinds.every((k) => k === 'project' || k === 'department' || k === 'overall');
  return isNum(field(v, 'threshold')) && (field(v, 'threshold') as number) >= 0 && isNum(field(v, 'points')) && (field(v, 'points') as number) >= 0 && kindsOk;
};
const isCaps: Check = (v) => Array.isArray(v) && v.every((c) => isObject(c) && isFraction(field(c, 'rateBelow')) && isNum(field(c, 'maxTotal')));
const isBands: Check = (v) => isObject(v) && isFraction(field(v, 'met')) && isFraction(field(v, 'partial')) && (field(v, 'partial') as number) <= (field(v, 'met') as number);
const isTaskScore: Check = (v) => isObject(v) && isNonNegInt(field(v, 'decimals')) && (field(v, 'mode') === 'half-up' || field(v, 'mode') === 'truncate');
const isGrades: Check = (v) => {
  if (!isObject(v) || !isNum(field(v, 'excellent')) || !isNum(field(v, 'good')) || !isNum(field(v, 'pass'))) return false;
  return (field(v, 'excellent') as number) >= (field(v, 'good') as number) && (field(v, 'good') as number) >= (field(v, 'pass') as number);
};

const KNOWN = new Set(['base', 'id', 'name', 'executionWeight', 'reverse', 'completionDecimals', 'scoreDecimals', 'overshoot', 'executionCaps', 'qualitativeBands', 'taskScore', 'grades']);

/** Unknown settings, each named; a flood of them (a wrong file) is cut after a few. */
function reportUnknown(src: Record<string, unknown>, problems: Problem[]): void {
  const unknown = Object.keys(src).filter((key) => !KNOWN.has(key));
  for (const key of unknown.slice(0, 5)) problems.push(problem(`未知的评分口径设置 ${show(key)}`));
  if (unknown.length > 5) problems.push(problem(`另有 ${unknown.length - 5} 个未知的评分口径设置`));
}

/** The base profile's copy, named; or why there is none. */
function baseCopy(json: unknown): { p: Profile; src: Record<string, unknown> } | Problem {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return problem('评分口径必须是一个 JSON 对象');
  const src = json as Record<string, unknown>;
  const baseId = src.base === undefined ? 'national' : src.base;
  if (typeof baseId !== 'string' || !isBuiltinProfile(baseId)) return problem(`评分口径的 base 必须是 national、hubei 或 liaoning，而不是 ${showJson(baseId)}`);
  const p: Profile = structuredClone(PROFILES[baseId]);
  p.id = typeof src.id === 'string' && src.id ? src.id : `${baseId}-custom`;
  p.name = typeof src.name === 'string' && src.name ? src.name : `${PROFILES[baseId].name}（自定义）`;
  return { p, src };
}

/**
 * Builds a profile from JSON: `{"base": "liaoning", "name": "…", …settings to change}`.
 * Unknown keys and wrong types are reported, never guessed. Returns the problems instead of throwing.
 */
export function profileFromJson(json: unknown): { profile: Profile | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const base = baseCopy(json);
  if (!('p' in base)) return { profile: null, problems: [base] };
  const { p, src } = base;
  const expect = (key: string, ok: Check, what: string, assign: (v: never) => void): void => {
    if (!(key in src)) return;
    const v = src[key];
    if (ok(v)) assign(v as never);
    else problems.push(problem(`评分口径设置 ${key} 应为${what}，实际为 ${showJson(v)}`));
  };
  expect('executionWeight', (v) => isNum(v) && (v as number) >= 0 && (v as number) <= 100, ' 0 到 100 之间的数', (v) => (p.executionWeight = v));
  expect('reverse', (v) => v === 'ratio' || v === 'linear', ' "ratio" 或 "linear"', (v) => (p.reverse = v));
  expect('completionDecimals', (v) => v === null || isNonNegInt(v), ' null 或 0–10 的整数', (v) => (p.completionDecimals = v));
  expect('scoreDecimals', (v) => v === null || isNonNegInt(v), ' null 或 0–10 的整数', (v) => (p.scoreDecimals = v));
  expect('overshoot', isOvershoot, ' null 或 {"threshold": 0.3, "points": 5, "formKinds": ["project"]}', (v: { threshold: number; points: number; formKinds?: FormKind[] } | null) =>
    (p.overshoot = v === null ? null : { threshold: v.threshold, points: v.points, formKinds: v.formKinds ?? ['project'] }));
  expect('executionCaps', isCaps, '数组 [{"rateBelow": 0.5, "maxTotal": 59}, …]', (v: { rateBelow: number; maxTotal: number }[]) =>
    (p.executionCaps = v.map((c) => ({ rateBelow: c.rateBelow, maxTotal: c.maxTotal }))));
  expect('qualitativeBands', isBands, ' {"met": 0.8, "partial": 0.6}（partial ≤ met）', (v: { met: number; partial: number }) => (p.qualitativeBands = { met: v.met, partial: v.partial }));
  expect('taskScore', isTaskScore, ' {"decimals": 2, "mode": "half-up" | "truncate"}', (v: Profile['taskScore']) => (p.taskScore = { decimals: v.decimals, mode: v.mode }));
  expect('grades', isGrades, ' {"excellent": 90, "good": 80, "pass": 60}（从高到低）', (v: Profile['grades']) => (p.grades = { excellent: v.excellent, good: v.good, pass: v.pass }));
  reportUnknown(src, problems);
  return { profile: problems.length ? null : p, problems };
}

/** A built-in profile by id, or a custom one from parsed JSON. */
export function resolveProfile(spec: unknown): { profile: Profile | null; problems: Problem[] } {
  if (typeof spec === 'string') {
    if (isBuiltinProfile(spec)) return { profile: PROFILES[spec], problems: [] };
    return { profile: null, problems: [problem(`未知的评分口径 "${show(spec)}"：可选 national（财政部）、hubei（湖北）、liaoning（辽宁）或自定义 JSON`)] };
  }
  return profileFromJson(spec);
}
