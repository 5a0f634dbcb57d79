import { randomUUID } from 'crypto';
import type JSZip from 'jszip';
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
import { jszipDeflated } from './jszip-entry';

/**
 * PriorWrites live in a custom XML part (customXml/itemN.xml), the same part the Office.js host
 * reaches through workbook.customXmlParts.getByNamespace(STATE_XML_NAMESPACE).
 */

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';
const ITEM_RE = /^customXml\/item(\d+)\.xml$/i;
const PROPS_RE = /^customXml\/itemProps(\d+)\.xml$/i;

/** Zip path and text of our part; the lowest-numbered one when (by accident) there are several. */
export async function findStatePart(zip: JSZip): Promise<{ path: string; xml: string; count: number } | null> {
  const items = Object.keys(zip.files)
    .map((name) => ({ name, n: Number(ITEM_RE.exec(name)?.[1] ?? NaN) }))
    .filter((x) => Number.isFinite(x.n))
    .sort((a, b) => a.n - b.n);
  const found: { path: string; xml: string }[] = [];
  for (const { name } of items) {
    const xml = await readPart(zip, name);
    if (xml !== null && isStateXml(xml)) found.push({ path: name, xml });
  }
  return found.length > 0 ? { ...found[0], count: found.length } : null;
}

export async function readState(zip: JSZip): Promise<DecodedState> {
  const part = await findStatePart(zip);
  if (!part) return { prior: {}, problems: [] };
  const decoded = decodeStateXml(part.xml);
  if (part.count > 1) decoded.problems.push(`工作簿中有 ${part.count} 份助手记录，只使用第一份。`);
  return decoded;
}

/** Replaces our part's content, or adds the part with its properties, relationships and content type. */
export async function writeState(zip: JSZip, workbookPath: string, prior: PriorWrites): Promise<void> {
  const xml = DECLARATION + encodeStateXml(prior);
  const existing = await findStatePart(zip);
  if (existing) {
    // Compressed now (the bytes JSZip would write): the record of a big workbook is large.
    if (existing.xml !== xml) zip.file(existing.path, (await jszipDeflated(xml)) as string);
    return;
  }
  let n = 1;
  for (const name of Object.keys(zip.files)) {
    const m = ITEM_RE.exec(name) ?? PROPS_RE.exec(name);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  const itemPath = `customXml/item${n}.xml`;
  const propsPath = `customXml/itemProps${n}.xml`;
  zip.file(itemPath, (await jszipDeflated(xml)) as string);
  zip.file(
    propsPath,
    DECLARATION +
      `<ds:datastoreItem ds:itemID="{${randomUUID().toUpperCase()}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`,
  );
  const itemRels = addRelationship(emptyRelationships(), REL.customXmlProps, `itemProps${n}.xml`);
  zip.file(relsPathFor(itemPath), itemRels.xml);

  const wbRelsPath = partName(zip, relsPathFor(workbookPath));
  const wbRels = (await readPart(zip, wbRelsPath)) ?? emptyRelationships();
  zip.file(wbRelsPath, addRelationship(wbRels, REL.customXml, relativeTarget(workbookPath, itemPath)).xml);

  const typesPath = partName(zip, '[Content_Types].xml');
  let types = (await readPart(zip, typesPath)) ?? '';
  types = ensureDefault(types, 'xml', 'application/xml');
  types = ensureDefault(types, 'rels', CONTENT_TYPE.rels);
  types = setOverride(types, propsPath, CONTENT_TYPE.customXmlProps);
  zip.file(typesPath, types);
}

/** Relationship target of `to` as seen from the folder of `from` ('xl/workbook.xml' → '../customXml/item1.xml'). */
export function relativeTarget(from: string, to: string): string {
  const base = from.split('/').slice(0, -1);
  const target = to.split('/');
  let i = 0;
  while (i < base.length && i < target.length - 1 && base[i] === target[i]) i++;
  return [...base.slice(i).map(() => '..'), ...target.slice(i)].join('/');
}
