/* The part of Microsoft's add-in manifest schema this add-in uses, written as data for the offline
 * validator (scripts/manifest-structure.js checks a manifest against it). Transcribed from
 * OfficeAppManifestV1_1.xsd, TaskPaneAppVersionOverridesV1_0.xsd and OfficeAppBasicTypesV1_0.xsd
 * ([MS-OWEMXML] §5, and github.com/OfficeDev/office-js-docs-pr docs/overview/schemas/taskpane/):
 * every element this manifest contains and its siblings, in schema order.
 *
 * A type: `ns` — the namespace of its child elements (the schema that defines the type, since the
 * schemas are elementFormDefault="qualified"); `children` — the xs:sequence, in order, each entry
 * [name, type, minOccurs, maxOccurs, namespace if not the type's]; `attrs` — allowed attributes,
 * true when required (an array lists the allowed values); `text` — a simple-content element and the
 * check of its text. A child type written { xsi: {...} } is abstract: the element's xsi:type picks
 * one of the listed types. Type 'Lax' stands for the schema's processContents="lax" wildcards
 * (content not checked). */
'use strict';

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  ov11: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
};

const U = Infinity;
const REQ = true;
const OPT = false;

/** Checks of simple content (element text and attribute values). */
const SIMPLE = {
  UUID: /^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$|^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/,
  AlternateId: /^.{5,12}\\WA[0-9]{9}$/,
  Version: /^[0-9]{1,5}(\.[0-9]{1,5}){0,3}$/,
  ShortVersion: /^[0-9]{1,5}\.[0-9]{1,5}$/,
  CultureName: /^([a-zA-Z]{2,3}-[a-zA-Z0-9]{3,8}(-[a-zA-Z]{2,3})?|[a-zA-Z]{2,3}(-[a-zA-Z]{2,3}(_tradnl|\.pseudo|-[a-zA-Z]{4,8})?)?)$/,
  ShortString: { min: 1, max: 125 },
  LongString: { min: 1, max: 250 },
  ReferenceId: { min: 1, max: 32 },
  URL: { min: 1, max: 2048 },
  Integer: /^[+-]?[0-9]+$/,
  Boolean: /^(true|false|1|0)$/,
  Permissions: ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'],
};

const localeAware = (ns, value) => ({ ns, children: [['Override', 'LocaleOverride_' + value, 0, U]], attrs: { DefaultValue: REQ } });
const withId = (value) => ({ ns: NS.bt, children: [['Override', 'BtLocaleOverride_' + value, 0, U]], attrs: { id: REQ, DefaultValue: REQ } });
const resourceRef = { ns: NS.bt, children: [], attrs: { resid: REQ } };
const sourceOnly = { ns: NS.ov, children: [['SourceLocation', 'ResourceRef', 1, 1]], attrs: {} };
const formFactorHost = {
  ns: NS.ov,
  children: [
    ['Runtimes', 'Runtimes', 0, 1],
    ['AllFormFactors', 'AllFormFactors', 0, 1],
    ['DesktopFormFactor', 'FormFactor', 0, 1],
  ],
  attrs: {},
};

