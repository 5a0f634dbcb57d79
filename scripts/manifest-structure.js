/* Checks a manifest's structure against the schema rules in manifest-schema.js, as the XSD would:
 * element order, unknown or misspelled elements and attributes, missing required children and
 * attributes, too many of an element, the namespace of each element, and simple values. */
'use strict';
const { XMLParser } = require('fast-xml-parser');
const { NS, TYPES, SIMPLE, ATTR_VALUES, ROOT } = require('./manifest-schema');

const PREFIX = Object.fromEntries(Object.entries(NS).map(([k, v]) => [v, k]));

/** Namespace-resolved element tree: { local, ns, attrs: [{ local, ns, value }], children, text }. */
function parseTree(xml) {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: true });
  const build = (node, scope) => {
    const tag = Object.keys(node).find((k) => k !== ':@');
    const rawAttrs = node[':@'] || {};
    const inner = { ...scope };
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns') inner[''] = v;
      else if (k.startsWith('xmlns:')) inner[k.slice(6)] = v;
    }
    const split = (q) => (q.includes(':') ? [q.slice(0, q.indexOf(':')), q.slice(q.indexOf(':') + 1)] : [null, q]);
    const [prefix, local] = split(tag);
    const attrs = Object.entries(rawAttrs)
      .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
      .map(([k, value]) => {
        const [p, l] = split(k);
        return { local: l, ns: p ? inner[p] : null, value: String(value) };
      });
    const children = [];
    let text = '';
    for (const c of node[tag]) {
      if ('#text' in c) text += String(c['#text']);
      else if (Object.keys(c).some((k) => k !== ':@' && !k.startsWith('?') && !k.startsWith('#'))) children.push(build(c, inner));
    }
    return { local, ns: prefix ? inner[prefix] : inner[''], attrs, children, text: text.trim() };
  };
  const top = parser.parse(xml).filter((n) => !Object.keys(n).some((k) => k.startsWith('?')));
  return top.length === 1 ? build(top[0], {}) : null;
}

const label = (el) => {
  const p = PREFIX[el.ns];
  return `<${p && p !== 'app' && p !== 'ov' ? `${p}:` : ''}${el.local}>`;
};

