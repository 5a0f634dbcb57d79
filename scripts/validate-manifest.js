#!/usr/bin/env node
/* Offline manifest check: the fields that make sideloading fail, without Microsoft's web validator
 * (that one is `npm run validate:online`). Usage: node scripts/validate-manifest.js [manifest.xml ...]
 * Reads the manifest twice — with office-addin-manifest (what the Office tooling sees) and with
 * fast-xml-parser (for the VersionOverrides the tooling does not expose) — and exits 1 on any error. */
'use strict';
const fs = require('fs');
const path = require('path');
const { XMLParser } = require('fast-xml-parser');
const { OfficeAddinManifest } = require('office-addin-manifest');

const ROOT = path.resolve(__dirname, '..');
/** What src/hosts/excel really calls needs ExcelApi 1.13 (getMergedAreasOrNullObject); 1.14 (triggerSource) is feature-detected. */
const EXCEL_API_MIN = '1.13';
const ICON_SIZES = { IconUrl: 32, HighResolutionIconUrl: 64 };
const RIBBON_ICON_SIZES = [16, 32, 80];

const asArray = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('ascii', 1, 4) !== 'PNG') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The local file an add-in URL points at (https://host/assets/icon-16.png → assets/icon-16.png). */
function localAsset(url) {
  const p = new URL(url).pathname.replace(/^\/+/, '');
  const candidates = [path.join(ROOT, p), path.join(ROOT, 'dist-addin', p)];
  return candidates.find((c) => fs.existsSync(c)) || null;
}

function walk(node, visit, trail = []) {
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      for (const item of asArray(v)) {
        visit(k, item, trail);
        walk(item, visit, [...trail, k]);
      }
    }
  }
}

