/// <reference types="office-js" />
import { priorKeySheet } from '../../sheet/a1';
import type { PriorWrites } from '../../sheet/grid';
import { encodeStateXml } from '../state-xml';

/**
 * Queues the write of PriorWrites into the workbook's custom XML part (the same part the xlsx
 * host reads and writes, so the CLI and the add-in agree on what the product wrote).
 */
export function writeStatePart(ctx: Excel.RequestContext, prior: PriorWrites, partId: string | null): Excel.CustomXmlPart {
  const xml = encodeStateXml(prior);
  if (partId) {
    const part = ctx.workbook.customXmlParts.getItem(partId);
    part.setXml(xml);
    return part;
  }
  return ctx.workbook.customXmlParts.add(xml);
}

/** Replaces the record of the sheets just scored and keeps the others. */
export function mergePrior(old: PriorWrites, fresh: PriorWrites, sheets: string[]): PriorWrites {
  const scored = new Set(sheets);
  const out: PriorWrites = {};
  for (const [k, v] of Object.entries(old)) {
    if (!scored.has(priorKeySheet(k))) out[k] = v;
  }
  return Object.assign(out, fresh);
}

export function samePrior(a: PriorWrites, b: PriorWrites): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}
