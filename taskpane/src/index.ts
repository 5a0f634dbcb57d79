/// <reference types="office-js" />
import { App } from './app';
import { computeScoresCommand } from './commands';
import { excelRun, excelRunIn, supportsMinimum, supportsTriggerSource } from './office-env';
import { scorerFor } from './scoring';
import { registerWorksheetFunctions } from './worksheet-functions';
import { installRollupReview } from './rollup-review';

let appReady: (a: App | null) => void = () => undefined;
/** The pane once it exists (null where it cannot run): a ribbon click during start-up waits for it. */
const paneApp = new Promise<App | null>((resolve) => (appReady = resolve));

Office.onReady(async (info) => {
  const status = document.getElementById('status');
  // The worksheet functions first: Excel may have loaded this page only to calculate them.
  try {
    await registerWorksheetFunctions();
  } catch (e) {
    console.error('注册 JIXIAO 工作表函数失败', e);
  }
  Office.actions.associate('computeScores', computeScoresCommand(() => paneApp));
  if (info.host !== Office.HostType.Excel) {
    if (status) status.textContent = '请在 Excel 中打开本加载项。 / Please open this add-in in Excel.';
    appReady(null);
    return;
  }
  if (!supportsMinimum()) {
    if (status) status.textContent = '此版本的 Excel 不支持本加载项（需要 ExcelApi 1.13 及以上，如 Microsoft 365 或 Excel 网页版）。';
    appReady(null);
    return;
  }
  const app = new App({ run: excelRun, runInContext: excelRunIn, triggerSourceSupported: supportsTriggerSource(), scorerFor });
  (window as unknown as { jixiaoApp?: App }).jixiaoApp = app;
  appReady(app);
  void app.start();
  installRollupReview(document, excelRun, app.session);
});
