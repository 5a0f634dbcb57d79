import { attrsOf, findAll, findElement, prefixFor, setAttr } from './xml';
import { escapeXmlAttr } from '../xml-text';
import type { ZipPackage } from './zip';

/** Open Packaging Conventions plumbing: parts, relationships, content types. */

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
} as const;

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  calcChain: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml',
  customXmlProps: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps',
} as const;

export const CONTENT_TYPE = {
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  customXmlProps: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
} as const;

export interface Relationship {
  id: string;
  type: string;
  target: string;
  /** Zip path of the target part (null for external targets). */
  path: string | null;
}

export interface SheetPart {
  name: string;
  sheetId: string;
  relId: string;
  /** Zip entry name of the worksheet XML. */
  path: string;
}

/** The zip entry name for a part name (not a folder); part names are case-insensitive in OPC. */
export function entry(zip: ZipPackage, path: string): string | null {
  if (zip.has(path) && !zip.isDir(path)) return path;
  const lower = path.toLowerCase();
  return zip.names().find((name) => !zip.isDir(name) && name.toLowerCase() === lower) ?? null;
}

/** The entry name as stored in the zip (its case may differ from a relationship's target). */
export function partName(zip: ZipPackage, path: string): string {
  return entry(zip, path) ?? path;
}

/** A part's text as UTF-8 (the package's own small parts; sheets go through PartReader, with caps). */
export function readPart(zip: ZipPackage, path: string): string | null {
  const name = entry(zip, path);
  return name === null ? null : (zip.bytes(name)?.toString('utf8') ?? null);
}

/** 'xl/workbook.xml' → 'xl/_rels/workbook.xml.rels'. */
export function relsPathFor(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that owns the relationship. */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target;
  try {
    t = decodeURI(target);
  } catch {
    /* keep as written */
  }
  const segments = t.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const seg of t.replace(/^\//, '').split('/')) {
    if (seg === '..') segments.pop();
    else if (seg !== '.' && seg !== '') segments.push(seg);
  }
  return segments.join('/');
}

export function parseRelationships(relsXml: string, sourcePart: string): Relationship[] {
  const prefix = prefixFor(relsXml, NS.rels) ?? '';
  return findAll(relsXml, `${prefix}Relationship`).map((el) => {
    const a = attrsOf(el.tag);
    const external = a.TargetMode === 'External';
    return { id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '', path: external ? null : resolveTarget(sourcePart, a.Target ?? '') };
  });
}

/** The workbook part, found through the package relationships. */
export function workbookPartPath(zip: ZipPackage): string | null {
  const rootRels = readPart(zip, '_rels/.rels');
  if (rootRels) {
    const rel = parseRelationships(rootRels, '').find((r) => r.type === REL.officeDocument || r.type.endsWith('/officeDocument'));
    if (rel?.path && entry(zip, rel.path)) return partName(zip, rel.path);
  }
  return entry(zip, 'xl/workbook.xml') ? partName(zip, 'xl/workbook.xml') : null;
}

/** Worksheets in workbook order, with the zip entry of each (chartsheets and dialog sheets are skipped). */
export function resolveSheets(workbookXml: string, workbookRels: Relationship[]): SheetPart[] {
  const prefix = prefixFor(workbookXml, NS.main) ?? '';
  const sheets = findElement(workbookXml, `${prefix}sheets`);
  if (!sheets) return [];
  const byId = new Map(workbookRels.map((r) => [r.id, r]));
  const out: SheetPart[] = [];
  for (const el of findAll(workbookXml, `${prefix}sheet`, sheets.openEnd, sheets.closeStart)) {
    const a = attrsOf(el.tag);
    const relId = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    const rel = byId.get(relId);
    if (!rel || !rel.path || rel.type !== REL.worksheet) continue;
    out.push({ name: a.name ?? '', sheetId: a.sheetId ?? '', relId, path: rel.path });
  }
  return out;
}

/** Adds a relationship to a .rels part, returning the new XML and the fresh id. */
export function addRelationship(relsXml: string, type: string, target: string): { xml: string; id: string } {
  const prefix = prefixFor(relsXml, NS.rels) ?? '';
  const used = new Set(findAll(relsXml, `${prefix}Relationship`).map((el) => attrsOf(el.tag).Id));
  let n = used.size + 1;
  while (used.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const rel = `<${prefix}Relationship Id="${id}" Type="${escapeXmlAttr(type)}" Target="${escapeXmlAttr(target)}"/>`;
  return { xml: insertBeforeClose(relsXml, `${prefix}Relationships`, rel), id };
}

export function removeRelationship(relsXml: string, id: string): string {
  const prefix = prefixFor(relsXml, NS.rels) ?? '';
  for (const el of findAll(relsXml, `${prefix}Relationship`)) {
    if (attrsOf(el.tag).Id === id) return relsXml.slice(0, el.start) + relsXml.slice(el.end);
  }
  return relsXml;
}

export function emptyRelationships(): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rels}"></Relationships>`;
}

/** [Content_Types].xml with an Override for `partPath` (replacing one that exists). */
export function setOverride(contentTypesXml: string, partPath: string, contentType: string): string {
  const prefix = prefixFor(contentTypesXml, NS.contentTypes) ?? '';
  const partName = `/${partPath}`;
  for (const el of findAll(contentTypesXml, `${prefix}Override`)) {
    if ((attrsOf(el.tag).PartName ?? '').toLowerCase() === partName.toLowerCase()) {
      const tag = setAttr(el.tag, 'ContentType', contentType);
      return contentTypesXml.slice(0, el.start) + tag + contentTypesXml.slice(el.openEnd);
    }
  }
  const override = `<${prefix}Override PartName="${escapeXmlAttr(partName)}" ContentType="${escapeXmlAttr(contentType)}"/>`;
  return insertBeforeClose(contentTypesXml, `${prefix}Types`, override);
}

export function removeOverride(contentTypesXml: string, partPath: string): string {
  const prefix = prefixFor(contentTypesXml, NS.contentTypes) ?? '';
  const partName = `/${partPath}`.toLowerCase();
  for (const el of findAll(contentTypesXml, `${prefix}Override`)) {
    if ((attrsOf(el.tag).PartName ?? '').toLowerCase() === partName) {
      return contentTypesXml.slice(0, el.start) + contentTypesXml.slice(el.end);
    }
  }
  return contentTypesXml;
}

/** Makes sure parts named *.ext have a content type (a Default), without touching an existing one. */
export function ensureDefault(contentTypesXml: string, ext: string, contentType: string): string {
  const prefix = prefixFor(contentTypesXml, NS.contentTypes) ?? '';
  const has = findAll(contentTypesXml, `${prefix}Default`).some((el) => (attrsOf(el.tag).Extension ?? '').toLowerCase() === ext);
  if (has) return contentTypesXml;
  const def = `<${prefix}Default Extension="${ext}" ContentType="${escapeXmlAttr(contentType)}"/>`;
  return insertBeforeClose(contentTypesXml, `${prefix}Types`, def);
}

/** Inserts `content` just before the end tag of the root element `qname` (expanding `<x/>` if needed). */
export function insertBeforeClose(xml: string, qname: string, content: string): string {
  const el = findElement(xml, qname);
  if (!el) throw new Error(`malformed part: no <${qname}>`);
  if (el.selfClosing) {
    const open = el.tag.replace(/\s*\/>$/, '>');
    return `${xml.slice(0, el.start)}${open}${content}</${qname}>${xml.slice(el.end)}`;
  }
  return xml.slice(0, el.closeStart) + content + xml.slice(el.closeStart);
}
