/**
 * An in-repo fake of the Excel JavaScript API subset the add-in uses, strict where real Excel is
 * strict: proxies hold nothing until sync(), reading a property that was not loaded throws
 * PropertyNotLoaded, queued writes apply only at sync(), a request or response above 5 MB fails
 * the whole batch like Excel on the web, getMergedAreas refuses more than 512 areas, strings
 * written into a non-text cell are coerced the way Excel does (so '=…' becomes a formula, and
 * '=…' into a text-formatted cell stays text), and onChanged events arrive after the batch, with
 * triggerSource from ExcelApi 1.14 on. getMergedAreasOrNullObject returns the areas whose top-left
 * cell lies in the range, as Excel does (OfficeDev/office-js#3611), and fails over 512 of them.
 * Structural edits (rows inserted or deleted) raise onChanged with their changeType; number-format
 * changes raise onFormatChanged (no triggerSource, as in ExcelApi 1.9); merging or unmerging
 * cells raises onChanged with changeType RangeEdited over the area — no merge-specific type exists
 * (OfficeDev/office-js#4069: "its return only RangeEdited as eventType").
 *
 * Formulas are calculated as in Excel's automatic mode: after any change every formula of the
 * workbook is recomputed in dependency order (formula-eval.ts), JIXIAO.* calling the add-in's own
 * function code (or whatever the page associated through CustomFunctions, in the browser test).
 * `values` gives a formula cell's result, `formulas` its '=' text.
 *
 * No Node imports: the same file is bundled into the browser test page.
 */

import { areaAddress, columnLetters, parseA1, parseArea, type CellArea } from '../../src/sheet/a1';
import { evaluate, XlError, type CellSource, type FunctionRegistry } from './formula-eval';
import { JIXIAO_FUNCTIONS } from './jixiao-functions';

export type FakeValue = string | number | boolean | null;

export interface FakeCell {
  value: FakeValue;
  formula?: string;
  numberFormat: string;
}

export type Area = CellArea;

/** Serialisable workbook, for handing a fixture to the browser page. */
export interface FakeBookJson {
  sheets: { name: string; cells: [number, number, FakeValue, string, string?][]; merges: Area[] }[];
  customXml?: { id: string; xml: string }[];
  settings?: Record<string, unknown>;
}

export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const CELLS_PER_READ = 5_000_000;
export const MERGED_AREAS_PER_QUERY = 512;

