/** The .xlsx host: reads workbooks into grids for src/sheet/, and applies write plans surgically. */
export { readXlsxWorkbook, type XlsxBook, type ReadXlsxOptions } from './read';
export { writeXlsxWorkbook, applyPlanToXlsx, type XlsxWriteTarget } from './write';
export { XlsxReadError, XlsxWriteError, type XlsxReadErrorCode, type XlsxWriteErrorCode } from './errors';
export { encodeStateXml, decodeStateXml } from '../state-xml';
