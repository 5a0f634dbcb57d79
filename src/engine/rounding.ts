import { type Dec, roundTo } from './decimal';
import type { Profile } from './profiles';

/** SCORING.md 3.6: completion rounded half-up before multiplying (Liaoning 2 places), or exact. */
export function roundCompletion(c: Dec, profile: Profile): Dec {
  return profile.completionDecimals === null ? c : roundTo(c, profile.completionDecimals);
}

/** SCORING.md 3.6: row and execution scores stored at the profile's places (national 2), or exact. */
export function roundScore(s: Dec, profile: Profile): Dec {
  return profile.scoreDecimals === null ? s : roundTo(s, profile.scoreDecimals);
}