export class FakeRichApiError extends Error {
  override name = 'RichApi.Error';
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------- A1 helpers: the product's own (src/sheet/a1.ts is pure, so the page bundle takes it too) ----------

export const colLetters = columnLetters;

function cellRef(address: string): { row: number; col: number } {
  const at = parseA1(address);
  if (!at) throw new FakeRichApiError('InvalidArgument', `The argument is invalid or missing: ${address}`);
  return at;
}

export function parseRange(address: string): Area {
  const area = parseArea(address);
  if (!area) throw new FakeRichApiError('InvalidArgument', `The argument is invalid or missing: ${address}`);
  return area;
}

export const areaA1: (a: Area) => string = areaAddress;

function quoteSheet(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const bytes = (() => {
  const enc = new TextEncoder();
  return (x: unknown) => enc.encode(JSON.stringify(x) ?? '').length;
})();

// ---------- The document model ----------

export interface ChangedEventArgs {
  type: 'WorksheetChanged';
  changeType: 'RangeEdited' | 'RowInserted' | 'RowDeleted' | 'ColumnInserted' | 'ColumnDeleted';
  source: 'Local';
  worksheetId: string;
  address: string;
  triggerSource?: 'ThisLocalAddin' | 'Unknown';
  details?: { valueBefore: FakeValue; valueAfter: FakeValue } | null;
}

type ChangedHandler = (ev: ChangedEventArgs) => unknown;

export interface FormatChangedEventArgs {
  type: 'WorksheetFormatChanged';
  source: 'Local';
  worksheetId: string;
  address: string;
}

type FormatHandler = (ev: FormatChangedEventArgs) => unknown;

export class FakeSheet {
  rows: (FakeCell | undefined)[][] = [];
  merges: Area[] = [];
  validations = new Map<string, { rule: unknown; errorAlert?: unknown }>();
  /** Rows frozen at the top (freezePanes.freezeRows). */
  frozenRows = 0;

  constructor(
    public readonly id: string,
    public name: string,
  ) {}

  /** 'row,col' of the cells holding a formula, so recalculation never scans the whole sheet. */
  readonly formulaCells = new Set<string>();

  cell(row: number, col: number): FakeCell | undefined {
    return this.rows[row]?.[col];
  }

  setCell(row: number, col: number, cell: FakeCell): void {
    (this.rows[row] ??= [])[col] = cell;
    if (cell.formula !== undefined) this.formulaCells.add(`${row},${col}`);
    else this.formulaCells.delete(`${row},${col}`);
  }

  usedArea(valuesOnly: boolean): Area | null {
    let top = Infinity,
      left = Infinity,
      bottom = -Infinity,
      right = -Infinity;
    this.rows.forEach((row, r) => {
      row?.forEach((c, col) => {
        if (!c) return;
        const has = (c.value !== null && c.value !== '') || c.formula || (!valuesOnly && c.numberFormat !== 'General');
        if (!has) return;
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
        left = Math.min(left, col);
        right = Math.max(right, col);
      });
    });
    return top === Infinity ? null : { top, left, bottom, right };
  }
}

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  customXml: { id: string; xml: string }[] = [];
  settings = new Map<string, unknown>();
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string | null = null;
  /** ExcelApi minor version the fake pretends to support (14 = ExcelApi 1.14 with triggerSource). */
  apiMinor = 14;
  syncCount = 0;
  /** Request/response bytes of every successful sync. */
  syncLog: { request: number; response: number }[] = [];
  readonly handlers: ChangedHandler[] = [];
  readonly formatHandlers: FormatHandler[] = [];
  /** The functions formulas may call by name (`JIXIAO.SCORE` …); the browser page replaces them with what it associates. */
  functions: FunctionRegistry = { ...JIXIAO_FUNCTIONS };
  /** Formula evaluations done, for tests that want to see a recalculation happen. */
  calcCount = 0;
  private dirty = false;
  private nextId = 1;

  /** A cell changed: formulas are recomputed before anything reads the workbook again. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Excel's automatic calculation: every formula, each after the formulas it refers to. */
  calculate(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const state = new Map<string, 'busy' | 'done'>();
    const byName = new Map(this.sheets.map((s) => [s.name, s]));
    const evalCell = (s: FakeSheet, row: number, col: number): void => {
      const key = `${s.id}|${row}|${col}`;
      // 'busy' is a circular reference: the cell keeps its last value, as Excel does without iteration.
      if (state.has(key)) return;
      const c = s.cell(row, col);
      if (!c || c.formula === undefined) return;
      state.set(key, 'busy');
      const v = evaluate(c.formula, { sheet: s.name, cells, functions: this.functions, sheetExists: (n) => byName.has(n) });
      this.calcCount++;
      s.setCell(row, col, { ...c, value: v instanceof XlError ? v.code : v });
      state.set(key, 'done');
    };
    const cells: CellSource = {
      value: (name, row, col) => {
        const s = byName.get(name);
        if (!s) return undefined;
        if (s.formulaCells.has(`${row},${col}`)) evalCell(s, row, col);
        return s.cell(row, col)?.value ?? null;
      },
    };
    for (const s of this.sheets) {
      for (const key of [...s.formulaCells]) {
        const [row, col] = key.split(',').map(Number);
        evalCell(s, row, col);
      }
    }
  }

  addSheet(name: string): FakeSheet {
    const s = new FakeSheet(`{sheet-${this.nextId++}}`, name);
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new FakeRichApiError('ItemNotFound', `The requested resource doesn't exist: ${name}`);
    return s;
  }

  newId(prefix: string): string {
    return `{${prefix}-${this.nextId++}}`;
  }

  getCell(sheet: string, address: string): FakeCell | undefined {
    this.calculate();
    const { row, col } = cellRef(address);
    return this.sheet(sheet).cell(row, col);
  }

  value(sheet: string, address: string): FakeValue {
    return this.getCell(sheet, address)?.value ?? null;
  }

  context(): FakeRequestContext {
    return new FakeRequestContext(this);
  }

  /** Excel.run for the fake. */
  run<T>(fn: (ctx: FakeRequestContext) => Promise<T>): Promise<T> {
    return fn(this.context());
  }

  /** A person typing into a cell: Excel's coercion, then an onChanged event from outside the add-in. */
  userEdit(sheet: string, address: string, typed: string | number | null): void {
    const s = this.sheet(sheet);
    const { row, col } = cellRef(address);
    const before = s.cell(row, col)?.value ?? null;
    writeValue(s, row, col, typed);
    this.markDirty();
    this.calculate();
    this.emit({
      type: 'WorksheetChanged',
      changeType: 'RangeEdited',
      source: 'Local',
      worksheetId: s.id,
      address: areaA1({ top: row, left: col, bottom: row, right: col }),
      ...(this.apiMinor >= 14 ? { triggerSource: 'Unknown' as const } : {}),
      details: { valueBefore: before, valueAfter: s.cell(row, col)?.value ?? null },
    });
  }

  /** Events are delivered after the batch that caused them, as in Excel. */
  emit(ev: ChangedEventArgs): void {
    const hs = [...this.handlers];
    setTimeout(() => {
      for (const h of hs) void h(ev);
    }, 0);
  }

  emitFormat(ev: FormatChangedEventArgs): void {
    const hs = [...this.formatHandlers];
    setTimeout(() => {
      for (const h of hs) void h(ev);
    }, 0);
  }

  private changed(s: FakeSheet, changeType: ChangedEventArgs['changeType'], address: string): void {
    this.emit({ type: 'WorksheetChanged', changeType, source: 'Local', worksheetId: s.id, address, ...(this.apiMinor >= 14 ? { triggerSource: 'Unknown' as const } : {}), details: null });
  }

  /** A person inserting `count` rows at `at`: cells and merged areas below move down (formula references are not adjusted: use sheets whose formulas do not cross `at`). */
  userInsertRows(sheet: string, at: number, count = 1): void {
    const s = this.sheet(sheet);
    const moved: (FakeCell | undefined)[][] = [];
    s.rows.forEach((row, r) => {
      if (row) moved[r >= at ? r + count : r] = row;
    });
    s.rows = moved;
    s.merges = s.merges.map((m) => (m.top >= at ? { ...m, top: m.top + count, bottom: m.bottom + count } : m.bottom >= at ? { ...m, bottom: m.bottom + count } : m));
    this.reindexFormulas(s);
    this.markDirty();
    this.calculate();
    this.changed(s, 'RowInserted', `${at}:${at + count - 1}`);
  }

  /** A person deleting rows [at, at+count): cells below move up, merged areas inside go. */
  userDeleteRows(sheet: string, at: number, count = 1): void {
    const s = this.sheet(sheet);
    const end = at + count - 1;
    const moved: (FakeCell | undefined)[][] = [];
    s.rows.forEach((row, r) => {
      if (!row || (r >= at && r <= end)) return;
      moved[r > end ? r - count : r] = row;
    });
    s.rows = moved;
    s.merges = s.merges
      .filter((m) => !(m.top >= at && m.bottom <= end))
      .map((m) => (m.top > end ? { ...m, top: m.top - count, bottom: m.bottom - count } : m.bottom >= at ? { ...m, bottom: Math.max(m.top, m.bottom - count) } : m));
    this.reindexFormulas(s);
    this.markDirty();
    this.calculate();
    this.changed(s, 'RowDeleted', `${at}:${end}`);
  }

  /** A person merging cells: Excel keeps the top-left value and clears the others; onChanged says RangeEdited over the area. */
  userMerge(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    const a = parseRange(address);
    if (s.merges.some((m) => m.top <= a.bottom && m.bottom >= a.top && m.left <= a.right && m.right >= a.left)) {
      throw new FakeRichApiError('InvalidOperation', 'Cannot merge over a merged area.');
    }
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) {
        if (r === a.top && c === a.left) continue;
        const cur = s.cell(r, c);
        if (cur) s.setCell(r, c, { value: null, numberFormat: cur.numberFormat });
      }
    }
    s.merges.push(a);
    this.markDirty();
    this.calculate();
    this.changed(s, 'RangeEdited', areaAddress(a));
  }

  userUnmerge(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    const a = parseRange(address);
    s.merges = s.merges.filter((m) => !(m.top === a.top && m.left === a.left && m.bottom === a.bottom && m.right === a.right));
    this.changed(s, 'RangeEdited', areaAddress(a));
  }

  /** A person changing a number format: onFormatChanged, no onChanged. */
  userFormat(sheet: string, address: string, numberFormat: string): void {
    const s = this.sheet(sheet);
    const a = parseRange(address);
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) s.setCell(r, c, { ...(s.cell(r, c) ?? { value: null }), numberFormat });
    }
    this.emitFormat({ type: 'WorksheetFormatChanged', source: 'Local', worksheetId: s.id, address: areaA1(a) });
  }

  private reindexFormulas(s: FakeSheet): void {
    s.formulaCells.clear();
    s.rows.forEach((row, r) => row?.forEach((c, col) => c?.formula !== undefined && s.formulaCells.add(`${r},${col}`)));
  }

  toJSON(): FakeBookJson {
    return {
      sheets: this.sheets.map((s) => {
        const cells: [number, number, FakeValue, string, string?][] = [];
        s.rows.forEach((row, r) =>
          row?.forEach((c, col) => {
            if (c) cells.push(c.formula ? [r, col, c.value, c.numberFormat, c.formula] : [r, col, c.value, c.numberFormat]);
          }),
        );
        return { name: s.name, cells, merges: s.merges };
      }),
      customXml: this.customXml,
      settings: Object.fromEntries(this.settings),
    };
  }

  static fromJSON(json: FakeBookJson): FakeWorkbook {
    const wb = new FakeWorkbook();
    for (const js of json.sheets) {
      const s = wb.addSheet(js.name);
      for (const [r, c, value, numberFormat, formula] of js.cells) s.setCell(r, c, formula ? { value, numberFormat, formula } : { value, numberFormat });
      s.merges = js.merges.map((m) => ({ ...m }));
    }
    wb.customXml = (json.customXml ?? []).map((p) => ({ ...p }));
    for (const [k, v] of Object.entries(json.settings ?? {})) wb.settings.set(k, v);
    return wb;
  }
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;

