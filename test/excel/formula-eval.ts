/**
 * A small Excel formula evaluator for the fake host: enough of Excel's grammar and coercion
 * rules to compute the formulas the add-in writes (cell and range references, numbers, strings,
 * + - * / ^ &, comparisons, SUM IF MIN MAX ROUND ABS AND OR) and to call custom functions the
 * way Excel calls them (an omitted argument is null, an empty cell is "", a range given to a
 * matrix parameter is a 2-D array, an error argument short-circuits the call, a thrown error
 * becomes an error value). Anything else evaluates to #NAME?, as an unknown name does in Excel.
 *
 * No Node imports: bundled into the browser test page with the fake.
 */

export type Scalar = number | string | boolean | null;

/** An Excel error value (#VALUE!, #N/A …). Cells store it as its code text. */
export class XlError {
  constructor(readonly code: string) {}
}

export type Value = Scalar | XlError;

export const ERROR_CODES = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#BUSY!', '#CALC!'] as const;

const ERROR_SET = new Set<string>(ERROR_CODES);

export function isErrorText(v: unknown): v is string {
  return typeof v === 'string' && ERROR_SET.has(v);
}

/** A custom function as Excel knows it from functions.json: the code and which parameters take a range. */
export interface CustomFunctionEntry {
  fn: (...args: never[]) => unknown;
  /** Indexes of parameters declared with dimensionality "matrix" (TypeScript `any[][]`). */
  matrix?: number[];
}

/** Full upper-case name (`JIXIAO.SCORE`) → entry. */
export type FunctionRegistry = Record<string, CustomFunctionEntry>;

/** What the evaluator needs from the workbook: the current value of a cell (null when empty). */
export interface CellSource {
  value(sheet: string, row: number, col: number): Value | undefined;
}

export interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

type Node =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'ref'; sheet: string | null; area: Area; single: boolean }
  | { t: 'call'; name: string; args: (Node | null)[] }
  | { t: 'neg'; a: Node }
  | { t: 'pct'; a: Node }
  | { t: 'bin'; op: string; a: Node; b: Node };

class ParseError extends Error {}

// ---------- tokenizer ----------

type Token =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'ref'; sheet: string | null; text: string }
  | { k: 'fn'; name: string }
  | { k: 'bool'; v: boolean }
  | { k: 'op'; v: string };

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const REF_RE = new RegExp(`^(${CELL})(?::(${CELL}))?`);
const SHEET_RE = /^(?:'((?:[^']|'')+)'|([\p{L}\p{N}_.]+))!/u;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new ParseError('unterminated string');
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j++];
      }
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    const sheet = SHEET_RE.exec(rest);
    if (sheet) {
      const after = rest.slice(sheet[0].length);
      const ref = REF_RE.exec(after);
      if (!ref) throw new ParseError(`bad reference after ${sheet[0]}`);
      out.push({ k: 'ref', sheet: sheet[1] !== undefined ? sheet[1].replace(/''/g, "'") : sheet[2], text: ref[0] });
      i += sheet[0].length + ref[0].length;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const fn = /^([A-Za-z_][A-Za-z0-9_.]*)\s*\(/.exec(rest);
    if (fn) {
      out.push({ k: 'fn', name: fn[1].toUpperCase() });
      i += fn[0].length;
      continue;
    }
    const ref = REF_RE.exec(rest);
    if (ref && !/^[A-Za-z0-9_.]/.test(rest.slice(ref[0].length))) {
      out.push({ k: 'ref', sheet: null, text: ref[0] });
      i += ref[0].length;
      continue;
    }
    const bool = /^(TRUE|FALSE)\b/i.exec(rest);
    if (bool) {
      out.push({ k: 'bool', v: bool[1].toUpperCase() === 'TRUE' });
      i += bool[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>%(),])/.exec(rest);
    if (op) {
      out.push({ k: 'op', v: op[1] });
      i += op[1].length;
      continue;
    }
    throw new ParseError(`unexpected “${ch}”`);
  }
  return out;
}

