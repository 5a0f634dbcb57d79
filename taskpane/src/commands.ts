/// <reference types="office-js" />
import { ExcelSession } from '../../src/hosts/excel';
import { SETTING_CUSTOM_PROFILE, SETTING_KEYS, SETTING_PROFILE, isChoice, profileFor } from './profile-choice';
import { excelRun, supportsTriggerSource } from './office-env';
import { scorerFor } from './scoring';

/** Ribbon 计算得分: scores the workbook without opening the pane, with the workbook's saved profile. */
async function computeScores(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const session = new ExcelSession(excelRun, { settingKeys: SETTING_KEYS, triggerSourceSupported: supportsTriggerSource() });
    const layout = await session.prepare();
    const saved = layout.settings[SETTING_PROFILE];
    const custom = layout.settings[SETTING_CUSTOM_PROFILE];
    const { profile } = profileFor(isChoice(saved) ? saved : 'auto', typeof custom === 'string' ? custom : null);
    await session.recompute(scorerFor(profile));
  } catch (e) {
    // A function command has no UI: the pane shows the details when opened.
    console.error('计算得分失败', e);
  } finally {
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate('computeScores', computeScores);
});
