/// <reference types="custom-functions-runtime" />
import * as cf from '../../src/functions/custom-functions';
import type { CustomFunctionEntry, FunctionRegistry } from './formula-eval';

/** The namespace the manifest gives the functions (Functions.Namespace). */
export const NAMESPACE = 'JIXIAO';

/** Parameters declared `any[][]` (dimensionality "matrix" in functions.json), by function id: a range arrives as a 2-D array. */
export const MATRIX_PARAMS: Record<string, number[]> = { TOTAL: [0] };

export function registryEntry(id: string, fn: CustomFunctionEntry['fn']): CustomFunctionEntry {
  return { fn, matrix: MATRIX_PARAMS[id] };
}

/**
 * The JIXIAO worksheet functions as Excel calls them: the very entry points the add-in registers
 * (src/functions/custom-functions.ts), under the ids registerCustomFunctions() associates.
 */
export const JIXIAO_FUNCTIONS: FunctionRegistry = Object.fromEntries(
  Object.entries({ SCORE: cf.score, COMPLETION: cf.completion, EXECSCORE: cf.execScore, TOTAL: cf.total, GRADE: cf.grade, PARSE: cf.parse }).map(([id, fn]) => [
    `${NAMESPACE}.${id}`,
    registryEntry(id, fn as CustomFunctionEntry['fn']),
  ]),
);