function cellOf(text: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(text)!;
  let col = 0;
  for (const c of m[1].toUpperCase()) col = col * 26 + c.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

function areaOf(text: string): { area: Area; single: boolean } {
  const [a, b] = text.split(':');
  const p = cellOf(a);
  const q = b ? cellOf(b) : p;
  return {
    area: { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) },
    single: !b,
  };
}

// ---------- parser (Excel precedence: comparison < & < + - < * / < ^ < % < unary -) ----------

function parse(src: string): Node {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (v: string) => peek()?.k === 'op' && (peek() as { v: string }).v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new ParseError(`expected ${v}`);
    pos++;
  };

  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let a = next();
    while (peek()?.k === 'op' && ops.includes((peek() as { v: string }).v)) {
      const op = (toks[pos++] as { v: string }).v;
      a = { t: 'bin', op, a, b: next() };
    }
    return a;
  };

  const primary = (): Node => {
    const tk = toks[pos++];
    if (!tk) throw new ParseError('unexpected end');
    switch (tk.k) {
      case 'num':
        return { t: 'num', v: tk.v };
      case 'str':
        return { t: 'str', v: tk.v };
      case 'bool':
        return { t: 'bool', v: tk.v };
      case 'ref': {
        const { area, single } = areaOf(tk.text);
        return { t: 'ref', sheet: tk.sheet, area, single };
      }
      case 'fn': {
        const args: (Node | null)[] = [];
        if (isOp(')')) {
          pos++;
          return { t: 'call', name: tk.name, args };
        }
        for (;;) {
          args.push(isOp(',') || isOp(')') ? null : comparison());
          if (isOp(',')) {
            pos++;
            continue;
          }
          expectOp(')');
          return { t: 'call', name: tk.name, args };
        }
      }
      case 'op':
        if (tk.v === '(') {
          const e = comparison();
          expectOp(')');
          return e;
        }
        if (tk.v === '-') return { t: 'neg', a: unary() };
        if (tk.v === '+') return unary();
        throw new ParseError(`unexpected ${tk.v}`);
    }
  };
  const unary = (): Node => {
    if (isOp('-')) {
      pos++;
      return { t: 'neg', a: unary() };
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    return primary();
  };
  const percent = (): Node => {
    let a = unary();
    while (isOp('%')) {
      pos++;
      a = { t: 'pct', a };
    }
    return a;
  };
  const power = binary(percent, ['^']);
  const product = binary(power, ['*', '/']);
  const sum = binary(product, ['+', '-']);
  const concat = binary(sum, ['&']);
  const comparison = binary(concat, ['=', '<>', '<', '>', '<=', '>=']);

  const node = comparison();
  if (pos !== toks.length) throw new ParseError('trailing input');
  return node;
}

const parsed = new Map<string, Node | ParseError>();

function parseCached(formula: string): Node | ParseError {
  let n = parsed.get(formula);
  if (!n) {
    try {
      n = parse(formula);
    } catch (e) {
      n = e instanceof ParseError ? e : new ParseError(String(e));
    }
    parsed.set(formula, n);
  }
  return n;
}

/** The cells a formula refers to (for tests and dependency questions); null when it does not parse. */
export function references(formula: string): { sheet: string | null; area: Area }[] | null {
  const n = parseCached(formula);
  if (n instanceof ParseError) return null;
  const out: { sheet: string | null; area: Area }[] = [];
  const walk = (x: Node | null): void => {
    if (!x) return;
    if (x.t === 'ref') out.push({ sheet: x.sheet, area: x.area });
    else if (x.t === 'call') x.args.forEach(walk);
    else if (x.t === 'neg' || x.t === 'pct') walk(x.a);
    else if (x.t === 'bin') {
      walk(x.a);
      walk(x.b);
    }
  };
  walk(n);
  return out;
}

// ---------- evaluation ----------

type Range = { range: Value[][] };
type Result = Value | Range;

const isRange = (v: Result): v is Range => typeof v === 'object' && v !== null && 'range' in v;
const err = (code: string) => new XlError(code);

