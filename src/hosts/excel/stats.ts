/** Round trips of one operation, counted because each one is a server call on Excel on the web. */
export interface SyncStats {
  syncs: number;
  readSyncs: number;
  writeSyncs: number;
  /** Row blocks read (1 per sheet when no chunking was needed). */
  blocks: number;
  /** Syncs that failed on a payload limit and were retried with smaller blocks. */
  payloadRetries: number;
}

export function newStats(): SyncStats {
  return { syncs: 0, readSyncs: 0, writeSyncs: 0, blocks: 0, payloadRetries: 0 };
}

export function countSync(stats: SyncStats, phase: 'read' | 'write'): void {
  stats.syncs++;
  if (phase === 'read') stats.readSyncs++;
  else stats.writeSyncs++;
}

export async function countedSync(ctx: { sync(): Promise<unknown> }, stats: SyncStats, phase: 'read' | 'write'): Promise<void> {
  countSync(stats, phase);
  await ctx.sync();
}
