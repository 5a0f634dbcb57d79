/**
 * Values inside messages, printed with a bound: a cell or a JSON field can hold megabytes or nest
 * thousands of levels deep, and a message must neither grow with it nor recurse into it.
 */
const MAX_TEXT = 60;
const MAX_ITEMS = 5;
const MAX_DEPTH = 3;

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…（共 ${s.length} 个字符）` : s;
}

/** A cell value as a person typed it (`≥90%`), cut when long. */
export function show(v: unknown): string {
  if (typeof v === 'string') return cut(v, MAX_TEXT);
  if (v === null || v === undefined || typeof v !== 'object') return String(v);
  return showJson(v);
}

/** A JSON value as JSON text (`"beijing"`, `{"met": 0.8}`), at most a few levels and items deep. */
export function showJson(v: unknown): string {
  const s = jsonish(v, MAX_DEPTH);
  return s.length > MAX_TEXT * 2 ? `${s.slice(0, MAX_TEXT * 2)}…` : s;
}

function jsonish(v: unknown, depth: number): string {
  if (typeof v === 'string') return JSON.stringify(cut(v, MAX_TEXT));
  if (v === null || typeof v !== 'object') return String(v);
  const isArray = Array.isArray(v);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const parts: string[] = [];
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    if (depth === 0 || parts.length === MAX_ITEMS) {
      parts.push('…');
      break;
    }
    const item = jsonish((v as Record<string, unknown>)[key], depth - 1);
    parts.push(isArray ? item : `${JSON.stringify(cut(key, MAX_TEXT))}:${item}`);
  }
  return `${open}${parts.join(',')}${close}`;
}

/** A decimal in a message: plain digits, or an exponent when that would be longer than a line (1e308). */
export function showDec(x: { toFixed(): string; toExponential(dp?: number): string }): string {
  const plain = x.toFixed();
  return plain.length > 24 ? x.toExponential(6).replace(/\.?0+e/, 'e') : plain;
}