/** What Excel does with a value written through Range.values. */
function writeValue(s: FakeSheet, row: number, col: number, v: unknown): void {
  const prev = s.cell(row, col);
  const numberFormat = prev?.numberFormat ?? 'General';
  if (v === null || v === undefined || v === '') {
    s.setCell(row, col, { value: null, numberFormat });
    return;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    s.setCell(row, col, { value: v, numberFormat });
    return;
  }
  const text = String(v);
  if (numberFormat === '@') {
    s.setCell(row, col, { value: text, numberFormat });
    return;
  }
  if (/^[=+-]/.test(text) && !NUMERIC.test(text)) {
    // A formula now (Excel reads '+1a' or '-x' as one too); calculated before the next read.
    s.setCell(row, col, { value: null, formula: text.startsWith('=') ? text.slice(1) : text, numberFormat });
    return;
  }
  if (NUMERIC.test(text)) {
    s.setCell(row, col, { value: Number(text), numberFormat });
    return;
  }
  if (PERCENT.test(text)) {
    s.setCell(row, col, { value: Number(text.slice(0, -1)) / 100, numberFormat: numberFormat === 'General' ? '0%' : numberFormat });
    return;
  }
  s.setCell(row, col, { value: text, numberFormat });
}

// ---------- Request context and proxies ----------

