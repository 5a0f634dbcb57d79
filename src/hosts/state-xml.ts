import { STATE_XML_NAMESPACE, type PriorWrites } from '../sheet/grid';
import { escapeRegExp, escapeXmlText, parseAttributes, textContent } from './xml-text';

export { decodeXmlEntities, escapeXmlAttr, escapeXmlText } from './xml-text';

/**
 * The custom XML part in which both hosts (xlsx files and Office.js) keep PriorWrites:
 *   <jixiao xmlns="urn:jixiao:state:1" version="1">{"writes":{"Sheet1!H6":"0.95"}}</jixiao>
 * Pure string code so it runs in the add-in and in Node alike.
 */

export const STATE_XML_VERSION = 1;

export interface DecodedState {
  prior: PriorWrites;
  /** Problems found while decoding, in Chinese, for the user-visible notes. */
  problems: string[];
}

export function encodeStateXml(prior: PriorWrites): string {
  // Sorted keys keep the part stable from run to run, so unchanged state writes identical bytes.
  const keys = Object.keys(prior).sort();
  let json: string;
  if (keys.every((key) => typeof prior[key] === 'string' && !isSpecialKey(key))) {
    // What JSON.stringify gives for the object below, without building it (a big workbook has a record per output cell).
    json = `{"writes":{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(prior[key])}`).join(',')}}}`;
  } else {
    const writes: PriorWrites = {};
    for (const key of keys) writes[key] = prior[key];
    json = JSON.stringify({ writes });
  }
  return `<jixiao xmlns="${STATE_XML_NAMESPACE}" version="${STATE_XML_VERSION}">${escapeXmlText(json)}</jixiao>`;
}

/** Keys an object does not keep in insertion order (array indexes) or at all (__proto__). */
const SPECIAL_KEY = /^(?:0|[1-9]\d*|__proto__)$/;

/** SPECIAL_KEY's test, with the pattern run only on keys starting with a digit or '_' (a record has one key per written cell). */
function isSpecialKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return ((c >= 48 && c <= 57) || c === 95) && SPECIAL_KEY.test(key);
}

const ROOT_RE = /<(?:([A-Za-z_][\w.-]*):)?jixiao\b((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;

/** Whether the XML's root element is ours (`jixiao` in the state namespace, prefixed or not). */
export function isStateXml(xml: string): boolean {
  return matchRoot(xml) !== null;
}

export function decodeStateXml(xml: string): DecodedState {
  const root = matchRoot(xml);
  if (!root) return { prior: {}, problems: ['助手记录的格式无法识别，已忽略（将按首次运行处理）。'] };
  const problems: string[] = [];
  const version = Number(root.attrs.version ?? '1');
  if (Number.isFinite(version) && version > STATE_XML_VERSION) {
    problems.push(`助手记录来自更新的版本（${version}），部分内容可能无法识别。`);
  }
  if (root.selfClosing) return { prior: {}, problems };
  const closeRe = new RegExp(`</${root.prefix ? escapeRegExp(root.prefix) + ':' : ''}jixiao\\s*>`);
  const rest = xml.slice(root.end);
  const close = closeRe.exec(rest);
  if (!close) return { prior: {}, problems: [...problems, '助手记录不完整，已忽略（将按首次运行处理）。'] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent(rest.slice(0, close.index)).trim() || '{}');
  } catch {
    return { prior: {}, problems: [...problems, '助手记录已损坏（不是有效的 JSON），已忽略（将按首次运行处理）。'] };
  }
  const writes = isRecord(parsed) ? parsed.writes : undefined;
  if (writes === undefined) return { prior: {}, problems };
  if (!isRecord(writes)) return { prior: {}, problems: [...problems, '助手记录中的写入清单格式不对，已忽略。'] };
  const prior: PriorWrites = {};
  let dropped = 0;
  for (const [key, value] of Object.entries(writes)) {
    if (typeof value === 'string') prior[key] = value;
    else dropped++;
  }
  if (dropped > 0) problems.push(`助手记录中有 ${dropped} 项格式不对，已忽略。`);
  return { prior, problems };
}

interface RootMatch {
  prefix: string | undefined;
  attrs: Record<string, string>;
  selfClosing: boolean;
  end: number;
}

function matchRoot(xml: string): RootMatch | null {
  const m = ROOT_RE.exec(xml);
  if (!m) return null;
  // The root must be the first element: skip the declaration, comments and processing instructions.
  const before = xml.slice(0, m.index).replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  if (before.trim() !== '') return null;
  const attrs = parseAttributes(m[2]);
  const prefix = m[1];
  const nsAttr = prefix ? `xmlns:${prefix}` : 'xmlns';
  if (attrs[nsAttr] !== STATE_XML_NAMESPACE) return null;
  return { prefix, attrs, selfClosing: m[3] === '/', end: m.index + m[0].length };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

