/**
 * One catalogue of the errors a user can meet, each with a code and a Chinese message naming the
 * file and, where known, the part or cell. Pure (no I/O) so the CLI, both hosts and the task pane
 * can share it. Exit codes: 2 for anything about the input or the target, 3 for our own bugs.
 */

export type ErrorCode =
  // arguments
  | 'usage'
  // input files
  | 'not-found'
  | 'not-regular'
  | 'too-large'
  | 'unreadable'
  | 'not-xlsx'
  | 'encrypted'
  | 'no-form'
  | 'bad-json'
  | 'json-too-deep'
  | 'bad-input'
  | 'bad-profile'
  // writing
  | 'target-not-regular'
  | 'hard-linked'
  | 'owner-not-kept'
  | 'locked'
  | 'source-changed'
  | 'io'
  | 'invalid-plan'
  | 'damaged'
  // Excel (the add-in's host): Office.js refused or failed a request
  | 'sheet-missing'
  | 'excel-edit-mode'
  | 'excel-payload'
  | 'excel-denied'
  | 'excel-busy'
  | 'excel-sync'
  // the task pane: Office could not start it
  | 'office-missing'
  | 'office-timeout'
  | 'not-excel'
  | 'excel-too-old'
  // a bug of ours
  | 'internal';

export class JixiaoError extends Error {
  override name = 'JixiaoError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: { file?: string; part?: string; cell?: string; sheet?: string } = {},
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
    this.detail = options?.detail ?? null;
  }

  /** What the lower layer said (Excel's own code and message), shown only as a detail under the Chinese. */
  readonly detail: string | null;

  get exitCode(): 2 | 3 {
    return this.code === 'internal' ? 3 : 2;
  }
}

/** Size limits checked before anything is read; named in the messages. */
export const LIMITS = {
  /**
   * An .xlsx input file. A real form is well under 1 MB, but a province's forms stacked in one
   * workbook are not: 500k indicator rows take 30–50 MB (and ~2.5 GB of memory to score).
   */
  workbookBytes: 100 * 1024 * 1024,
  /** A JSON input for `evaluate`, or a profile file. */
  jsonBytes: 20 * 1024 * 1024,
  /** Nesting of JSON input: forms → rows → fields is 5 deep, profiles a little more. */
  jsonDepth: 64,
} as const;

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** What kind of non-regular file a path is, in Chinese. */
export type FileKind = 'directory' | 'fifo' | 'char-device' | 'block-device' | 'socket' | 'symlink' | 'other';

const KIND_TEXT: Record<FileKind, string> = {
  directory: '一个文件夹',
  fifo: '一个命名管道（FIFO）',
  'char-device': '一个设备文件',
  'block-device': '一个块设备',
  socket: '一个套接字',
  symlink: '一个符号链接',
  other: '一个特殊文件',
};