async function check(file) {
  const errors = [];
  const err = (m) => errors.push(m);
  const xml = fs.readFileSync(file, 'utf8');

  const info = await OfficeAddinManifest.readManifestFile(file);
  if (!GUID.test(info.id || '')) err(`<Id> is not a GUID: ${info.id}`);
  if (!/^\d+(\.\d+){0,3}$/.test(info.version || '')) err(`<Version> must be n.n.n.n: ${info.version}`);
  if (info.officeAppType !== 'TaskPaneApp') err(`xsi:type must be TaskPaneApp, is ${info.officeAppType}`);
  if (JSON.stringify(info.hosts) !== JSON.stringify(['Workbook'])) err(`<Hosts> must be exactly Workbook: ${info.hosts}`);
  if (info.permissions !== 'ReadWriteDocument') err(`<Permissions> must be ReadWriteDocument: ${info.permissions}`);
  if (info.defaultLocale !== 'zh-CN') err(`<DefaultLocale> must be zh-CN: ${info.defaultLocale}`);
  if (!info.displayName) err('<DisplayName> is empty');

  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseAttributeValue: false, parseTagValue: false });
  const doc = parser.parse(xml);
  const app = doc.OfficeApp;
  if (!app) return [`${file}: root element is not OfficeApp`];

  // en-US override of the names people see.
  for (const tag of ['DisplayName', 'Description']) {
    const locales = asArray(app[tag] && app[tag].Override).map((o) => o['@Locale']);
    if (!locales.includes('en-US')) err(`<${tag}> lacks an en-US <Override>`);
  }

  // Every URL is https.
  walk(app, (key, item) => {
    if (item && typeof item === 'object') {
      for (const [attr, v] of Object.entries(item)) {
        if (attr.startsWith('@') && typeof v === 'string' && /^[a-z]+:\/\//i.test(v) && !v.startsWith('https://')) err(`${key}${attr}: not https: ${v}`);
      }
    }
  });

  // Requirement sets: ExcelApi at exactly the version the code needs.
  const sets = asArray(app.Requirements && app.Requirements.Sets && app.Requirements.Sets.Set);
  const excel = sets.find((s) => s['@Name'] === 'ExcelApi');
  if (!excel) err('<Requirements> must declare the ExcelApi set');
  else if (excel['@MinVersion'] !== EXCEL_API_MIN) err(`ExcelApi MinVersion must be ${EXCEL_API_MIN} (what the code uses), is ${excel['@MinVersion']}`);
  for (const s of sets) if (!['ExcelApi', 'SharedRuntime', 'AddinCommands'].includes(s['@Name'])) err(`unexpected requirement set ${s['@Name']}`);

  // Top-level icons exist and have their size.
  for (const [tag, size] of Object.entries(ICON_SIZES)) {
    const url = app[tag] && app[tag]['@DefaultValue'];
    if (!url) {
      err(`<${tag}> missing`);
      continue;
    }
    const f = localAsset(url);
    const dim = f && pngSize(f);
    if (!dim) err(`<${tag}> ${url}: no PNG found under assets/`);
    else if (dim.width !== size || dim.height !== size) err(`<${tag}> must be ${size}×${size}, is ${dim.width}×${dim.height}`);
  }

  // VersionOverrides: resources, resids, ribbon.
  const vo = app.VersionOverrides;
  if (!vo) err('<VersionOverrides> missing (no ribbon buttons)');
  else {
    const res = vo.Resources || {};
    const ids = {
      Images: new Map(asArray(res.Images && res.Images.Image).map((i) => [i['@id'], i['@DefaultValue']])),
      Urls: new Map(asArray(res.Urls && res.Urls.Url).map((i) => [i['@id'], i['@DefaultValue']])),
      ShortStrings: new Map(asArray(res.ShortStrings && res.ShortStrings.String).map((i) => [i['@id'], i['@DefaultValue']])),
      LongStrings: new Map(asArray(res.LongStrings && res.LongStrings.String).map((i) => [i['@id'], i['@DefaultValue']])),
    };
    for (const [id, s] of ids.ShortStrings) if ((s || '').length > 125) err(`ShortString ${id} is over 125 characters`);
    for (const [id, s] of ids.LongStrings) if ((s || '').length > 250) err(`LongString ${id} is over 250 characters`);
    for (const [kind, m] of Object.entries(ids)) {
      for (const [id, v] of m) if (!v) err(`resource ${kind}/${id} has no DefaultValue`);
    }
    const kindOf = (key, trail) => {
      if (key === 'Image') return 'Images';
      if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(key)) return 'Urls';
      if (key === 'Description') return 'LongStrings';
      return 'ShortStrings';
    };
    let resids = 0;
    walk(vo, (key, item, trail) => {
      if (trail.includes('Resources') || !item || typeof item !== 'object' || !item['@resid']) return;
      resids++;
      const kind = kindOf(key, trail);
      if (!ids[kind].has(item['@resid'])) err(`resid "${item['@resid']}" on <${key}> does not resolve to a ${kind} resource`);
    });
    if (!resids) err('no resid found in VersionOverrides');

    for (const [id, url] of ids.Images) {
      const size = Number((/(\d+)x\d+/.exec(id) || [])[1]);
      const f = localAsset(url);
      const dim = f && pngSize(f);
      if (!dim) err(`image ${id} ${url}: no PNG found under assets/`);
      else if (size && (dim.width !== size || dim.height !== size)) err(`image ${id} must be ${size}×${size}, is ${dim.width}×${dim.height}`);
    }

    const host = asArray(vo.Hosts && vo.Hosts.Host).find((h) => h['@type'] === 'Workbook');
    const ff = host && host.DesktopFormFactor;
    if (!ff) err('VersionOverrides has no Workbook DesktopFormFactor');
    else {
      const tab = asArray(ff.ExtensionPoint).flatMap((e) => asArray(e.OfficeTab)).find((t) => t['@id'] === 'TabHome');
      const group = tab && asArray(tab.Group)[0];
      if (!group) err('no ribbon group on the Home tab (TabHome)');
      else {
        const label = ids.ShortStrings.get(group.Label && group.Label['@resid']);
        if (label !== '绩效自评') err(`ribbon group label must be 绩效自评, is ${label}`);
        const sizes = asArray(group.Icon && group.Icon.Image).map((i) => Number(i['@size'])).sort((a, b) => a - b);
        if (JSON.stringify(sizes) !== JSON.stringify(RIBBON_ICON_SIZES)) err(`group icons must be ${RIBBON_ICON_SIZES}, are ${sizes}`);
        const controls = asArray(group.Control);
        const byAction = Object.fromEntries(controls.map((c) => [c.Action && c.Action['@type'], c]));
        const labelOf = (c) => c && ids.ShortStrings.get(c.Label && c.Label['@resid']);
        if (labelOf(byAction.ShowTaskpane) !== '打开助手') err('a ShowTaskpane button labelled 打开助手 is required');
        if (labelOf(byAction.ExecuteFunction) !== '计算得分') err('an ExecuteFunction button labelled 计算得分 is required');
        if (byAction.ExecuteFunction && !byAction.ExecuteFunction.Action.FunctionName) err('ExecuteFunction lacks <FunctionName>');
        if (byAction.ExecuteFunction && !ff.FunctionFile) err('ExecuteFunction needs a <FunctionFile>');
        const ctrlIds = controls.map((c) => c['@id']);
        if (new Set(ctrlIds).size !== ctrlIds.length) err('control ids are not unique');
      }
    }
  }
  return errors.map((e) => `${path.relative(ROOT, file)}: ${e}`);
}

(async () => {
  const files = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(ROOT, 'manifest.xml')];
  const built = path.join(ROOT, 'dist-addin', 'manifest.xml');
  if (!process.argv.slice(2).length && fs.existsSync(built)) files.push(built);
  let failed = false;
  for (const f of files) {
    const errors = await check(path.resolve(f));
    if (errors.length) {
      failed = true;
      for (const e of errors) console.error(`✗ ${e}`);
    } else {
      console.log(`✓ ${path.relative(ROOT, path.resolve(f))}: 清单检查通过 / manifest OK`);
    }
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
