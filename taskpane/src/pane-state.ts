import { parseA1, type SheetGrid } from '../../src/sheet/grid';
import type { FormSummary } from './report';

/** Chinese first for the errors Office.js raises most; Excel's own words stay available as detail. */
const EXCEL_CODES: Record<string, string> = {
  ItemNotFound: '找不到工作表或单元格，可能已被删除或重命名。',
  InvalidOperationInCellEditMode: 'Excel 正处于单元格编辑状态：按 Enter 或 Esc 结束编辑后重试。',
  RequestPayloadSizeLimitExceeded: '一次传给 Excel 的数据超过上限，请重试（助手会分批写入）。',
  ResponsePayloadSizeLimitExceeded: '一次从 Excel 读取的数据超过上限，请重试。',
  AccessDenied: 'Excel 拒绝了写入：工作表可能受保护，或工作簿为只读。',
  InvalidArgument: 'Excel 不接受某个参数（单元格地址或数值）。',
  GeneralException: 'Excel 处理请求时出错。',
  Timeout: 'Excel 响应超时。',
  ActivityLimitReached: 'Excel 暂时繁忙，请稍后重试。',
};

export function excelErrorText(e: unknown): { zh: string; excel: string | null } {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  const known = typeof code === 'string' ? EXCEL_CODES[code] : undefined;
  if (known) return { zh: known, excel: `${code}: ${message}` };
  // Our own errors are Chinese already; anything else is shown as detail under a plain sentence.
  if (/[\u4e00-\u9fff]/.test(message)) return { zh: message, excel: typeof code === 'string' ? code : null };
  return { zh: '与 Excel 通信时出错，工作簿未改动或只写入了完整的一批。', excel: typeof code === 'string' ? `${code}: ${message}` : message };
}

/** Text of a cell in the grids just read (the 偏差原因分析 of a row that lost points). */
export function cellReader(grids: SheetGrid[]): (sheet: string, address: string) => string | null {
  return (sheet, address) => {
    const g = grids.find((x) => x.name === sheet);
    const at = parseA1(address);
    if (!g || !at) return null;
    const v = g.values[at.row - g.originRow]?.[at.col - g.originCol];
    return v === null || v === undefined ? null : String(v);
  };
}

/** “总分 94.49 → 91.59”, per form whose total or grade moved, and the edit that set it off. */
export function changeLines(before: FormSummary[], after: FormSummary[], edit: { sheet: string; address: string } | null): string[] {
  const lines: string[] = [];
  for (const f of after) {
    const old = before.find((b) => b.key === f.key);
    if (!old || (old.total === f.total && old.grade === f.grade)) continue;
    const grade = old.grade === f.grade ? '' : `，等级 ${old.grade} → ${f.grade}`;
    lines.push(`${f.name}：总分 ${old.total} → ${f.total}${grade}`);
  }
  if (lines.length && edit) lines.push(`由 ${edit.sheet}!${edit.address} 的修改触发。`);
  return lines;
}