export const errors = {
  usage: (text: string) => new JixiaoError('usage', text),
  notFound: (file: string) => new JixiaoError('not-found', `无法读取 “${show(file)}”：文件不存在，请检查路径`, { file }),
  notRegular: (file: string, kind: FileKind) =>
    new JixiaoError('not-regular', `无法读取 “${show(file)}”：这是${KIND_TEXT[kind]}，不是普通文件`, { file }),
  tooLarge: (file: string, size: number, limit: number) =>
    new JixiaoError('too-large', `无法读取 “${show(file)}”：文件有 ${megabytes(size)}，超过上限 ${megabytes(limit)}`, { file }),
  unreadable: (file: string, reason: string, cause?: unknown) =>
    new JixiaoError('unreadable', `无法读取 “${show(file)}”：${reason}`, { file }, { cause }),
  noForm: (file: string) =>
    new JixiaoError('no-form', `“${show(file)}” 中没有找到绩效自评表（未识别到含 三级指标 / 指标值 / 分值 等表头的表格）`, { file }),
  badJson: (file: string, detail: string) => new JixiaoError('bad-json', `“${show(file)}” 不是有效的 JSON：${show(detail, 200)}`, { file }),
  jsonTooDeep: (file: string, limit: number) =>
    new JixiaoError('json-too-deep', `“${show(file)}” 的 JSON 嵌套超过 ${limit} 层，不是自评表数据`, { file }),
  badInput: (file: string, lines: string[]) => new JixiaoError('bad-input', `“${show(file)}” 的内容有误：\n${lines.map((l) => `  ${l}`).join('\n')}`, { file }),
  badProfile: (file: string, reason: string) => new JixiaoError('bad-profile', `评分口径 “${show(file)}” 有误：${reason}`, { file }),
  targetNotRegular: (file: string, kind: FileKind) =>
    new JixiaoError('target-not-regular', `未写入 “${show(file)}”：目标是${KIND_TEXT[kind]}，只能写入普通文件（请换一个输出路径）`, { file }),
  hardLinked: (file: string, links: number) =>
    new JixiaoError('hard-linked', `未写入 “${show(file)}”：该文件有 ${links} 个硬链接，原地保存会拆开它们；请用 -o 另存`, { file }),
  ownerNotKept: (file: string) =>
    new JixiaoError('owner-not-kept', `未写入 “${show(file)}”：无法保留文件的所有者和用户组（文件属于其他用户）；请用 -o 另存`, { file }),
  locked: (file: string, pid: number | null) =>
    new JixiaoError('locked', `未写入 “${show(file)}”：另一个 jixiao 进程${pid ? `（${pid}）` : ''}正在写入该文件，请稍后重新运行`, { file }),
  sourceChanged: (file: string) =>
    new JixiaoError('source-changed', `未写入 “${show(file)}”：文件在读取之后被修改过（或已被移走），为避免覆盖别人的改动，未写入。请重新运行`, { file }),
  writeFailed: (file: string, reason: string, cause?: unknown) =>
    new JixiaoError('io', `无法写入 “${show(file)}”：${reason}。原文件未被改动`, { file }, { cause }),
  damaged: (file: string, detail: string, cause?: unknown) =>
    new JixiaoError('damaged', `未写入 “${show(file)}”：工作簿的某个部件已损坏（${show(detail, 120)}），无法安全写入；原文件未被改动`, { file }, { cause }),
  sheetMissing: (sheet: string | null, detail?: string) =>
    new JixiaoError('sheet-missing', sheet ? `找不到工作表 “${show(sheet)}”：可能已被删除或重命名，请重新计算。` : '找不到工作表或单元格：可能已被删除或重命名，请重新计算。', sheet ? { sheet } : {}, { detail }),
  excelEditMode: (detail?: string) => new JixiaoError('excel-edit-mode', 'Excel 正处于单元格编辑状态：按 Enter 或 Esc 结束编辑后重试。', {}, { detail }),
  excelPayload: (row: number | null, detail?: string) =>
    new JixiaoError(
      'excel-payload',
      row === null ? '一次与 Excel 交换的数据超过上限（约 5 MB），请重试（助手会分批读写）。' : `工作表第 ${row} 行起的数据超过 Excel 单次传输上限（约 5 MB），无法读取。`,
      {},
      { detail },
    ),
  excelDenied: (detail?: string) => new JixiaoError('excel-denied', 'Excel 拒绝了写入：工作表可能受保护，或工作簿为只读。工作簿未改动。', {}, { detail }),
  excelBusy: (detail?: string) => new JixiaoError('excel-busy', 'Excel 暂时繁忙或响应超时，请稍后重试。', {}, { detail }),
  excelSync: (detail?: string) => new JixiaoError('excel-sync', '与 Excel 通信时出错，工作簿未改动或只写入了完整的一批。请重试。', {}, { detail }),
  excelFailed: (detail?: string) => new JixiaoError('excel-sync', 'Excel 处理请求时出错，工作簿未改动或只写入了完整的一批。请重试。', {}, { detail }),
  excelRefused: (detail?: string) => new JixiaoError('excel-sync', 'Excel 不接受某个参数（单元格地址或数值），工作簿未改动或只写入了完整的一批。', {}, { detail }),
  officeMissing: () => new JixiaoError('office-missing', '未能加载 Office 脚本（office.js）。'),
  officeTimeout: (seconds: number) => new JixiaoError('office-timeout', `Office 在 ${seconds} 秒内没有完成初始化。`),
  notExcel: () => new JixiaoError('not-excel', '本加载项只能在 Excel 中使用。 / Please open this add-in in Excel.'),
  excelTooOld: () => new JixiaoError('excel-too-old', '此版本的 Excel 不支持本加载项（需要 ExcelApi 1.13 及以上，如 Microsoft 365 或 Excel 网页版）。'),
  internal: (detail: string) => new JixiaoError('internal', `内部错误（请报告此问题）：${show(detail, 300)}`),
};

