/// <reference types="office-js" />
import { App } from './app';
import { computeScoresCommand } from './commands';
import { excelRun, excelRunIn, supportsMinimum, supportsTriggerSource } from './office-env';
import { scorerFor } from './scoring';
import { followOfficeTheme } from './theme';
import { registerWorksheetFunctions } from './worksheet-functions';
import { installRollupReview } from './rollup-review';
import { errors } from '../../src/sheet/errors';

/** How long Office may take to initialise before the pane says it cannot reach Excel. */
const OFFICE_TIMEOUT_MS = 15_000;

let appReady: (a: App | null) => void = () => undefined;
/** The pane once it exists (null where it cannot run): a ribbon click during start-up waits for it. */
const paneApp = new Promise<App | null>((resolve) => (appReady = resolve));

/** The 无法连接 Excel state: what is wrong and what to do, with every control off. */
function cannotConnect(reason: string): void {
  const bar = document.getElementById('state-bar');
  if (bar) {
    bar.hidden = false;
    bar.className = 'msg error';
    bar.replaceChildren();
    const title = document.createElement('p');
    title.className = 'msg-title';
    title.textContent = `无法连接 Excel：${reason}`;
    const what = document.createElement('p');
    what.className = 'msg-text';
    what.textContent =
      '请在 Excel（桌面版或网页版）中通过“开始 → 绩效自评 → 打开助手”打开本加载项。若单位网络无法访问微软的服务器（appsforoffice.microsoft.com），请管理员用 OFFICE_JS_LOCAL=1 npm run build 重新构建（office.js 随加载项一起发布）后重新部署。';
    bar.append(title, what);
  }
  const status = document.getElementById('status');
  if (status) status.textContent = '未连接 Excel。';
  document.body.classList.add('disconnected');
  document.querySelectorAll<HTMLButtonElement | HTMLSelectElement | HTMLInputElement>("button, select, input").forEach((c) => (c.disabled = true));
  appReady(null);
}

function notice(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

if (typeof Office === 'undefined') {
  cannotConnect(errors.officeMissing().message);
} else {
  let ready = false;
  const timer = setTimeout(() => {
    if (!ready) cannotConnect(errors.officeTimeout(OFFICE_TIMEOUT_MS / 1000).message);
  }, OFFICE_TIMEOUT_MS);
  void Office.onReady(async (info) => {
    ready = true;
    clearTimeout(timer);
    followOfficeTheme(document);
    // The worksheet functions first: Excel may have loaded this page only to calculate them.
    try {
      await registerWorksheetFunctions();
    } catch (e) {
      console.error('注册 JIXIAO 工作表函数失败', e);
    }
    Office.actions.associate('computeScores', computeScoresCommand(() => paneApp));
    if (info.host !== Office.HostType.Excel) {
      cannotConnect(errors.notExcel().message);
      return;
    }
    if (!supportsMinimum()) {
      notice(errors.excelTooOld().message);
      appReady(null);
      return;
    }
    const app = new App({ run: excelRun, runInContext: excelRunIn, triggerSourceSupported: supportsTriggerSource(), scorerFor });
    (window as unknown as { jixiaoApp?: App }).jixiaoApp = app;
    appReady(app);
    void app.start();
    installRollupReview(document, excelRun, app.session, () => app.chosenProfile());
  });
}
