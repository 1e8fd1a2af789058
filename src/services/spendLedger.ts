// The spend ledger: what generations cost, per month (UTC), workspace folder and provider, read from the history
// records. The history can hold thousands of records, so it is read asynchronously (a few files in flight,
// the event loop given a turn between records by the host's slicer), kept in memory, and brought up to date
// incrementally: a finished generation is added as it finishes, a refresh reads only the records not yet counted.
// What was counted is kept in a small cache file beside the history, so the next window reads only new records and
// the spend of generations the history has since pruned is still counted. No `vscode`: the MCP server can use it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomic';
import { addToLedger, emptyLedger, isMonth, ledgerBreakdown, monthOf, type CostLedger } from '../core/cost';
import { withFileLock } from '../core/fileLock';
import type { GenerationRecord, HistoryStore } from '../core/history';
import type { Logger } from '../core/log';
import { mapLimit } from '../core/mapLimit';
import { hostSlicer, type TimeSlicer } from '../core/timeSlice';
import type { RunEvent } from './generationService';
import { isPaid, spendEntryOf, type SpendEntry } from './spendEntry';

/** What `pixelsmith.spend` answers, and what the status bar shows. Amounts in USD, months `YYYY-MM` (UTC). */
export interface SpendSummary {
  readonly currency: 'USD';
  /** The month `thisMonth` is for. */
  readonly month: string;
  readonly thisMonth: number;
  readonly byMonth: Record<string, number>;
  readonly byWorkspace: Record<string, number>;
  readonly byProvider: Record<string, number>;
  /** Whether any generation cost money (the offline placeholder never does). */
  readonly paid: boolean;
  /** Finished generations whose price was unknown: counted as $0. */
  readonly unpriced: number;
  /** Estimated cost of the generations running now, not yet in the totals. */
  readonly runningUsd: number;
}

export interface SpendLedgerDeps {
  readonly history: Pick<HistoryStore, 'ids' | 'get'>;
  /** The cache of counted generations (a JSON file; its folder is created). */
  readonly cacheFile: string;
  readonly log: Logger;
  readonly slicer?: TimeSlicer;
  readonly now?: () => Date;
  /** Record files read at once. */
  readonly readConcurrency?: number;
  /** Wait before the cache is written after a change, in ms (changes in between are written together). */
  readonly persistDelayMs?: number;
}

interface CacheFile {
  readonly version: 1;
  /** [id, month, workspace, provider, usd | null] */
  readonly entries: readonly (readonly [string, string, string, string, number | null])[];
}

