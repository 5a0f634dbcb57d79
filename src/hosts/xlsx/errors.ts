/** Why a workbook could not be read; the message is for the person who chose the file. */
export type XlsxReadErrorCode = 'not-found' | 'not-xlsx' | 'unreadable' | 'encrypted' | 'too-large';

export class XlsxReadError extends Error {
  override readonly name = 'XlsxReadError';
  constructor(
    readonly code: XlsxReadErrorCode,
    /** The file name as shown to the user (base name of the path, or the name given for a buffer). */
    readonly fileName: string,
    /** What is wrong, without the file name (Chinese). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`无法读取 “${fileName}”：${reason}`);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

/**
 * - 'invalid-plan': the plan asks for something impossible (unknown sheet, a formula cell, a bad address);
 *   a bug in the planner, nothing was written.
 * - 'source-changed': writing in place, but the file on disk is no longer the one that was read.
 * - 'io': the target could not be written; the original is untouched.
 */
export type XlsxWriteErrorCode = 'invalid-plan' | 'source-changed' | 'io';

export class XlsxWriteError extends Error {
  override readonly name = 'XlsxWriteError';
  constructor(
    readonly code: XlsxWriteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}