/** Where an element is, readable: OfficeApp/VersionOverrides/…/Control#Jixiao.OpenPane. */
const step = (el) => {
  const id = el.attrs.find((a) => a.local === 'id' && !a.ns);
  const xsi = el.attrs.find((a) => a.local === 'type' && a.ns === NS.xsi);
  return `${el.local}${id ? `#${id.value}` : xsi ? `[${xsi.value}]` : ''}`;
};

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** The allowed name closest to a misspelled one, if any is close. */
function suggest(name, allowed) {
  const lower = name.toLowerCase();
  const best = allowed.map((a) => ({ a, d: a.toLowerCase() === lower ? 0 : distance(lower, a.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? ` (did you mean ${best.a}?)` : '';
}

function checkSimple(kind, value) {
  const rule = SIMPLE[kind];
  if (!rule) return null;
  if (rule instanceof RegExp) return rule.test(value) ? null : `is not a valid ${kind}: "${value}"`;
  if (Array.isArray(rule)) return rule.includes(value) ? null : `must be one of ${rule.join(', ')}, is "${value}"`;
  const n = [...value].length;
  return n >= rule.min && n <= rule.max ? null : `must be ${rule.min}–${rule.max} characters (${kind}), has ${n}`;
}

/** The concrete type of an element declared with `type` (an abstract one resolves through xsi:type). */
function resolveType(el, type, where, err) {
  if (typeof type === 'string') return type;
  const xsi = el.attrs.find((a) => a.local === 'type' && a.ns === NS.xsi);
  if (!xsi) {
    if (type.default) return type.default;
    err(`${where}: ${label(el)} needs xsi:type, one of ${Object.keys(type.xsi).join(', ')}`);
    return null;
  }
  const found = type.xsi[xsi.value];
  if (!found) err(`${where}: ${label(el)} xsi:type="${xsi.value}" is not allowed here; allowed: ${Object.keys(type.xsi).join(', ')}${suggest(xsi.value, Object.keys(type.xsi))}`);
  return found || null;
}

function checkAttributes(el, def, where, err) {
  const allowed = Object.keys(def.attrs || {});
  for (const a of el.attrs) {
    if (a.ns === NS.xsi && a.local === 'type') continue;
    if (a.ns) {
      err(`${where}: attribute ${a.local} in namespace ${a.ns} is not allowed on ${label(el)}`);
      continue;
    }
    if (!allowed.includes(a.local)) {
      err(`${where}: ${label(el)} has unknown attribute ${a.local}="${a.value}"; allowed: ${allowed.join(', ') || 'none'}${suggest(a.local, allowed)}`);
      continue;
    }
    const rule = def.attrs[a.local];
    if (Array.isArray(rule) && !rule.includes(a.value)) err(`${where}: ${label(el)} ${a.local} must be one of ${rule.join(', ')}, is "${a.value}"`);
    const kind = ATTR_VALUES[a.local];
    const bad = kind && checkSimple(kind, a.value);
    if (bad) err(`${where}: ${label(el)} ${a.local} ${bad}`);
  }
  for (const [name, rule] of Object.entries(def.attrs || {})) {
    if (rule === true && !el.attrs.some((a) => !a.ns && a.local === name)) err(`${where}: ${label(el)} lacks the required attribute ${name}`);
  }
}

/** The children against the type's sequence: order, unknown names, namespaces, min/max occurrences. */
function checkChildren(el, def, where, err, visit) {
  const particles = def.children.map(([name, type, min, max, ns]) => ({ name, type, min, max, ns: ns || def.ns }));
  const counts = particles.map(() => 0);
  let at = 0;
  let lastName = null;
  for (const child of el.children) {
    const j = particles.findIndex((p, k) => k >= at && p.name === child.local);
    const earlier = particles.findIndex((p, k) => k < at && p.name === child.local);
    const k = j >= 0 ? j : earlier;
    if (k < 0) {
      const names = particles.map((p) => p.name);
      err(`${where}: unknown element ${label(child)} in ${label(el)}; allowed here, in order: ${names.join(', ') || 'none'}${suggest(child.local, names)}`);
      continue;
    }
    const p = particles[k];
    if (j < 0) err(`${where}: ${label(child)} must come before <${lastName}> in ${label(el)} (schema order: ${particles.map((q) => q.name).join(', ')})`);
    else {
      at = j;
      lastName = child.local;
    }
    if (child.ns !== p.ns) err(`${where}: ${label(child)} must be in namespace ${p.ns} (is ${child.ns || 'none'})`);
    counts[k]++;
    if (counts[k] === p.max + 1) err(`${where}: ${label(el)} allows at most ${p.max} <${p.name}>`);
    visit(child, p.type);
  }
  particles.forEach((p, k) => {
    if (counts[k] < p.min) {
      const empty = el.children.length === 0 ? ' (it cannot be empty)' : '';
      err(`${where}: ${label(el)} must contain <${p.name}>${empty}`);
    }
  });
}

function checkElement(el, type, trail, err) {
  const where = [...trail, step(el)].join('/');
  const name = resolveType(el, type, where, err);
  if (!name) return;
  const def = TYPES[name];
  if (!def) throw new Error(`manifest-schema.js: no type ${name}`);
  if (def.lax) return;
  if (def.text) {
    checkAttributes(el, { attrs: {} }, where, err);
    if (el.children.length) err(`${where}: ${label(el)} holds text only, has ${el.children.map(label).join(', ')}`);
    const bad = checkSimple(def.text, el.text);
    if (bad) err(`${where}: ${label(el)} ${bad}`);
    return;
  }
  checkAttributes(el, def, where, err);
  if (el.text) err(`${where}: ${label(el)} must not hold text ("${el.text.slice(0, 40)}")`);
  checkChildren(el, def, where, err, (child, childType) => checkElement(child, childType, [...trail, step(el)], err));
}

/** Every schema error in a manifest's XML text, as readable lines. */
function checkStructure(xml) {
  const errors = [];
  const err = (m) => errors.push(m);
  let root;
  try {
    root = parseTree(xml);
  } catch (e) {
    return [`not well-formed XML: ${e.message}`];
  }
  if (!root || root.local !== ROOT.name || root.ns !== ROOT.ns) return [`the root element must be <${ROOT.name}> in ${ROOT.ns}`];
  checkElement(root, ROOT.type, [], err);
  return errors;
}

module.exports = { checkStructure, parseTree };