interface Op {
  /** What goes over the wire, for the request size. */
  wire: unknown;
  /** Runs at sync; returns the response part and a commit that publishes it to the proxy. */
  exec(): { data?: unknown; commit?: () => void; events?: (() => ChangedEventArgs)[]; formatEvents?: FormatChangedEventArgs[] } | void;
}

export class FakeRequestContext {
  private queue: Op[] = [];
  readonly workbook: FakeWorkbookProxy;

  constructor(readonly model: FakeWorkbook) {
    this.workbook = new FakeWorkbookProxy(this);
  }

  enqueue(op: Op): void {
    this.queue.push(op);
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const request = bytes(ops.map((o) => o.wire));
    if (request > PAYLOAD_LIMIT) {
      throw new FakeRichApiError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${request} bytes).`);
    }
    const data: unknown[] = [];
    const commits: (() => void)[] = [];
    const events: (() => ChangedEventArgs)[] = [];
    const formatEvents: FormatChangedEventArgs[] = [];
    for (const op of ops) {
      const r = op.exec();
      if (!r) continue;
      if (r.data !== undefined) data.push(r.data);
      if (r.commit) commits.push(r.commit);
      if (r.events) events.push(...r.events);
      if (r.formatEvents) formatEvents.push(...r.formatEvents);
    }
    const response = bytes(data);
    if (response > PAYLOAD_LIMIT) {
      throw new FakeRichApiError('ResponsePayloadSizeLimitExceeded', `The response payload size has exceeded the limit (${response} bytes).`);
    }
    for (const c of commits) c();
    this.model.syncCount++;
    this.model.syncLog.push({ request, response });
    // Event details carry values after calculation, as Excel reports them.
    this.model.calculate();
    for (const ev of events) this.model.emit(ev());
    for (const ev of formatEvents) this.model.emitFormat(ev);
    await Promise.resolve();
  }
}

function notLoaded(prop: string): FakeRichApiError {
  return new FakeRichApiError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

function propList(props: string | string[] | undefined): string[] {
  if (!props) return [];
  const list = Array.isArray(props) ? props : props.split(',');
  return list.map((p) => p.trim()).filter(Boolean);
}

/** Base of every proxy: loaded values live here only after a successful sync. */
abstract class FakeClientObject {
  protected loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;

  /** How the object was reached (sheet, range, method): sent with each load, so request sizes are honest. */
  constructor(
    readonly context: FakeRequestContext,
    readonly path: unknown = null,
  ) {}

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw notLoaded('isNullObject');
    return this.nullState;
  }

  protected prop<T>(name: string): T {
    if (!this.loaded.has(name)) throw notLoaded(name);
    return this.loaded.get(name) as T;
  }

  /** Reads the requested properties from the model at sync; null for a null object. */
  protected abstract snapshot(props: string[]): { isNull: boolean; values: Record<string, unknown> };

  load(props?: string | string[]): this {
    const list = propList(props);
    this.context.enqueue({
      wire: { load: this.constructor.name, props: list, path: this.path },
      exec: () => {
        const snap = this.snapshot(list);
        return {
          data: snap.values,
          commit: () => {
            this.nullState = snap.isNull;
            for (const [k, v] of Object.entries(snap.values)) this.loaded.set(k, v);
          },
        };
      },
    });
    return this;
  }

  /** Methods that resolve a null object also settle isNullObject. */
  protected settleNull(isNull: boolean): void {
    this.nullState = isNull;
  }
}

class FakeApplication {
  constructor(private readonly context: FakeRequestContext) {}
  /** Recalculate / Full / FullRebuild: the fake recomputes every formula for any of them. */
  calculate(calculationType: string): void {
    if (!['Recalculate', 'Full', 'FullRebuild'].includes(calculationType)) {
      throw new FakeRichApiError('InvalidArgument', `The argument is invalid or missing: ${calculationType}`);
    }
    this.context.enqueue({ wire: { calculate: calculationType }, exec: () => this.context.model.markDirty() });
  }
}

class FakeWorkbookProxy {
  readonly worksheets: FakeWorksheetCollection;
  readonly customXmlParts: FakeCustomXmlPartCollection;
  readonly settings: FakeSettingCollection;
  readonly application: FakeApplication;
  constructor(readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.customXmlParts = new FakeCustomXmlPartCollection(context);
    this.settings = new FakeSettingCollection(context);
    this.application = new FakeApplication(context);
  }
}

class FakeEventHandlers<H> {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly event: string,
    private readonly list: (m: FakeWorkbook) => H[],
  ) {}

  add(handler: H): { remove(): void; context: FakeRequestContext } {
    const model = this.context.model;
    const list = this.list(model);
    const event = this.event;
    this.context.enqueue({ wire: { event, add: true }, exec: () => void list.push(handler) });
    const ctx = this.context;
    return {
      context: ctx,
      remove() {
        ctx.enqueue({
          wire: { event, remove: true },
          exec: () => {
            const i = list.indexOf(handler);
            if (i >= 0) list.splice(i, 1);
          },
        });
      },
    };
  }
}

class FakeWorksheetCollection extends FakeClientObject {
  private _items: FakeWorksheet[] | null = null;
  readonly onChanged: FakeEventHandlers<ChangedHandler>;
  readonly onFormatChanged: FakeEventHandlers<FormatHandler>;

  constructor(context: FakeRequestContext) {
    super(context);
    this.onChanged = new FakeEventHandlers(context, 'onChanged', (m) => m.handlers);
    this.onFormatChanged = new FakeEventHandlers(context, 'onFormatChanged', (m) => m.formatHandlers);
  }

  get items(): FakeWorksheet[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }

  protected snapshot(props: string[]) {
    const sheetProps = props.map((p) => p.replace(/^items\//, ''));
    const values = this.context.model.sheets.map((s) => Object.fromEntries(sheetProps.map((p) => [p, p === 'id' ? s.id : p === 'name' ? s.name : undefined])));
    return { isNull: false, values: { items: values } };
  }

  override load(props?: string | string[]): this {
    super.load(props);
    const ids = () => this.context.model.sheets.map((s) => s.id);
    this.context.enqueue({
      wire: null,
      exec: () => {
        const now = ids();
        return {
          commit: () => {
            const got = this.loaded.get('items') as Record<string, unknown>[];
            this._items = now.map((id, i) => {
              const ws = new FakeWorksheet(this.context, () => this.context.model.sheets.find((s) => s.id === id) ?? null);
              ws.setLoaded(got[i]);
              return ws;
            });
          },
        };
      },
    });
    return this;
  }

  /**
   * A new sheet at the end, as WorksheetCollection.add does: Excel refuses a name of more than 31
   * characters, with : \ / ? * [ ], starting or ending with an apostrophe, or already taken (case-insensitively).
   */
  add(name: string): FakeWorksheet {
    let made: FakeSheet | null = null;
    this.context.enqueue({
      wire: { addSheet: name },
      exec: () => {
        const model = this.context.model;
        if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name)) throw new FakeRichApiError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${name}`);
        if (model.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new FakeRichApiError('ItemAlreadyExists', 'The resource already exists.');
        made = model.addSheet(name);
      },
    });
    return new FakeWorksheet(this.context, () => made, { addSheet: name });
  }

  /** By name or by id, as WorksheetCollection.getItem(key) takes either. */
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.sheets.find((s) => s.id === key) ?? this.context.model.sheet(key), { sheet: key });
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.sheets.find((s) => s.name === key || s.id === key) ?? null, { sheet: key });
  }
}

