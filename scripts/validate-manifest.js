#!/usr/bin/env node
/* Offline manifest check: the fields that make sideloading fail, without Microsoft's web validator
 * (that one is `npm run validate:online`). Usage: node scripts/validate-manifest.js [manifest.xml ...]
 * First the schema, as the XSD does (manifest-structure.js against the rules in manifest-schema.js:
 * element order, allowed elements and attributes, required children); then what the schema cannot
 * say, reading the manifest with office-addin-manifest (what the Office tooling sees) and with
 * fast-xml-parser (ids, https URLs, hosts, requirement sets, icon sizes, resids). Exits 1 on any error. */
'use strict';
const fs = require('fs');
const path = require('path');
const { XMLParser } = require('fast-xml-parser');
const { OfficeAddinManifest } = require('office-addin-manifest');
const { checkStructure } = require('./manifest-structure');

const ROOT = path.resolve(__dirname, '..');
/** What src/hosts/excel really calls needs ExcelApi 1.13 (getMergedAreasOrNullObject); 1.14 (triggerSource) is feature-detected. */
const EXCEL_API_MIN = '1.13';
const ICON_SIZES = { IconUrl: 32, HighResolutionIconUrl: 64 };
const RIBBON_ICON_SIZES = [16, 32, 80];
/** The worksheet functions: =JIXIAO.SCORE(…); the build emits the metadata and the script under these names. */
const FUNCTIONS_NAMESPACE = 'JIXIAO';
const FUNCTIONS_FILES = { Script: 'functions.js', Metadata: 'functions.json', Page: 'taskpane.html' };
/** Requirement sets the manifest must declare, at these versions. */
const REQUIRED_SETS = { ExcelApi: EXCEL_API_MIN, SharedRuntime: '1.1', CustomFunctionsRuntime: '1.1' };

const asArray = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('ascii', 1, 4) !== 'PNG') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * The local file an add-in URL points at: https://host/base/assets/icon-16.png → assets/icon-16.png
 * next to the manifest (a built one), in the repository or in dist-addin/, whatever the base path.
 */
function localAsset(url, manifestDir) {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const rel = path.join(...parts.slice(i));
    const found = [manifestDir, ROOT, path.join(ROOT, 'dist-addin')].map((d) => path.join(d, rel)).find((c) => fs.existsSync(c));
    if (found) return found;
  }
  return null;
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
  for (const e of checkStructure(xml)) err(`schema: ${e}`);

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

  // Requirement sets: ExcelApi at exactly the version the code needs; the shared runtime and custom functions.
  const sets = asArray(app.Requirements && app.Requirements.Sets && app.Requirements.Sets.Set);
  for (const [name, version] of Object.entries(REQUIRED_SETS)) {
    const set = sets.find((s) => s['@Name'] === name);
    if (!set) err(`<Requirements> must declare the ${name} set`);
    else if (set['@MinVersion'] !== version) err(`${name} MinVersion must be ${version}, is ${set['@MinVersion']}`);
  }
  for (const s of sets) if (!['ExcelApi', 'SharedRuntime', 'CustomFunctionsRuntime', 'AddinCommands'].includes(s['@Name'])) err(`unexpected requirement set ${s['@Name']}`);

  // Top-level icons exist and have their size.
  for (const [tag, size] of Object.entries(ICON_SIZES)) {
    const url = app[tag] && app[tag]['@DefaultValue'];
    if (!url) {
      err(`<${tag}> missing`);
      continue;
    }
    const f = localAsset(url, path.dirname(file));
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
    const kindOf = (key) => {
      if (key === 'Image') return 'Images';
      if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl', 'Runtime'].includes(key)) return 'Urls';
      if (key === 'Description') return 'LongStrings';
      return 'ShortStrings';
    };
    let resids = 0;
    walk(vo, (key, item, trail) => {
      if (trail.includes('Resources') || !item || typeof item !== 'object' || !item['@resid']) return;
      resids++;
      if (item['@resid'].length > 32) err(`resid "${item['@resid']}" is over 32 characters`);
      const kind = kindOf(key);
      if (!ids[kind].has(item['@resid'])) err(`resid "${item['@resid']}" on <${key}> does not resolve to a ${kind} resource`);
    });
    if (!resids) err('no resid found in VersionOverrides');

    for (const [id, url] of ids.Images) {
      const size = Number((/(\d+)x\d+/.exec(id) || [])[1]);
      const f = localAsset(url, path.dirname(file));
      const dim = f && pngSize(f);
      if (!dim) err(`image ${id} ${url}: no PNG found under assets/`);
      else if (size && (dim.width !== size || dim.height !== size)) err(`image ${id} must be ${size}×${size}, is ${dim.width}×${dim.height}`);
    }

    const host = asArray(vo.Hosts && vo.Hosts.Host).find((h) => h['@type'] === 'Workbook');
    const sharedUrl = host ? checkSharedRuntime(host, ids, err) : null;
    if (host) checkCustomFunctions(host, ids, sharedUrl, file, err);
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
        // The shared runtime is one page: the ribbon's functions and the pane load from it.
        const runtime = sharedUrl && sharedUrl.resid;
        if (runtime && ff.FunctionFile && ff.FunctionFile['@resid'] !== runtime) err(`<FunctionFile> must use the shared runtime's resid ${runtime}, uses ${ff.FunctionFile['@resid']}`);
        const paneSource = byAction.ShowTaskpane && byAction.ShowTaskpane.Action.SourceLocation;
        if (runtime && paneSource && paneSource['@resid'] !== runtime) err(`the task pane must load the shared runtime's page (${runtime}), loads ${paneSource['@resid']}`);
        const ctrlIds = controls.map((c) => c['@id']);
        if (new Set(ctrlIds).size !== ctrlIds.length) err('control ids are not unique');
      }
    }
  }
  return errors.map((e) => `${path.relative(ROOT, file)}: ${e}`);
}

