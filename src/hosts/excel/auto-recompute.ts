/// <reference types="office-js" />
import type { ChangeEvent } from './echo-filter';
import type { ChangeTracker, ExcelRunner, TrackedChange } from './session';

export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AutoRecomputeOptions {
  run: ExcelRunner;
  isOwnChange: (ev: ChangeEvent) => boolean;
  sheetNameOf: (worksheetId: string) => string | undefined;
  /** Recomputes the touched sheets (undefined: a sheet the layout does not know yet, recompute all). */
  recompute: (sheets: string[] | undefined) => Promise<void>;
  debounceMs?: number;
  scheduler?: Scheduler;
  /** Excel.run(context, fn): runs a batch in an existing context (the one an event handler was added in). */
  runInContext?: (ctx: Excel.RequestContext, fn: (ctx: Excel.RequestContext) => Promise<void>) => Promise<void>;
  /**
   * Told of every change that is not the add-in's own (cells, rows, number formats), and whether
   * events are listened to at all: the session's cache is trusted only while they are.
   */
  tracker?: ChangeTracker;
}

/**
 * Worksheet onChanged → debounced recompute of the touched sheets. The add-in's own writes are
 * filtered out, and a recompute that writes nothing raises no event, so this can never loop;
 * edits made while a recompute runs are collected and handled by one more run after it.
 */
export class AutoRecompute {
  private dirty = new Set<string>();
  private unknownSheet = false;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private handler: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | null = null;
  private formatHandler: OfficeExtension.EventHandlerResult<Excel.WorksheetFormatChangedEventArgs> | null = null;
  private readonly scheduler: Scheduler;
  private readonly debounceMs: number;
  /** Events seen and ignored as the add-in's own, for the pane's status line and tests. */
  ignored = 0;
  runs = 0;

  constructor(private readonly opts: AutoRecomputeOptions) {
    this.scheduler = opts.scheduler ?? realScheduler;
    this.debounceMs = opts.debounceMs ?? 800;
  }

  get enabled(): boolean {
    return this.handler !== null;
  }

  async enable(): Promise<void> {
    if (this.handler) return;
    const [h, f] = await this.opts.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const changed = sheets.onChanged.add(async (ev) => this.onChanged(ev));
      // Number formats change how values read (dates, text); ExcelApi 1.9 raises a separate event for them.
      const tracker = this.opts.tracker;
      const format = tracker && sheets.onFormatChanged ? sheets.onFormatChanged.add(async (ev) => tracker.noteFormatChange(ev)) : null;
      await ctx.sync();
      return [changed, format] as const;
    });
    this.handler = h;
    this.formatHandler = f;
    this.opts.tracker?.setTracking(true);
  }

  async disable(): Promise<void> {
    const h = this.handler;
    const f = this.formatHandler;
    this.handler = null;
    this.formatHandler = null;
    this.opts.tracker?.setTracking(false);
    if (this.timer !== null) this.scheduler.clear(this.timer);
    this.timer = null;
    this.dirty.clear();
    if (h) {
      // The handler belongs to the context it was added in; its removal must be synced there.
      const removeIn = this.opts.runInContext ?? ((ctx, fn) => fn(ctx));
      await removeIn(h.context as Excel.RequestContext, async (ctx) => {
        h.remove();
        f?.remove();
        await ctx.sync();
      });
    }
  }

  onChanged(ev: ChangeEvent): void {
    if (!this.handler) return;
    if (this.opts.isOwnChange(ev)) {
      this.ignored++;
      return;
    }
    this.opts.tracker?.noteChange(ev as TrackedChange);
    const name = this.opts.sheetNameOf(ev.worksheetId);
    if (name) this.dirty.add(name);
    else this.unknownSheet = true;
    this.arm();
  }

  private arm(): void {
    if (this.timer !== null) this.scheduler.clear(this.timer);
    this.timer = this.scheduler.set(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
  }

  /** Runs the pending recompute now (the timer calls this; tests may too). */
  async flush(): Promise<void> {
    if (this.running) {
      await this.running;
      if (this.dirty.size || this.unknownSheet) this.arm();
      return;
    }
    if (!this.dirty.size && !this.unknownSheet) return;
    const sheets = this.unknownSheet ? undefined : [...this.dirty];
    this.dirty.clear();
    this.unknownSheet = false;
    this.runs++;
    this.running = this.opts.recompute(sheets).finally(() => {
      this.running = null;
    });
    await this.running;
  }
}
