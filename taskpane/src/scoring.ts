import type { Profile } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import type { ScoreWorkbook } from '../../src/hosts/excel';

/** Binds the pure pipeline (src/sheet) to the chosen profile; null lets each form's layout decide. */
export function scorerFor(profile: Profile | null): ScoreWorkbook {
  return (book) => scoreWorkbook(book, { profile: profile ?? undefined });
}
