/**
 * Microsoft's documented limits for Office.js on Excel (the web is the tightest host), and the
 * margins this adapter keeps under them. Every sync() is a round trip to a server on the web, so
 * the adapter batches as much as the limits allow and only splits when they force it.
 */
export const EXCEL_LIMITS = {
  /** Request and response payload of one sync() on Excel on the web. */
  payloadBytes: 5 * 1024 * 1024,
  /** Cells one range read may return. */
  cellsPerRead: 5_000_000,
  /** getMergedAreas fails when the range holds more merged areas than this. */
  mergedAreasPerQuery: 512,
} as const;

/** Blocks bounded from the values may go up to the limit itself: the bound cannot be exceeded. */
export const MERGE_QUERY_TARGET = EXCEL_LIMITS.mergedAreasPerQuery;

/**
 * Blocks planned from counts seen earlier hold at most this many, so that another 112 areas can be
 * merged in a block, unseen by any event, before its count query could fail. Merges in rows a
 * change event names are never counted this way: those rows are read with their own bound.
 */
export const MERGE_BLOCK_TARGET = 400;

export interface ChunkOptions {
  /** Estimated payload one sync may carry; kept below the hard limit because JSON overhead is only estimated. */
  syncBudgetBytes: number;
  /** Row blocks for large sheets: start here, never above. */
  maxBlockRows: number;
  /** Smallest block we plan; a payload error halves below it down to 1 row. */
  minBlockRows: number;
  /** Estimated bytes per cell for values + number formats + formulas in a response. */
  bytesPerCellRead: number;
  /** Estimated bytes per single-cell write operation in a request. */
  bytesPerWrite: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = {
  syncBudgetBytes: 4 * 1024 * 1024,
  maxBlockRows: 20_000,
  minBlockRows: 5_000,
  bytesPerCellRead: 36,
  bytesPerWrite: 220,
};

/** Error codes Excel raises (RichApi.Error.code) when a batch is too large. */
export const PAYLOAD_ERROR_CODES = ['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded', 'PayloadTooLarge'];

export function isPayloadError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && PAYLOAD_ERROR_CODES.includes(code)) return true;
  const msg = (e as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && /payload size limit/i.test(msg);
}

/** getMergedAreas over a range with too many merged areas fails with this (or a generic invalid-argument). */
export function isMergeLimitError(e: unknown): boolean {
  const msg = (e as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && /merged areas/i.test(msg);
}

/** Splits items, in order, into batches whose estimated size stays under the budget (an oversize item goes alone). */
export function packBySize<T>(items: T[], sizeOf: (item: T) => number, budget: number): T[][] {
  const batches: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  for (const item of items) {
    const e = sizeOf(item);
    if (cur.length && size + e > budget) {
      batches.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(item);
    size += e;
  }
  if (cur.length) batches.push(cur);
  return batches;
}