class FakeWorksheet extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    readonly resolve: () => FakeSheet | null,
    path: unknown = null,
  ) {
    super(context, path);
  }

  setLoaded(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) if (v !== undefined) this.loaded.set(k, v);
  }

  get name(): string {
    return this.prop('name');
  }
  get id(): string {
    return this.prop('id');
  }

  protected snapshot(props: string[]) {
    const s = this.resolve();
    return { isNull: !s, values: Object.fromEntries(props.map((p) => [p, s ? (p === 'id' ? s.id : p === 'name' ? s.name : null) : null])) };
  }

  private must(): FakeSheet {
    const s = this.resolve();
    if (!s) throw new FakeRichApiError('ItemNotFound', "The requested resource doesn't exist.");
    return s;
  }

  /** No address: the whole worksheet. */
  getRange(address?: string): FakeRange {
    const area = () => (address === undefined ? { top: 1, left: 1, bottom: 1_048_576, right: 16_384 } : parseRange(address));
    return new FakeRange(this.context, () => ({ sheet: this.must(), area: area() }), { ...(this.path as object), range: address ?? '' });
  }

  get freezePanes(): { freezeRows(count: number): void } {
    return {
      freezeRows: (count: number) => this.context.enqueue({ wire: { freezeRows: count }, exec: () => void (this.must().frozenRows = count) }),
    };
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.context, () => ({
      sheet: this.must(),
      area: { top: startRow + 1, left: startColumn + 1, bottom: startRow + rowCount, right: startColumn + columnCount },
    }), { ...(this.path as object), byIndexes: [startRow, startColumn, rowCount, columnCount] });
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.must();
      const area = sheet.usedArea(valuesOnly);
      return area ? { sheet, area } : null;
    }, { ...(this.path as object), used: valuesOnly });
  }

  activate(): void {
    this.context.enqueue({ wire: { activate: true }, exec: () => void (this.context.model.activeSheet = this.must().name) });
  }
}

