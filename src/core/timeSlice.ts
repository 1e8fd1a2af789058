// Long loops on the extension host's thread give the event loop a turn every few milliseconds, so no single task
// of Pixelsmith's blocks the host (its budget is 50 ms; see the event-loop benchmark). A loop calls
// `await slicer.maybeYield()` between items: it resolves at once while the slice lasts, and after a setImmediate
// (timers, I/O and other extensions run) once more than `budgetMs` has passed since the last yield.
//
// One slicer is shared by every loop of the host (`hostSlicer`): the budget is the event loop's, not a loop's, so
// two loops running at once (a load reading sidecars with 32 reads in flight, a snapshot being written) share it.
// Callers that wait at once wait for the same turn, and after it share the one slice that starts then (each goes
// on with its next item, then checks the clock again): a slice can run over by one item per concurrent caller.
import { performance } from 'node:perf_hooks';

/** Work between two turns of the event loop, in ms: well under the 50 ms budget, yet few turns per second. */
export const SLICE_MS = 8;

const resolved: Promise<void> = Promise.resolve();

export class TimeSlicer {
  private last: number;
  private turn: Promise<void> | undefined;
  private turns = 0;

  /** `now`: a clock in ms (tests pass their own). */
  constructor(readonly budgetMs = SLICE_MS, private readonly now: () => number = () => performance.now()) {
    this.last = now();
  }

  /** True when the slice is spent: the next `maybeYield` gives the event loop a turn. */
  get due(): boolean {
    return this.now() - this.last > this.budgetMs;
  }

  /** How many times the event loop was given a turn (for tests and benchmarks). */
  get yields(): number {
    return this.turns;
  }

  /** Resolves at once while the slice lasts, else after the event loop's next turn (a new slice starts then). */
  maybeYield(): Promise<void> {
    return this.turn ?? (this.due ? this.yieldNow() : resolved);
  }

  /** Give the event loop a turn now; every caller until then waits for the same turn. */
  yieldNow(): Promise<void> {
    this.turn ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        this.turn = undefined;
        this.turns++;
        this.last = this.now();
        resolve();
      });
    });
    return this.turn;
  }
}

/** The slicer shared by the host's long loops (gallery load, walk, snapshot, seeding the index). */
export const hostSlicer = new TimeSlicer();
