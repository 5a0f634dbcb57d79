/**
 * Page-side fake Office host for the browser test: served in place of office.js, it puts an
 * `Office` and an `Excel` global on the page backed by the in-repo fake workbook.
 */
import { FakeWorkbook, type FakeBookJson } from '../excel/fake-excel';

declare global {
  interface Window {
    __JIXIAO_BOOK__: FakeBookJson;
    __JIXIAO_API_MINOR__?: number;
    __fakeExcel: FakeWorkbook;
  }
}

const wb = FakeWorkbook.fromJSON(window.__JIXIAO_BOOK__);
wb.apiMinor = window.__JIXIAO_API_MINOR__ ?? 14;
window.__fakeExcel = wb;

const ready = Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' });
const w = window as unknown as Record<string, unknown>;
w.Office = {
  HostType: { Excel: 'Excel' },
  onReady(cb?: (info: { host: string; platform: string }) => void) {
    return ready.then((info) => {
      cb?.(info);
      return info;
    });
  },
  context: {
    requirements: {
      isSetSupported(name: string, version: string) {
        const minor = Number(String(version).split('.')[1] ?? 0);
        return name === 'ExcelApi' && minor <= wb.apiMinor;
      },
    },
  },
  actions: { associate() {} },
};
w.Excel = {
  run(a: unknown, b?: unknown) {
    if (typeof a === 'function') return wb.run(a as never);
    return (b as (ctx: unknown) => Promise<unknown>)(a);
  },
};