function toNumber(v: Value): number | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = v.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?$/.test(t)) return t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  return err('#VALUE!');
}

function toBool(v: Value): boolean | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const t = v.trim().toUpperCase();
  if (t === 'TRUE') return true;
  if (t === 'FALSE') return false;
  return err('#VALUE!');
}

function toText(v: Value): string | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'number' ? String(Number(v.toPrecision(15))) : v;
}

/** Excel's ordering across types: numbers < text < logicals; an empty cell is 0 or "" as needed. */
function compare(a: Value, b: Value): number {
  const rank = (x: Scalar) => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : 2);
  let x = a as Scalar;
  let y = b as Scalar;
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'string') {
    const p = x.toLowerCase();
    const q = (y as string).toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const p = Number(x);
  const q = Number(y);
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Half away from zero, as ROUND does, done on the 15-digit decimal text to avoid binary noise. */
function round(x: number, digits: number): number {
  const d = Math.trunc(digits);
  const m = Math.pow(10, d);
  const scaled = Number((Math.abs(x) * m).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / m;
}

const CF_ERROR: Record<string, string> = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
};

function thrownToError(e: unknown): XlError {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (ERROR_SET.has(code)) return err(code);
    if (CF_ERROR[code]) return err(CF_ERROR[code]);
  }
  return err('#VALUE!');
}

export interface EvalContext {
  /** The sheet the formula is on (unqualified references). */
  sheet: string;
  cells: CellSource;
  functions: FunctionRegistry;
  sheetExists(name: string): boolean;
}

/** Evaluates one formula (text without '='); the result is what the cell shows. */
export function evaluate(formula: string, ctx: EvalContext): Value {
  const node = parseCached(formula);
  if (node instanceof ParseError) return err('#NAME?');
  const r = ev(node, ctx);
  if (isRange(r)) {
    // A reference to one cell shows that cell; an empty one shows 0.
    if (r.range.length === 1 && r.range[0].length === 1) return r.range[0][0] ?? 0;
    return err('#VALUE!');
  }
  return r === null ? 0 : r;
}

function readRange(n: Extract<Node, { t: 'ref' }>, ctx: EvalContext): Range | XlError {
  const sheet = n.sheet ?? ctx.sheet;
  if (!ctx.sheetExists(sheet)) return err('#REF!');
  const rows: Value[][] = [];
  for (let r = n.area.top; r <= n.area.bottom; r++) {
    const line: Value[] = [];
    for (let c = n.area.left; c <= n.area.right; c++) {
      const v = ctx.cells.value(sheet, r, c);
      line.push(v === undefined || v === '' ? null : isErrorText(v) ? err(v) : v);
    }
    rows.push(line);
  }
  return { range: rows };
}

function scalar(r: Result): Value {
  if (!isRange(r)) return r;
  return r.range.length === 1 && r.range[0].length === 1 ? r.range[0][0] : err('#VALUE!');
}

function ev(n: Node, ctx: EvalContext): Result {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'str':
      return n.v;
    case 'bool':
      return n.v;
    case 'ref':
      return readRange(n, ctx);
    case 'neg': {
      const v = toNumber(scalar(ev(n.a, ctx)));
      return v instanceof XlError ? v : -v;
    }
    case 'pct': {
      const v = toNumber(scalar(ev(n.a, ctx)));
      return v instanceof XlError ? v : v / 100;
    }
    case 'bin':
      return binaryOp(n.op, scalar(ev(n.a, ctx)), scalar(ev(n.b, ctx)));
    case 'call':
      return call(n.name, n.args, ctx);
  }
}

function binaryOp(op: string, a: Value, b: Value): Value {
  if (a instanceof XlError) return a;
  if (b instanceof XlError) return b;
  if (op === '&') return (toText(a) as string) + (toText(b) as string);
  if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
    const c = compare(a, b);
    return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x instanceof XlError) return x;
  if (y instanceof XlError) return y;
  let out: number;
  if (op === '+') out = x + y;
  else if (op === '-') out = x - y;
  else if (op === '*') out = x * y;
  else if (op === '/') {
    if (y === 0) return err('#DIV/0!');
    out = x / y;
  } else out = Math.pow(x, y);
  return Number.isFinite(out) ? out : err('#NUM!');
}