const TYPES = {
  // OfficeAppManifestV1_1.xsd: OfficeApp (abstract) extended by TaskPaneApp.
  TaskPaneApp: {
    ns: NS.app,
    children: [
      ['Id', 'UUID', 1, 1],
      ['AlternateId', 'AlternateId', 0, 1],
      ['Version', 'Version', 1, 1],
      ['ProviderName', 'ShortString', 1, 1],
      ['DefaultLocale', 'CultureName', 1, 1],
      ['DisplayName', 'ShortLocaleAwareSetting', 1, 1],
      ['Description', 'LongLocaleAwareSetting', 1, 1],
      ['IconUrl', 'URLLocaleAwareSetting', 0, 1],
      ['HighResolutionIconUrl', 'URLLocaleAwareSetting', 0, 1],
      ['SupportUrl', 'URLLocaleAwareSetting', 0, 1],
      ['AppDomains', 'AppDomains', 0, 1],
      ['Hosts', 'Hosts', 0, 1],
      ['Requirements', 'Requirements', 0, 1],
      ['DefaultSettings', 'TaskPaneAppSettings', 1, 1],
      ['Permissions', 'Permissions', 1, 1],
      ['Dictionary', 'Lax', 0, 1],
      ['VersionOverrides', { xsi: { VersionOverridesV1_0: 'VersionOverridesV1_0' } }, 0, 1, NS.ov],
      ['ExtendedOverrides', 'ExtendedOverrides', 0, 1],
      ['Signature', 'Lax', 0, 1, NS.dsig],
    ],
    attrs: {},
  },
  UUID: { text: 'UUID' },
  AlternateId: { text: 'AlternateId' },
  Version: { text: 'Version' },
  ShortString: { text: 'ShortString' },
  LongString: { text: 'LongString' },
  CultureName: { text: 'CultureName' },
  Permissions: { text: 'Permissions' },
  ShortLocaleAwareSetting: localeAware(NS.app, 'ShortString'),
  LongLocaleAwareSetting: localeAware(NS.app, 'LongString'),
  URLLocaleAwareSetting: localeAware(NS.app, 'URL'),
  LocaleOverride_ShortString: { ns: NS.app, children: [], attrs: { Locale: REQ, Value: REQ } },
  LocaleOverride_LongString: { ns: NS.app, children: [], attrs: { Locale: REQ, Value: REQ } },
  LocaleOverride_URL: { ns: NS.app, children: [], attrs: { Locale: REQ, Value: REQ } },
  // "This element can't be empty": at least one <AppDomain>.
  AppDomains: { ns: NS.app, children: [['AppDomain', 'LongString', 1, U]], attrs: {} },
  Hosts: { ns: NS.app, children: [['Host', 'Host', 1, U]], attrs: {} },
  Host: { ns: NS.app, children: [], attrs: { Name: REQ } },
  Requirements: { ns: NS.app, children: [['Sets', 'Sets', 0, 1], ['Methods', 'Methods', 0, 1]], attrs: {} },
  Sets: { ns: NS.app, children: [['Set', 'VersionedRequirement', 1, U]], attrs: { DefaultMinVersion: OPT } },
  VersionedRequirement: { ns: NS.app, children: [], attrs: { Name: REQ, MinVersion: OPT } },
  Methods: { ns: NS.app, children: [['Method', 'Requirement', 1, U]], attrs: {} },
  Requirement: { ns: NS.app, children: [], attrs: { Name: REQ } },
  TaskPaneAppSettings: { ns: NS.app, children: [['SourceLocation', 'URLLocaleAwareSetting', 1, 1]], attrs: {} },
  ExtendedOverrides: { ns: NS.app, children: [['Tokens', 'Lax', 0, 1]], attrs: { Url: REQ, ResourcesUrl: OPT } },

  // TaskPaneAppVersionOverridesV1_0.xsd.
  VersionOverridesV1_0: {
    ns: NS.ov,
    children: [
      ['Description', 'ResourceRef', 0, 1],
      ['Requirements', 'BtRequirements', 0, 1],
      ['Hosts', 'OvHosts', 0, 1],
      ['Resources', 'Resources', 0, 1],
      ['WebApplicationInfo', 'Lax', 0, 1],
      ['EquivalentAddins', 'Lax', 0, 1],
      ['VersionOverrides', 'Lax', 0, 1, NS.ov11],
    ],
    attrs: {},
  },
  OvHosts: {
    ns: NS.ov,
    children: [['Host', { xsi: { Workbook: 'WorkbookHost', Document: 'WorkbookHost', Presentation: 'WorkbookHost', Notebook: 'WorkbookHost' } }, 1, U]],
    attrs: {},
  },
  // Host (abstract): Runtimes?, AllFormFactors?; Workbook/Document/Presentation add DesktopFormFactor?.
  WorkbookHost: formFactorHost,
  Runtimes: { ns: NS.ov, children: [['Runtime', 'Runtime', 1, U]], attrs: {} },
  Runtime: { ns: NS.ov, children: [['Override', 'Lax', 0, U]], attrs: { resid: REQ, lifetime: ['short', 'long'] } },
  AllFormFactors: { ns: NS.ov, children: [['ExtensionPoint', { xsi: { CustomFunctions: 'CustomFunctions' }, default: 'CustomFunctions' }, 0, 1]], attrs: {} },
  CustomFunctions: {
    ns: NS.ov,
    children: [
      ['Script', 'SourceOnly', 1, 1],
      ['Page', 'SourceOnly', 1, 1],
      ['Metadata', 'SourceOnly', 0, 1],
      ['Namespace', 'ResourceRef', 0, 1],
    ],
    attrs: {},
  },
  SourceOnly: sourceOnly,
  FormFactor: {
    ns: NS.ov,
    children: [
      ['GetStarted', 'GetStarted', 0, 1],
      ['FunctionFile', 'ResourceRef', 0, 1],
      ['ExtensionPoint', { xsi: { PrimaryCommandSurface: 'CommandSurface', ContextMenu: 'ContextMenu', CustomFunctions: 'CustomFunctions' } }, 1, U],
    ],
    attrs: {},
  },
  GetStarted: {
    ns: NS.ov,
    children: [
      ['Title', 'ResourceRef', 1, 1],
      ['Description', 'ResourceRef', 1, 1],
      ['LearnMoreUrl', 'ResourceRef', 1, 1],
    ],
    attrs: {},
  },
  CommandSurface: { ns: NS.ov, children: [['OfficeTab', 'OfficeTab', 0, U], ['CustomTab', 'CustomTab', 0, U]], attrs: {} },
  ContextMenu: { ns: NS.ov, children: [['OfficeMenu', 'OfficeMenu', 1, U]], attrs: {} },
  OfficeTab: { ns: NS.ov, children: [['Group', 'Group', 1, U]], attrs: { id: REQ } },
  CustomTab: { ns: NS.ov, children: [['Group', 'Group', 1, U], ['Label', 'ResourceRef', 1, 1]], attrs: { id: REQ } },
  OfficeMenu: { ns: NS.ov, children: [['Control', { xsi: { Button: 'Button', Menu: 'Menu' } }, 1, U]], attrs: { id: REQ } },
  Group: {
    ns: NS.ov,
    children: [
      ['Label', 'ResourceRef', 1, 1],
      ['Icon', 'IconList', 1, 1],
      ['Control', { xsi: { Button: 'Button', Menu: 'Menu' } }, 1, U],
    ],
    attrs: { id: REQ },
  },
  // UIControl: Label, Supertip; UIControlWithIcon adds Icon; Button adds Action, Menu adds Items.
  Button: {
    ns: NS.ov,
    children: [
      ['Label', 'ResourceRef', 1, 1],
      ['Supertip', 'Supertip', 1, 1],
      ['Icon', 'IconList', 1, 1],
      ['Action', { xsi: { ShowTaskpane: 'ShowTaskpane', ExecuteFunction: 'ExecuteFunction' } }, 1, 1],
    ],
    attrs: { id: REQ },
  },
  Menu: {
    ns: NS.ov,
    children: [
      ['Label', 'ResourceRef', 1, 1],
      ['Supertip', 'Supertip', 1, 1],
      ['Icon', 'IconList', 1, 1],
      ['Items', 'MenuItems', 1, 1],
    ],
    attrs: { id: REQ },
  },
  MenuItems: { ns: NS.ov, children: [['Item', { xsi: { MenuItem: 'MenuItem' }, default: 'MenuItem' }, 1, U]], attrs: {} },
  MenuItem: {
    ns: NS.ov,
    children: [
      ['Label', 'ResourceRef', 1, 1],
      ['Supertip', 'Supertip', 1, 1],
      ['Icon', 'IconList', 0, 1],
      ['Action', { xsi: { ShowTaskpane: 'ShowTaskpane', ExecuteFunction: 'ExecuteFunction' } }, 1, 1],
    ],
    attrs: { id: REQ },
  },
  Supertip: { ns: NS.ov, children: [['Title', 'ResourceRef', 1, 1], ['Description', 'ResourceRef', 1, 1]], attrs: {} },
  ShowTaskpane: {
    ns: NS.ov,
    children: [
      ['TaskpaneId', 'ShortString', 0, 1],
      ['SourceLocation', 'ResourceRef', 1, 1],
      ['Title', 'ResourceRef', 0, 1],
    ],
    attrs: {},
  },
  ExecuteFunction: { ns: NS.ov, children: [['FunctionName', 'LongString', 1, 1]], attrs: {} },

  // OfficeAppBasicTypesV1_0.xsd.
  ResourceRef: resourceRef,
  IconList: { ns: NS.bt, children: [['Image', 'ImageRef', 1, U]], attrs: {} },
  ImageRef: { ns: NS.bt, children: [], attrs: { resid: REQ, size: REQ } },
  BtRequirements: { ns: NS.bt, children: [['Sets', 'BtSets', 1, 1]], attrs: {} },
  BtSets: { ns: NS.bt, children: [['Set', 'BtVersionedRequirement', 1, U]], attrs: { DefaultMinVersion: OPT } },
  BtVersionedRequirement: { ns: NS.bt, children: [], attrs: { Name: REQ, MinVersion: OPT } },
  Resources: {
    ns: NS.bt,
    children: [
      ['Images', 'ImageResources', 0, 1],
      ['Urls', 'URLResources', 0, 1],
      ['ShortStrings', 'ShortStringResources', 0, 1],
      ['LongStrings', 'LongStringResources', 0, 1],
    ],
    attrs: {},
  },
  ImageResources: { ns: NS.bt, children: [['Image', 'ImageWithId', 0, U]], attrs: {} },
  URLResources: { ns: NS.bt, children: [['Url', 'UrlWithId', 0, U]], attrs: {} },
  ShortStringResources: { ns: NS.bt, children: [['String', 'ShortStringWithId', 0, U]], attrs: {} },
  LongStringResources: { ns: NS.bt, children: [['String', 'LongStringWithId', 0, U]], attrs: {} },
  ImageWithId: withId('URL'),
  UrlWithId: withId('URL'),
  ShortStringWithId: withId('ShortString'),
  LongStringWithId: withId('LongString'),
  BtLocaleOverride_URL: { ns: NS.bt, children: [], attrs: { Locale: REQ, Value: REQ } },
  BtLocaleOverride_ShortString: { ns: NS.bt, children: [], attrs: { Locale: REQ, Value: REQ } },
  BtLocaleOverride_LongString: { ns: NS.bt, children: [], attrs: { Locale: REQ, Value: REQ } },

  Lax: { lax: true },
};

/** Attribute values the schema restricts, by attribute name (the same simple type wherever it appears here). */
const ATTR_VALUES = {
  Locale: 'CultureName',
  resid: 'ReferenceId',
  id: 'ShortString',
  size: 'Integer',
  MinVersion: 'ShortVersion',
  DefaultMinVersion: 'ShortVersion',
};

/** The document element. */
const ROOT = { name: 'OfficeApp', ns: NS.app, type: { xsi: { TaskPaneApp: 'TaskPaneApp' } } };

module.exports = { NS, TYPES, SIMPLE, ATTR_VALUES, ROOT };
