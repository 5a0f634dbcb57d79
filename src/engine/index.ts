/**
 * The scoring engine: pure, exact (decimal.js), never throws on user input.
 * grid → forms → **scores** → write plan → host.
 */
export * from './types';
export { D, type Dec, toPlain } from './decimal';
export { PROFILES, resolveProfile, profileFromJson, isBuiltinProfile, type Profile, type ProfileId } from './profiles';
export { parseValue, describeParsed, type ParsedValue } from './parse';
export { scoreForm } from './form';
export { capDeduction } from './caps';
export { readNumber, percentText } from './numbers';
export { gradeOf } from './grade';
export { scoreSingleRow, executionScoreFromCells, totalFromCells, gradeFromCell, type TotalCells } from './worksheet';
export { show, showJson } from './show';
export { memo } from './memo';
export * from './json';
export {
  rollupForms,
  indicatorKey,
  isRelative,
  type RollupUnit,
  type RollupOptions,
  type RollupResult,
  type RollupRow,
  type RollupPart,
  type RollupMethod,
  type RollupProblem,
  type RollupProblemCode,
} from './rollup';