type RangeRef = { sheet: FakeSheet; area: Area } | null;

class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}

  private key(): { sheet: FakeSheet; address: string } {
    const r = this.range.ref();
    return { sheet: r.sheet, address: areaA1(r.area) };
  }

  clear(): void {
    this.range.context.enqueue({ wire: { dv: 'clear' }, exec: () => void this.key().sheet.validations.delete(this.key().address) });
  }

  set rule(rule: unknown) {
    this.range.context.enqueue({
      wire: { dv: rule },
      exec: () => {
        const k = this.key();
        k.sheet.validations.set(k.address, { ...(k.sheet.validations.get(k.address) ?? {}), rule });
      },
    });
  }

  set errorAlert(errorAlert: unknown) {
    this.range.context.enqueue({
      wire: { dv: errorAlert },
      exec: () => {
        const k = this.key();
        const cur = k.sheet.validations.get(k.address) ?? { rule: null };
        k.sheet.validations.set(k.address, { ...cur, errorAlert });
      },
    });
  }
}

class FakeRange extends FakeClientObject {
  readonly dataValidation: FakeDataValidation;

  constructor(
    context: FakeRequestContext,
    private readonly resolveRef: () => RangeRef,
    path: unknown = null,
  ) {
    super(context, path);
    this.dataValidation = new FakeDataValidation(this);
  }

  ref(): { sheet: FakeSheet; area: Area } {
    const r = this.resolveRef();
    if (!r) throw new FakeRichApiError('ItemNotFound', "The requested resource doesn't exist.");
    return r;
  }

  /** Contents, formats, merged areas and validation of the range gone (Excel's Range.clear('All')). */
  clear(): void {
    this.context.enqueue({
      wire: { clear: true },
      exec: () => {
        const { sheet, area } = this.ref();
        sheet.rows.forEach((row, r) => {
          if (!row || r < area.top || r > area.bottom) return;
          row.forEach((c, col) => {
            if (c && col >= area.left && col <= area.right) {
              delete row[col];
              sheet.formulaCells.delete(`${r},${col}`);
            }
          });
        });
        sheet.merges = sheet.merges.filter((m) => m.top > area.bottom || m.bottom < area.top || m.left > area.right || m.right < area.left);
        this.context.model.markDirty();
      },
    });
  }

