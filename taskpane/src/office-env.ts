/// <reference types="office-js" />
import type { ExcelRunner } from '../../src/hosts/excel';

/** The Office globals the pane needs, in one place (the browser test swaps in a fake host). */
export const excelRun: ExcelRunner = (fn) => Excel.run((ctx) => fn(ctx));

export const excelRunIn = (ctx: Excel.RequestContext, fn: (ctx: Excel.RequestContext) => Promise<void>): Promise<void> =>
  Excel.run(ctx, (c) => fn(c as Excel.RequestContext));

export function supportsTriggerSource(): boolean {
  return Office.context.requirements.isSetSupported('ExcelApi', '1.14');
}

export function supportsMinimum(): boolean {
  return Office.context.requirements.isSetSupported('ExcelApi', '1.13');
}
