import { JixiaoError } from '../../sheet/errors';

/** Why a workbook could not be read; the message is for the person who chose the file. */
export type XlsxReadErrorCode = 'not-found' | 'not-xlsx' | 'unreadable' | 'encrypted' | 'too-large';

/** A workbook that cannot be read: an entry of the error catalogue (src/sheet/errors.ts), exit 2. */
export class XlsxReadError extends JixiaoError {
  override readonly name = 'XlsxReadError';
  constructor(
    override readonly code: XlsxReadErrorCode,
    /** The file name as shown to the user (base name of the path, or the name given for a buffer). */
    readonly fileName: string,
    /** What is wrong, without the file name (Chinese). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(code, `无法读取 “${fileName}”：${reason}`, { file: fileName }, options);
  }
}

/**
 * - 'invalid-plan': the plan asks for something impossible (unknown sheet, a formula cell, a bad address);
 *   a bug in the planner, nothing was written.
 * - 'source-changed': writing in place, but the file on disk is no longer the one that was read.
 * - 'io': the target could not be written; the original is untouched.
 */
export type XlsxWriteErrorCode = 'invalid-plan' | 'source-changed' | 'io';

export class XlsxWriteError extends JixiaoError {
  override readonly name = 'XlsxWriteError';
  constructor(
    override readonly code: XlsxWriteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, {}, options);
  }
}