/** Office.js error codes (OfficeExtension.Error.code) and the catalogue entry each becomes. */
const EXCEL_CODES: Record<string, (detail: string) => JixiaoError> = {
  ItemNotFound: (d) => errors.sheetMissing(null, d),
  InvalidOperationInCellEditMode: (d) => errors.excelEditMode(d),
  RequestPayloadSizeLimitExceeded: (d) => errors.excelPayload(null, d),
  ResponsePayloadSizeLimitExceeded: (d) => errors.excelPayload(null, d),
  PayloadTooLarge: (d) => errors.excelPayload(null, d),
  AccessDenied: (d) => errors.excelDenied(d),
  ActivityLimitReached: (d) => errors.excelBusy(d),
  Timeout: (d) => errors.excelBusy(d),
  ServiceNotAvailable: (d) => errors.excelBusy(d),
  GeneralException: (d) => errors.excelFailed(d),
  InvalidArgument: (d) => errors.excelRefused(d),
};

/**
 * Whatever Excel (Office.js) threw, as a catalogue error: Chinese first, Excel's code and message
 * only as the detail. Our own errors pass through; a Chinese message of ours from a lower layer
 * keeps its words.
 */
export function excelError(e: unknown): JixiaoError {
  if (e instanceof JixiaoError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  const detail = typeof code === 'string' ? `${code}: ${show(message, 300)}` : show(message, 300);
  const known = typeof code === 'string' ? EXCEL_CODES[code] : undefined;
  if (known) return known(detail);
  if (/[\u4e00-\u9fff]/.test(message)) return new JixiaoError('excel-sync', message, {}, { cause: e, detail: typeof code === 'string' ? code : undefined });
  return errors.excelSync(detail);
}

/**
 * Errors the zip and XML layers throw on a damaged part (a bad CRC, a truncated entry, an element
 * never closed). They are about the file, not about us; the xlsx reader should catch them itself,
 * this is the safety net for the ones it lets through.
 */
export function isDamagedPartError(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof JixiaoError) return false;
  return /malformed|corrupt|size mismatch|crc32|end of data|invalid (zip|code|distance|block|stored)|unexpected end|unsupported compression|encrypted zip|is not closed/i.test(err.message);
}

/** The message of an internal error: Chinese first, a short English detail, never a stack. */
export function internalMessage(err: unknown): string {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return errors.internal(detail.split('\n')[0]).message;
}

/**
 * Control characters removed for a terminal: C0 (except none — tabs and newlines become spaces),
 * DEL and C1, plus Excel's escaped form `_x001B_` decoded first so an escaped ESC is caught too.
 * Bidirectional overrides are dropped as well: they reorder what the user sees.
 */
export function stripControl(s: string): string {
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (all, hex: string) => {
      const c = parseInt(hex, 16);
      return c < 0x20 || (c >= 0x7f && c < 0xa0) ? String.fromCharCode(c) : all;
    })
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

const UNSAFE_ON_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it may reach a terminal: every control character (and bidirectional override) removed,
 * whatever its source (a cell, a part name, an address in a damaged file), keeping line breaks and
 * tabs, plus the progress line's own leading carriage return and trailing erase-line sequence.
 */
export function terminalText(text: string): string {
  if (!UNSAFE_ON_TERMINAL.test(text)) return text;
  UNSAFE_ON_TERMINAL.lastIndex = 0;
  const lead = text.startsWith('\r') ? '\r' : '';
  const tail = /\x1b\[K\n?$/.exec(text)?.[0] ?? '';
  const body = text.slice(lead.length, text.length - tail.length);
  return lead + body.replace(UNSAFE_ON_TERMINAL, '') + tail;
}

/**
 * Any value as short, safe text for a message: strings cut and stripped of control characters,
 * objects summarised without walking them (a deeply nested value costs nothing).
 */
export function show(v: unknown, max = 80): string {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') text = String(v);
  else if (Array.isArray(v)) text = `[数组，${v.length} 项]`;
  else if (v instanceof Error) text = v.message;
  else if (typeof v === 'object') text = `{对象，${Object.keys(v as object).length} 个字段}`;
  else text = typeof v;
  // Cut before stripping: a value of hundreds of megabytes costs no more than a short one.
  text = stripControl(text.length > max * 4 + 64 ? text.slice(0, max * 4 + 64) : text);
  if (text.length <= max) return text;
  return `${Array.from(text).slice(0, max - 1).join('')}…`;
}
