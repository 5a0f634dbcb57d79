/// <reference types="office-js" />
import type { App } from './app';

/**
 * Ribbon 计算得分. In the shared runtime the ribbon runs in the task pane's page (FunctionFile is
 * taskpane.html), so the button goes through the pane itself: same profile, same 以公式写入 choice,
 * same queue as the pane's own button, even while the pane is hidden.
 */
export function computeScoresCommand(app: () => Promise<App | null>) {
  return async (event: Office.AddinCommands.Event): Promise<void> => {
    try {
      const a = await app();
      if (a) await a.compute();
    } catch (e) {
      // A function command has no UI: the pane shows the details when opened.
      console.error('计算得分失败', e);
    } finally {
      event.completed();
    }
  };
}
