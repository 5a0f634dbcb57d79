/// <reference types="office-js" />
import { App } from './app';
import { excelRun, excelRunIn, supportsMinimum, supportsTriggerSource } from './office-env';
import { scorerFor } from './scoring';

Office.onReady((info) => {
  const status = document.getElementById('status');
  if (info.host !== Office.HostType.Excel) {
    if (status) status.textContent = '请在 Excel 中打开本加载项。 / Please open this add-in in Excel.';
    return;
  }
  if (!supportsMinimum()) {
    if (status) status.textContent = '此版本的 Excel 不支持本加载项（需要 ExcelApi 1.13 及以上，如 Microsoft 365 或 Excel 网页版）。';
    return;
  }
  const app = new App({ run: excelRun, runInContext: excelRunIn, triggerSourceSupported: supportsTriggerSource(), scorerFor });
  (window as unknown as { jixiaoApp?: App }).jixiaoApp = app;
  void app.start();
});
