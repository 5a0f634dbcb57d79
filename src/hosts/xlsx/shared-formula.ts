import { columnLetters } from '../../sheet/a1';

/** Candidate references: optional sheet, then a name-like token, unless it is a function name (followed by '('). */
const CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * A shared formula as it reads in one of its cells: relative references of the master's formula
 * moved by the distance from the master cell (what Excel shows in that cell).
 */
export function slideFormula(formula: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string {
  return formula.replace(CANDIDATE, (match: string, sheet: string | undefined, _name: string, token: string, paren: string | undefined) => {
    if (paren) return match;
    const m = CELL.exec(token);
    if (!m) return match;
    const letters = m[2].toUpperCase();
    // Beyond XFD it is a name, not a column.
    if (letters.length > 3 || (letters.length === 3 && letters > 'XFD')) return match;
    const col = m[1] ? columnNumber(letters) : columnNumber(letters) + toCol - fromCol;
    const row = m[3] ? Number(m[4]) : Number(m[4]) + toRow - fromRow;
    return `${sheet ?? ''}${m[1] ?? ''}${columnLetters(col)}${m[3] ?? ''}${row}`;
  });
}
