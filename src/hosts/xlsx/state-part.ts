import { randomUUID } from 'crypto';
import type { PriorWrites } from '../../sheet/grid';
import { decodeStateXml, encodeStateXml, isStateXml, type DecodedState } from '../state-xml';
import {
  CONTENT_TYPE,
  REL,
  addRelationship,
  emptyRelationships,
  ensureDefault,
  readPart,
  partName,
  relsPathFor,
  setOverride,
} from './package';
import { deflateContent, type ZipPackage } from './zip';

/**
 * PriorWrites live in a custom XML part (customXml/itemN.xml), the same part the Office.js host
 * reaches through workbook.customXmlParts.getByNamespace(STATE_XML_NAMESPACE).
 */

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';
const ITEM_RE = /^customXml\/item(\d+)\.xml$/i;
const PROPS_RE = /^customXml\/itemProps(\d+)\.xml$/i;

/** Zip path and text of our part; the lowest-numbered one when (by accident) there are several. */
export function findStatePart(zip: ZipPackage): { path: string; xml: string; count: number } | null {
  const items = zip
    .names()
    .map((name) => ({ name, n: Number(ITEM_RE.exec(name)?.[1] ?? NaN) }))
    .filter((x) => Number.isFinite(x.n))
    .sort((a, b) => a.n - b.n);
  const found: { path: string; xml: string }[] = [];
  for (const { name } of items) {
    const xml = readPart(zip, name);
    if (xml !== null && isStateXml(xml)) found.push({ path: name, xml });
  }
  return found.length > 0 ? { ...found[0], count: found.length } : null;
}

export function readState(zip: ZipPackage): DecodedState {
  const part = findStatePart(zip);
  if (!part) return { prior: {}, problems: [] };
  const decoded = decodeStateXml(part.xml);
  if (part.count > 1) decoded.problems.push(`工作簿中有 ${part.count} 份助手记录，只使用第一份。`);
  return decoded;
}

/** Replaces our part's content, or adds the part with its properties, relationships and content type. */
export function writeState(zip: ZipPackage, workbookPath: string, prior: PriorWrites): void {
  const xml = DECLARATION + encodeStateXml(prior);
  const existing = findStatePart(zip);
  if (existing) {
    // Compressed now, not held as text until the save: the record of a big workbook is large.
    if (existing.xml !== xml) zip.set(existing.path, deflateContent(Buffer.from(xml, 'utf8')));
    return;
  }
  let n = 1;
  for (const name of zip.names()) {
    const m = ITEM_RE.exec(name) ?? PROPS_RE.exec(name);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  const itemPath = `customXml/item${n}.xml`;
  const propsPath = `customXml/itemProps${n}.xml`;
  zip.set(itemPath, deflateContent(Buffer.from(xml, 'utf8')));
  zip.set(
    propsPath,
    DECLARATION +
      `<ds:datastoreItem ds:itemID="{${randomUUID().toUpperCase()}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`,
  );
  const itemRels = addRelationship(emptyRelationships(), REL.customXmlProps, `itemProps${n}.xml`);
  zip.set(relsPathFor(itemPath), itemRels.xml);

  const wbRelsPath = partName(zip, relsPathFor(workbookPath));
  const wbRels = readPart(zip, wbRelsPath) ?? emptyRelationships();
  zip.set(wbRelsPath, addRelationship(wbRels, REL.customXml, relativeTarget(workbookPath, itemPath)).xml);

  const typesPath = partName(zip, '[Content_Types].xml');
  let types = readPart(zip, typesPath) ?? '';
  types = ensureDefault(types, 'xml', 'application/xml');
  types = ensureDefault(types, 'rels', CONTENT_TYPE.rels);
  types = setOverride(types, propsPath, CONTENT_TYPE.customXmlProps);
  zip.set(typesPath, types);
}

/** Relationship target of `to` as seen from the folder of `from` ('xl/workbook.xml' → '../customXml/item1.xml'). */
export function relativeTarget(from: string, to: string): string {
  const base = from.split('/').slice(0, -1);
  const target = to.split('/');
  let i = 0;
  while (i < base.length && i < target.length - 1 && base[i] === target[i]) i++;
  return [...base.slice(i).map(() => '..'), ...target.slice(i)].join('/');
}