  get address(): string {
    return this.prop('address');
  }
  get values(): FakeValue[][] {
    return this.prop('values');
  }
  set values(v: FakeValue[][]) {
    this.queueWrite('values', v);
  }
  get numberFormat(): string[][] {
    return this.prop('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this.queueWrite('numberFormat', v);
  }
  get formulas(): unknown[][] {
    return this.prop('formulas');
  }
  /** '=…' entries become formulas (text in a '@' cell, as in Excel); anything else is a constant, as through `values`. */
  set formulas(v: unknown[][]) {
    this.queueWrite('formulas', v);
  }
  get rowCount(): number {
    return this.prop('rowCount');
  }
  get columnCount(): number {
    return this.prop('columnCount');
  }

  protected snapshot(props: string[]) {
    this.context.model.calculate();
    const r = this.resolveRef();
    if (!r) return { isNull: true, values: Object.fromEntries(props.map((p) => [p, null])) };
    const { sheet, area } = r;
    const rows = area.bottom - area.top + 1;
    const cols = area.right - area.left + 1;
    const grid = <T>(f: (c: FakeCell | undefined) => T): T[][] => {
      if (rows * cols > CELLS_PER_READ) {
        throw new FakeRichApiError('ResponsePayloadSizeLimitExceeded', `A range read is limited to ${CELLS_PER_READ} cells.`);
      }
      const out: T[][] = [];
      for (let i = 0; i < rows; i++) {
        const line: T[] = [];
        const src = sheet.rows[area.top + i];
        for (let j = 0; j < cols; j++) line.push(f(src?.[area.left + j]));
        out.push(line);
      }
      return out;
    };
    const values: Record<string, unknown> = {};
    for (const p of props) {
      if (p === 'address') values[p] = `${quoteSheet(sheet.name)}!${areaA1(area)}`;
      else if (p === 'values') values[p] = grid((c) => (c?.value ?? ''));
      else if (p === 'numberFormat') values[p] = grid((c) => c?.numberFormat ?? 'General');
      else if (p === 'formulas') values[p] = grid((c) => (c?.formula ? `=${c.formula}` : (c?.value ?? '')));
      else if (p === 'rowCount') values[p] = rows;
      else if (p === 'columnCount') values[p] = cols;
      else throw new FakeRichApiError('InvalidArgument', `The fake does not know Range.${p}`);
    }
    return { isNull: false, values };
  }

  private queueWrite(prop: 'values' | 'formulas' | 'numberFormat', v: unknown[][]): void {
    const model = this.context.model;
    this.context.enqueue({
      wire: { set: prop, v },
      exec: () => {
        const { sheet, area } = this.ref();
        const rows = area.bottom - area.top + 1;
        const cols = area.right - area.left + 1;
        if (!Array.isArray(v) || v.length !== rows || v.some((line) => !Array.isArray(line) || line.length !== cols)) {
          throw new FakeRichApiError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range.`);
        }
        const events: (() => ChangedEventArgs)[] = [];
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const row = area.top + i;
            const col = area.left + j;
            if (prop === 'numberFormat') {
              const cur = sheet.cell(row, col) ?? { value: null, numberFormat: 'General' };
              sheet.setCell(row, col, { ...cur, numberFormat: String(v[i][j]) });
            } else {
              const before = sheet.cell(row, col)?.value ?? null;
              writeValue(sheet, row, col, v[i][j]);
              model.markDirty();
              if (rows * cols === 1) {
                events.push(() => ({
                  type: 'WorksheetChanged',
                  changeType: 'RangeEdited',
                  source: 'Local',
                  worksheetId: sheet.id,
                  address: areaA1(area),
                  ...(model.apiMinor >= 14 ? { triggerSource: 'ThisLocalAddin' as const } : {}),
                  details: { valueBefore: before, valueAfter: sheet.cell(row, col)?.value ?? null },
                }));
              }
            }
          }
        }
        if (prop === 'numberFormat') {
          return { formatEvents: [{ type: 'WorksheetFormatChanged' as const, source: 'Local' as const, worksheetId: sheet.id, address: areaA1(area) }] };
        }
        if (rows * cols > 1) {
          events.push(() => ({
            type: 'WorksheetChanged',
            changeType: 'RangeEdited',
            source: 'Local',
            worksheetId: sheet.id,
            address: areaA1(area),
            ...(model.apiMinor >= 14 ? { triggerSource: 'ThisLocalAddin' as const } : {}),
            details: null,
          }));
        }
        return { events };
      },
    });
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, this.path === null ? null : { ...(this.path as object), mergedAreas: true }, () => {
      const r = this.resolveRef();
      if (!r) return null;
      // Only areas whose top-left cell is in the range, as Excel answers (OfficeDev/office-js#3611).
      const hits = r.sheet.merges.filter((m) => m.top >= r.area.top && m.top <= r.area.bottom && m.left >= r.area.left && m.left <= r.area.right);
      if (hits.length > MERGED_AREAS_PER_QUERY) {
        throw new FakeRichApiError('InvalidOperation', `The range holds more than ${MERGED_AREAS_PER_QUERY} merged areas.`);
      }
      return hits.length ? { sheet: r.sheet, areas: hits } : null;
    });
  }

  select(): void {
    this.context.enqueue({
      wire: { select: true },
      exec: () => {
        const { sheet, area } = this.ref();
        this.context.model.selection = { sheet: sheet.name, address: areaA1(area) };
      },
    });
  }
}

class FakeRangeAreas extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    path: unknown,
    private readonly resolveAreas: () => { sheet: FakeSheet; areas: Area[] } | null,
  ) {
    super(context, path);
  }
  get address(): string {
    return this.prop('address');
  }
  get areaCount(): number {
    return this.prop('areaCount');
  }
  protected snapshot(props: string[]) {
    const r = this.resolveAreas();
    if (!r) return { isNull: true, values: Object.fromEntries(props.map((p) => [p, null])) };
    const values: Record<string, unknown> = {};
    for (const p of props) {
      if (p === 'address') values[p] = r.areas.map((a) => `${quoteSheet(r.sheet.name)}!${areaA1(a)}`).join(', ');
      else if (p === 'areaCount') values[p] = r.areas.length;
      else throw new FakeRichApiError('InvalidArgument', `The fake does not know RangeAreas.${p}`);
    }
    return { isNull: false, values };
  }
}

function namespaceOf(xml: string): string | null {
  const m = /<[^?!][^>]*?\sxmlns=["']([^"']+)["']/.exec(xml);
  return m ? m[1] : null;
}

class FakeClientResult<T> {
  private _value: T | undefined;
  private settled = false;
  get value(): T {
    if (!this.settled) throw notLoaded('value');
    return this._value as T;
  }
  settle(v: T): void {
    this._value = v;
    this.settled = true;
  }
}

class FakeCustomXmlPart extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    readonly resolve: () => { id: string; xml: string } | null,
  ) {
    super(context);
  }
  get id(): string {
    return this.prop('id');
  }
  setLoaded(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
  }
  protected snapshot(props: string[]) {
    const p = this.resolve();
    return { isNull: !p, values: Object.fromEntries(props.map((k) => [k, p && k === 'id' ? p.id : null])) };
  }
  private must() {
    const p = this.resolve();
    if (!p) throw new FakeRichApiError('ItemNotFound', "The requested resource doesn't exist.");
    return p;
  }
  getXml(): FakeClientResult<string> {
    const result = new FakeClientResult<string>();
    this.context.enqueue({
      wire: { getXml: true },
      exec: () => {
        const xml = this.must().xml;
        return { data: xml, commit: () => result.settle(xml) };
      },
    });
    return result;
  }
  setXml(xml: string): void {
    this.context.enqueue({ wire: { setXml: xml }, exec: () => void (this.must().xml = xml) });
  }
  delete(): void {
    const model = this.context.model;
    this.context.enqueue({
      wire: { deletePart: true },
      exec: () => {
        const p = this.must();
        model.customXml.splice(model.customXml.indexOf(p), 1);
      },
    });
  }
}

class FakeCustomXmlPartScopedCollection extends FakeClientObject {
  private _items: FakeCustomXmlPart[] | null = null;
  constructor(
    context: FakeRequestContext,
    private readonly ns: string,
  ) {
    super(context);
  }
  private matching() {
    return this.context.model.customXml.filter((p) => namespaceOf(p.xml) === this.ns);
  }
  get items(): FakeCustomXmlPart[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }
  protected snapshot() {
    const ids = this.matching().map((p) => p.id);
    return { isNull: false, values: { items: ids } };
  }
  override load(props?: string | string[]): this {
    super.load(props);
    this.context.enqueue({
      wire: null,
      exec: () => ({
        commit: () => {
          const ids = this.loaded.get('items') as string[];
          this._items = ids.map((id) => {
            const part = new FakeCustomXmlPart(this.context, () => this.context.model.customXml.find((p) => p.id === id) ?? null);
            part.setLoaded({ id });
            return part;
          });
        },
      }),
    });
    return this;
  }
  getOnlyItemOrNullObject(): FakeCustomXmlPart {
    return new FakeCustomXmlPart(this.context, () => {
      const m = this.matching();
      return m.length === 1 ? m[0] : null;
    });
  }
}

class FakeCustomXmlPartCollection {
  constructor(private readonly context: FakeRequestContext) {}
  getByNamespace(ns: string): FakeCustomXmlPartScopedCollection {
    return new FakeCustomXmlPartScopedCollection(this.context, ns);
  }
  getItem(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(this.context, () => {
      const p = this.context.model.customXml.find((x) => x.id === id);
      if (!p) throw new FakeRichApiError('ItemNotFound', "The requested resource doesn't exist.");
      return p;
    });
  }
  add(xml: string): FakeCustomXmlPart {
    const model = this.context.model;
    let created: { id: string; xml: string } | null = null;
    this.context.enqueue({
      wire: { addPart: xml },
      exec: () => {
        created = { id: model.newId('part'), xml };
        model.customXml.push(created);
      },
    });
    return new FakeCustomXmlPart(this.context, () => created);
  }
}

class FakeSetting extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly key: string,
  ) {
    super(context);
  }
  get value(): unknown {
    return this.prop('value');
  }
  protected snapshot(props: string[]) {
    const has = this.context.model.settings.has(this.key);
    return { isNull: !has, values: Object.fromEntries(props.map((p) => [p, has && p === 'value' ? this.context.model.settings.get(this.key) : null])) };
  }
  delete(): void {
    this.context.enqueue({ wire: { deleteSetting: this.key }, exec: () => void this.context.model.settings.delete(this.key) });
  }
}

class FakeSettingCollection {
  constructor(private readonly context: FakeRequestContext) {}
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key);
  }
  add(key: string, value: unknown): FakeSetting {
    this.context.enqueue({ wire: { setting: key, value }, exec: () => void this.context.model.settings.set(key, value) });
    return new FakeSetting(this.context, key);
  }
}
