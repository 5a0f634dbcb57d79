import type { Scheduler } from '../../src/hosts/excel';

/** Debounce timers the test fires by hand: no waiting on the clock. */
export class ManualScheduler implements Scheduler {
  pending: (() => void)[] = [];
  set(fn: () => void): unknown {
    this.pending.push(fn);
    return fn;
  }
  clear(h: unknown): void {
    this.pending = this.pending.filter((f) => f !== h);
  }
  fire(): void {
    const fns = this.pending;
    this.pending = [];
    for (const f of fns) f();
  }
}

/** Lets the fake deliver the events it queued after a sync. */
export const eventsDelivered = () => new Promise((r) => setTimeout(r, 5));
