/**
 * The sheet layer (pure): recognise forms in a grid, build the engine input, plan the writes.
 * grid → **forms** → scores → **write plan** → host.
 */
export * from './grid';
export * from './contract';
export { findForms } from './find-forms';
export { planWrites } from './plan-writes';
export { scoreWorkbook, profileChoiceOf, lostPointsOf, type ScoreWorkbookOptions } from './score-workbook';
export { diagnoseSheet } from './diagnose';
export { locateProblems, locateRowProblem, missingReasonProblems, type LocatedProblem } from './locate-problems';
export { isPersonEntry, priorKey } from './person-entry';
export { normalizeLabel, columnRole, titleStem, type ColumnRole } from './labels';
export { readOperatorWord, rowOperator } from './operator-words';