/** Numbers of the arguments the way SUM, MIN and MAX take them: text and logicals inside a range are skipped. */
function numbersOf(args: (Node | null)[], ctx: EvalContext): number[] | XlError {
  const out: number[] = [];
  for (const a of args) {
    if (!a) continue;
    const r = ev(a, ctx);
    if (r instanceof XlError) return r;
    if (isRange(r)) {
      for (const line of r.range) {
        for (const v of line) {
          if (v instanceof XlError) return v;
          if (typeof v === 'number') out.push(v);
        }
      }
      continue;
    }
    const x = toNumber(r);
    if (x instanceof XlError) return x;
    out.push(x);
  }
  return out;
}

function call(name: string, args: (Node | null)[], ctx: EvalContext): Result {
  switch (name) {
    case 'SUM': {
      const xs = numbersOf(args, ctx);
      return xs instanceof XlError ? xs : xs.reduce((s, x) => s + x, 0);
    }
    case 'MIN':
    case 'MAX': {
      const xs = numbersOf(args, ctx);
      if (xs instanceof XlError) return xs;
      if (!xs.length) return 0;
      return name === 'MIN' ? Math.min(...xs) : Math.max(...xs);
    }
    case 'ABS': {
      const x = toNumber(scalar(args[0] ? ev(args[0], ctx) : null));
      return x instanceof XlError ? x : Math.abs(x);
    }
    case 'ROUND': {
      if (args.length !== 2) return err('#VALUE!');
      const x = toNumber(scalar(args[0] ? ev(args[0], ctx) : null));
      const d = toNumber(scalar(args[1] ? ev(args[1], ctx) : null));
      if (x instanceof XlError) return x;
      if (d instanceof XlError) return d;
      return round(x, d);
    }
    case 'IF': {
      if (args.length < 2 || args.length > 3) return err('#VALUE!');
      const c = toBool(scalar(args[0] ? ev(args[0], ctx) : null));
      if (c instanceof XlError) return c;
      const pick = c ? args[1] : args[2];
      if (pick === undefined) return false;
      return pick === null ? 0 : ev(pick, ctx);
    }
    case 'AND':
    case 'OR': {
      const bs: boolean[] = [];
      for (const a of args) {
        const b = toBool(scalar(a ? ev(a, ctx) : null));
        if (b instanceof XlError) return b;
        bs.push(b);
      }
      return name === 'AND' ? bs.every(Boolean) : bs.some(Boolean);
    }
  }
  const entry = ctx.functions[name];
  if (!entry) return err('#NAME?');
  return callCustom(entry, args, ctx);
}

function callCustom(entry: CustomFunctionEntry, args: (Node | null)[], ctx: EvalContext): Value {
  const declared = Math.max(entry.fn.length, args.length);
  const values: unknown[] = [];
  for (let i = 0; i < declared; i++) {
    const a = args[i];
    if (a === undefined || a === null) {
      values.push(null);
      continue;
    }
    const r = ev(a, ctx);
    if (r instanceof XlError) return r;
    if (entry.matrix?.includes(i)) {
      const rows = isRange(r) ? r.range : [[r]];
      for (const line of rows) for (const v of line) if (v instanceof XlError) return v;
      values.push(rows.map((line) => line.map((v) => (v === null ? '' : v))));
      continue;
    }
    const v = scalar(r);
    if (v instanceof XlError) return v;
    values.push(v === null ? '' : v);
  }
  try {
    const out = (entry.fn as (...a: unknown[]) => unknown)(...values);
    if (typeof out === 'number') return Number.isFinite(out) ? out : err('#NUM!');
    if (typeof out === 'string' || typeof out === 'boolean') return out;
    if (out === null || out === undefined) return 0;
    return err('#VALUE!');
  } catch (e) {
    return thrownToError(e);
  }
}
