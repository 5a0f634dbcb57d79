/// <reference types="custom-functions-runtime" />
/**
 * The JIXIAO worksheet functions live in the task pane's page: the manifest runs the pane, the
 * ribbon and the functions in one shared runtime, so the profile picked in the pane is the one
 * a formula without a profile argument uses (setDefaultProfile in src/functions).
 */

const FLAG = '__jixiaoFunctionsRegistered';
type Flagged = { [FLAG]?: 'pane' | 'script' };

/** Who registered the functions on this page, if anyone. */
export function registeredBy(): 'pane' | 'script' | undefined {
  return (globalThis as Flagged)[FLAG];
}

export async function registerWorksheetFunctions(by: 'pane' | 'script' = 'pane'): Promise<boolean> {
  if (typeof CustomFunctions === 'undefined') return false;
  // The pane's registration wins: its module instance holds the profile picked in the pane.
  if (by === 'script' && registeredBy() === 'pane') return false;
  // Loaded only here: the build (custom-functions-metadata-plugin) appends CustomFunctions.associate
  // calls to this module, which must not run where Excel provides no custom-functions runtime.
  const cf = await import(/* webpackMode: "eager" */ '../../src/functions/custom-functions');
  if (by === 'script' && registeredBy() === 'pane') return false;
  cf.registerCustomFunctions();
  (globalThis as Flagged)[FLAG] = by;
  return true;
}
