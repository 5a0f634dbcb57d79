import { NS } from './package';
import { attrsOf, findAll, findElement, prefixFor, setAttr } from './xml';

/** Children of <workbook> that come after <calcPr>, in schema order. */
const AFTER_CALC_PR = [
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
];

/**
 * Asks Excel to recalculate everything when the file is opened: formulas that read the cells we
 * wrote still hold results cached from the old values.
 */
export function setFullCalcOnLoad(workbookXml: string): string {
  const p = prefixFor(workbookXml, NS.main) ?? '';
  const calcPr = findElement(workbookXml, `${p}calcPr`);
  if (calcPr) {
    if (attrsOf(calcPr.tag).fullCalcOnLoad === '1') return workbookXml;
    return workbookXml.slice(0, calcPr.start) + setAttr(calcPr.tag, 'fullCalcOnLoad', '1') + workbookXml.slice(calcPr.openEnd);
  }
  const root = findElement(workbookXml, `${p}workbook`);
  if (!root) throw new Error('malformed workbook part: no <workbook> root element');
  const anchor = AFTER_CALC_PR.map((n) => findElement(workbookXml, `${p}${n}`, root.openEnd, root.closeStart)).find((el) => el !== null);
  const at = anchor ? anchor.start : root.closeStart;
  return `${workbookXml.slice(0, at)}<${p}calcPr fullCalcOnLoad="1"/>${workbookXml.slice(at)}`;
}

/**
 * Drops cells from the calculation chain. Entries inherit the sheet id (`i`) of the entry before
 * them, so a removed entry's id moves to its successor. Returns null when the chain becomes empty
 * (an empty calcChain part is invalid: the caller removes the part).
 */
export function removeFromCalcChain(calcChainXml: string, cells: { sheetId: string; address: string }[]): string | null {
  const drop = new Set(cells.map((c) => `${c.sheetId}!${c.address}`));
  const p = prefixFor(calcChainXml, NS.main) ?? '';
  const entries = findAll(calcChainXml, `${p}c`);
  let sheet = '';
  let carry: string | null = null;
  let removed = 0;
  const out: string[] = [];
  let pos = 0;
  for (const el of entries) {
    const a = attrsOf(el.tag);
    const explicit = a.i !== undefined;
    if (explicit) sheet = a.i;
    out.push(calcChainXml.slice(pos, el.start));
    pos = el.end;
    if (drop.has(`${sheet}!${(a.r ?? '').replace(/\$/g, '')}`)) {
      removed++;
      if (explicit) carry = sheet;
      continue;
    }
    let text = calcChainXml.slice(el.start, el.end);
    if (carry !== null && !explicit) text = setAttr(el.tag, 'i', carry) + calcChainXml.slice(el.openEnd, el.end);
    carry = null;
    out.push(text);
  }
  out.push(calcChainXml.slice(pos));
  if (removed === 0) return calcChainXml;
  if (removed === entries.length) return null;
  return out.join('');
}
