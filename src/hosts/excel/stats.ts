/** Round trips of one operation, counted because each one is a server call on Excel on the web. */
export interface SyncStats {
  syncs: number;
  readSyncs: number;
  writeSyncs: number;
  /** Value blocks read (1 per sheet when no chunking was needed). */
  blocks: number;
  /** Syncs that failed on a payload limit and were retried with smaller blocks. */
  payloadRetries: number;
  /** Syncs Excel refused (payload or merged-area limit), each retried differently. */
  failedRequests: number;
  /** getMergedAreasOrNullObject queries sent (addresses or counts). */
  mergeQueries: number;
  /** Cells whose values, formats and formulas were read. */
  cellsRead: number;
  /** Sheets read whole (no usable cache); the rest were checked and patched row by row. */
  fullSheets: number;
}

export function newStats(): SyncStats {
  return { syncs: 0, readSyncs: 0, writeSyncs: 0, blocks: 0, payloadRetries: 0, failedRequests: 0, mergeQueries: 0, cellsRead: 0, fullSheets: 0 };
}

export function countSync(stats: SyncStats, phase: 'read' | 'write'): void {
  stats.syncs++;
  if (phase === 'read') stats.readSyncs++;
  else stats.writeSyncs++;
}

export async function countedSync(ctx: { sync(): Promise<unknown> }, stats: SyncStats, phase: 'read' | 'write'): Promise<void> {
  countSync(stats, phase);
  try {
    await ctx.sync();
  } catch (e) {
    stats.failedRequests++;
    throw e;
  }
}
