/// <reference types="office-js" />
import type { App } from './app';

/** Brings the pane forward where the host can (Office.addin, shared runtime), so the error is seen. */
async function showPane(): Promise<void> {
  try {
    await (Office as unknown as { addin?: { showAsTaskpane(): Promise<void> } }).addin?.showAsTaskpane();
  } catch (e) {
    console.error('无法打开任务窗格', e);
  }
}

/**
 * Ribbon 计算得分. In the shared runtime the ribbon runs in the task pane's page (FunctionFile is
 * taskpane.html), so the button goes through the pane itself: same profile, same 以公式写入 choice,
 * same queue as the pane's own button, even while the pane is hidden. A compute that fails opens
 * the pane, where the error and 重试 are shown.
 */
export function computeScoresCommand(app: () => Promise<App | null>) {
  return async (event: Office.AddinCommands.Event): Promise<void> => {
    try {
      const a = await app();
      const ok = a ? await a.compute() : false;
      if (!ok) await showPane();
    } catch (e) {
      console.error('计算得分失败', e);
      await showPane();
    } finally {
      event.completed();
    }
  };
}
