/// <reference types="office-js" />
/**
 * functions.js, the script the manifest's CustomFunctions extension point names. In the shared
 * runtime Excel loads taskpane.html (the <Page>), whose bundle registers the functions; this
 * script registers them only where nothing else did, and never replaces the pane's registration,
 * which carries the profile picked in the pane.
 */
import { registerWorksheetFunctions } from './worksheet-functions';

void Office.onReady(() => registerWorksheetFunctions('script'));
