import type { Dec } from './decimal';
import type { Profile } from './profiles';
import type { Grade } from './types';

/** 优 / 良 / 中 / 差 from the total (SCORING.md 4.4). */
export function gradeOf(total: Dec, profile: Profile): Grade {
  const g = profile.grades;
  if (total.greaterThanOrEqualTo(g.excellent)) return '优';
  if (total.greaterThanOrEqualTo(g.good)) return '良';
  if (total.greaterThanOrEqualTo(g.pass)) return '中';
  return '差';
}
