/**
 * Page-side fake Office host for the browser test: served in place of office.js, it puts an
 * `Office` and an `Excel` global on the page backed by the in-repo fake workbook.
 */
import { FakeWorkbook, type FakeBookJson } from '../excel/fake-excel';
import type { CustomFunctionEntry } from '../excel/formula-eval';
import { NAMESPACE, registryEntry } from '../excel/jixiao-functions';

declare global {
  interface Window {
    __JIXIAO_BOOK__: FakeBookJson;
    __JIXIAO_API_MINOR__?: number;
    __fakeExcel: FakeWorkbook;
    /** Ids the page associated through CustomFunctions.associate, in order. */
    __associated: string[];
    /** Office.context.officeTheme at load; __setOfficeTheme changes it and raises OfficeThemeChanged. */
    __JIXIAO_THEME__?: Record<string, string>;
    __setOfficeTheme: (t: Record<string, string>) => void;
    __paneShown: number;
    /** Ribbon commands the page associated (Office.actions.associate). */
    __actions: Record<string, (event: { completed(): void }) => Promise<void>>;
  }
}

const wb = FakeWorkbook.fromJSON(window.__JIXIAO_BOOK__);
wb.apiMinor = window.__JIXIAO_API_MINOR__ ?? 14;
window.__fakeExcel = wb;
window.__associated = [];
// The shared runtime: formulas in the workbook call what the page associates, nothing else.
wb.functions = {};

const ready = Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' });
const w = window as unknown as Record<string, unknown>;
const themeHandlers: ((a: unknown) => void)[] = [];
const context = {
  officeTheme: window.__JIXIAO_THEME__ ?? { bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#242424', controlBackgroundColor: '#FFFFFF', controlForegroundColor: '#242424' },
  requirements: {
    isSetSupported(name: string, version: string) {
      const minor = Number(String(version).split('.')[1] ?? 0);
      return name === 'ExcelApi' && minor <= wb.apiMinor;
    },
  },
  document: {
    addHandlerAsync(type: string, h: (a: unknown) => void) {
      if (type === 'officeThemeChanged') themeHandlers.push(h);
    },
  },
};
window.__setOfficeTheme = (t) => {
  context.officeTheme = t as typeof context.officeTheme;
  for (const h of themeHandlers) h({ type: 'officeThemeChanged', officeTheme: t });
};
window.__paneShown = 0;
window.__actions = {};
w.Office = {
  HostType: { Excel: 'Excel' },
  EventType: { OfficeThemeChanged: 'officeThemeChanged' },
  addin: {
    showAsTaskpane() {
      window.__paneShown++;
      return Promise.resolve();
    },
  },
  onReady(cb?: (info: { host: string; platform: string }) => void) {
    return ready.then((info) => {
      cb?.(info);
      return info;
    });
  },
  context,
  actions: {
    associate(id: string, fn: (event: { completed(): void }) => Promise<void>) {
      window.__actions[id] = fn;
    },
  },
};
class FakeCfError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}
w.CustomFunctions = {
  Error: FakeCfError,
  ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' },
  associate(id: string, fn: CustomFunctionEntry['fn']) {
    window.__associated.push(id);
    wb.functions[`${NAMESPACE}.${id.toUpperCase()}`] = registryEntry(id.toUpperCase(), fn);
    wb.markDirty();
  },
};
w.Excel = {
  run(a: unknown, b?: unknown) {
    if (typeof a === 'function') return wb.run(a as never);
    return (b as (ctx: unknown) => Promise<unknown>)(a);
  },
};