export class SpendLedger {
  private readonly entries = new Map<string, SpendEntry>();
  private readonly running = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private ledger: CostLedger = emptyLedger();
  private paidCount = 0;
  private unpricedCount = 0;
  private loaded: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain: Promise<void> | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private persisting: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly d: SpendLedgerDeps) {}

  /** Settles once the cache and every record in the history have been counted (the first call starts it). */
  ready(): Promise<void> {
    this.loaded ??= this.readCache().then(() => this.refresh());
    return this.loaded;
  }

  /** Count the records not counted yet (another window's generations, for one). Calls during a refresh share one more. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.readNewRecords().finally(() => { this.refreshing = undefined; });
      return this.refreshing;
    }
    this.refreshAgain ??= this.refreshing.then(() => { this.refreshAgain = undefined; return this.refresh(); });
    return this.refreshAgain;
  }

  /** Count every generation `service` runs: its estimate while it runs, its cost once it finishes. */
  watch(service: { onDidRun(listener: (e: RunEvent) => void): { dispose(): void } }): { dispose(): void } {
    return service.onDidRun((e) => { if (e.kind === 'started') this.started(e.record); else this.finished(e.record); });
  }

  /** A generation started: its estimate counts towards the budget until it finishes. */
  started(record: Pick<GenerationRecord, 'id' | 'provider' | 'estimate'>): void {
    if (record.provider !== 'offline') this.running.set(record.id, record.estimate.usd ?? 0);
  }

  /** A generation finished: count what it cost. */
  finished(record: GenerationRecord): void {
    this.running.delete(record.id);
    if (this.add(spendEntryOf(record))) this.changed();
  }

  summary(now: Date = this.d.now?.() ?? new Date()): SpendSummary {
    const month = monthOf(now);
    const b = ledgerBreakdown(this.ledger);
    return {
      currency: 'USD', month, thisMonth: b.byMonth[month] ?? 0, ...b,
      paid: this.paidCount > 0, unpriced: this.unpricedCount, runningUsd: round6([...this.running.values()].reduce((a, x) => a + x, 0)),
    };
  }

  /** This month's spend and the running estimates, once the history has been read: what the budget is checked against. */
  async monthSpend(): Promise<{ spentUsd: number; runningUsd: number }> {
    await this.ready();
    const s = this.summary();
    return { spentUsd: s.thisMonth, runningUsd: s.runningUsd };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Writes what is pending to the cache, then stops. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    if (this.persistTimer) { clearTimeout(this.persistTimer); this.persistTimer = undefined; await this.persist(); }
    await this.persisting;
  }

  private add(e: SpendEntry | undefined): boolean {
    if (!e || this.entries.has(e.id)) return false;
    this.entries.set(e.id, e);
    this.ledger = addToLedger(this.ledger, { workspace: e.workspace, month: e.month, provider: e.provider, usd: e.usd ?? 0 });
    if (isPaid(e)) this.paidCount++;
    if (e.usd === null) this.unpricedCount++;
    return true;
  }

  private async readNewRecords(): Promise<void> {
    const slicer = this.d.slicer ?? hostSlicer;
    const ids = (await this.d.history.ids()).filter((id) => !this.entries.has(id));
    let added = 0;
    await mapLimit(ids, this.d.readConcurrency ?? 16, async (id) => {
      await slicer.maybeYield();
      if (this.add(spendEntryOf((await this.d.history.get(id)) as GenerationRecord))) added++;
    });
    if (added > 0) this.changed();
  }

  private async readCache(): Promise<void> {
    const parsed = await readCacheFile(this.d.cacheFile, this.d.log);
    const slicer = this.d.slicer ?? hostSlicer;
    for (const e of parsed) {
      await slicer.maybeYield();
      this.add(e);
    }
  }

  private notify(): void {
    for (const l of this.listeners) {
      try { l(); } catch (e) { this.d.log.warn(`spend: a listener failed: ${String(e)}`); }
    }
  }

  private changed(): void {
    this.notify();
    if (this.disposed) return;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => { this.persistTimer = undefined; void this.persist(); }, this.d.persistDelayMs ?? 2000);
  }

  /** Merge with what other windows wrote, then write the union; one write at a time. */
  private persist(): Promise<void> {
    this.persisting = this.persisting.then(async () => {
      const file = this.d.cacheFile;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await withFileLock(`${file}.lock`, async () => {
          let merged = 0;
          for (const e of await readCacheFile(file, this.d.log)) if (this.add(e)) merged++;
          const body: CacheFile = { version: 1, entries: [...this.entries.values()].map((e) => [e.id, e.month, e.workspace, e.provider, e.usd] as const) };
          await writeFileAtomic(file, JSON.stringify(body));
          if (merged > 0) this.notify();
        });
      } catch (e) {
        this.d.log.warn(`spend: could not write ${path.basename(file)}: ${String(e)}`);
      }
    });
    return this.persisting;
  }
}

async function readCacheFile(file: string, log: Logger): Promise<SpendEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const body = JSON.parse(text) as Partial<CacheFile>;
    if (body.version !== 1 || !Array.isArray(body.entries)) throw new Error('not a version 1 spend cache');
    const out: SpendEntry[] = [];
    for (const row of body.entries) {
      if (!Array.isArray(row)) continue;
      const [id, month, workspace, provider, usd] = row as unknown[];
      if (typeof id !== 'string' || typeof month !== 'string' || !isMonth(month) || typeof workspace !== 'string' || typeof provider !== 'string') continue;
      if (usd !== null && !(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) continue;
      out.push({ id, month, workspace, provider, usd });
    }
    return out;
  } catch (e) {
    log.warn(`spend: ${path.basename(file)} is unreadable (${String(e)}); counting from the history again`);
    return [];
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
