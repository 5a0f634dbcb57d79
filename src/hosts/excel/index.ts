/** The Office.js host: reads the open workbook into grids and writes plans back, within Excel's limits. */
export { ExcelSession, type ExcelRunner, type ScoreWorkbook, type RecomputeResult, type SessionOptions, type ChangeTracker, type TrackedChange, type RecomputeOptions } from './session';
export { AutoRecompute, realScheduler, type Scheduler } from './auto-recompute';
export { EchoFilter, type ChangeEvent } from './echo-filter';
export { EXCEL_LIMITS, DEFAULT_CHUNKING, type ChunkOptions } from './limits';
export { newStats, type SyncStats } from './stats';
export { QUALITATIVE_TIERS } from './workbook-ui';
export { readLayout, readSheets, readRects, mergeBoundBlocks, knownMergeBlocks, type WorkbookLayout, type SheetLayout } from './read-workbook';
export { applyPlan, effectiveWrites, TEXT_FORMAT } from './apply-plan';
export { mergePrior } from './state-part';
export { type DetailSheet } from './detail-sheet';
