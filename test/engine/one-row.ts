import { scoreForm, PROFILES, type FormInput, type Profile, type RowInput } from '../../src/engine';

export const { national, hubei, liaoning } = PROFILES;

/** Scores one row (weight 10 unless given) in a form of the given profile and kind. */
export function one(row: RowInput, profile: Profile = national, kind: FormInput['kind'] = 'project') {
  const r = scoreForm({ kind, rows: [{ weight: 10, ...row }] }, profile).rows[0];
  return {
    score: r.score === null ? null : r.score.toFixed(),
    completion: r.completion === null ? null : r.completion.toFixed(),
    rule: r.rule,
    flags: r.flags,
    codes: r.problems.map((p) => p.code),
  };
}