/** <Runtimes><Runtime resid=… lifetime="long"/> in the Workbook host, before its form factors (schema order). */
function checkSharedRuntime(host, ids, err) {
  const runtimes = asArray(host.Runtimes && host.Runtimes.Runtime);
  if (runtimes.length !== 1) {
    err(`the Workbook host must declare exactly one <Runtime> (shared runtime), has ${runtimes.length}`);
    return null;
  }
  const rt = runtimes[0];
  if (rt['@lifetime'] !== 'long') err(`<Runtime lifetime> must be "long" (functions and ribbon keep running with the pane closed), is ${rt['@lifetime']}`);
  const url = ids.Urls.get(rt['@resid']);
  if (!url) return null;
  if (new URL(url).pathname.split('/').pop() !== FUNCTIONS_FILES.Page) err(`the shared runtime must be the task pane page ${FUNCTIONS_FILES.Page}, is ${url}`);
  const order = Object.keys(host).filter((k) => !k.startsWith('@'));
  const want = ['Runtimes', 'AllFormFactors', 'DesktopFormFactor'].filter((k) => order.includes(k));
  if (JSON.stringify(order.filter((k) => want.includes(k))) !== JSON.stringify(want)) err(`<Host> children must come in the order ${want.join(', ')}, are ${order.join(', ')}`);
  return { resid: rt['@resid'], url };
}

/** The CustomFunctions extension point: script, page (the shared runtime), metadata and the JIXIAO namespace. */
function checkCustomFunctions(host, ids, shared, file, err) {
  const ep = asArray(host.AllFormFactors && host.AllFormFactors.ExtensionPoint).find((e) => e['@type'] === 'CustomFunctions');
  if (!ep) {
    err('no <AllFormFactors><ExtensionPoint xsi:type="CustomFunctions"> (the JIXIAO worksheet functions)');
    return;
  }
  const ns = ep.Namespace && ids.ShortStrings.get(ep.Namespace['@resid']);
  if (ns !== FUNCTIONS_NAMESPACE) err(`custom functions namespace must be ${FUNCTIONS_NAMESPACE}, is ${ns}`);
  // A built manifest sits next to the files it names: they must be there.
  const builtDir = path.dirname(file);
  const built = fs.existsSync(path.join(builtDir, FUNCTIONS_FILES.Page));
  for (const [tag, name] of Object.entries(FUNCTIONS_FILES)) {
    const loc = ep[tag] && ep[tag].SourceLocation;
    const resid = loc && loc['@resid'];
    const url = resid && ids.Urls.get(resid);
    if (!url) {
      err(`custom functions <${tag}> lacks a <SourceLocation> URL`);
      continue;
    }
    const rel = new URL(url).pathname.split('/').pop();
    if (rel !== name) err(`custom functions <${tag}> must point at ${name}, points at ${url}`);
    else if (built && !fs.existsSync(path.join(builtDir, name))) err(`custom functions <${tag}> ${name} is not in ${path.relative(ROOT, builtDir)}/`);
    if (tag === 'Page' && shared && resid !== shared.resid) err(`custom functions <Page> must be the shared runtime (${shared.resid}), is ${resid}`);
  }
  if (built) {
    const meta = JSON.parse(fs.readFileSync(path.join(builtDir, FUNCTIONS_FILES.Metadata), 'utf8'));
    const idsInMeta = asArray(meta.functions).map((f) => f.id);
    if (!idsInMeta.length) err(`${FUNCTIONS_FILES.Metadata} declares no function`);
  }
}

/** Checks each manifest (default: manifest.xml, and dist-addin/manifest.xml when built); the errors, or [] when all pass. */
async function validate(files) {
  const errors = [];
  for (const f of files) errors.push(...(await check(path.resolve(f))));
  return errors;
}

module.exports = { check, validate };

if (require.main === module) {
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
}
