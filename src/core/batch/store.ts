// The batches a workspace submitted, kept in the extension's global storage (`batches.json`) so a batch outlives the
// window that sent it: every change is a read-modify-write under a lock file shared by all windows, written atomically.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic';
import { DAY_MS } from '../prune';
import { withFileLock } from '../fileLock';
import type { ImageRequest } from '../types';
import type { BatchProvider } from './backend';

export interface StoredBatchEntry {
  /** The line's custom_id. */
  readonly customId: string;
  /** The manifest entry it builds. */
  readonly entryId: string;
  /** Workspace-relative output. */
  readonly output: string;
  readonly specHash: string;
  /** The request as sent (text-to-image: no references). */
  readonly request: Omit<ImageRequest, 'references' | 'mask'>;
  state: 'pending' | 'saved' | 'failed';
  error?: string;
  generationId?: string;
}

export interface StoredBatch {
  /** The provider's batch id. */
  readonly id: string;
  readonly provider: BatchProvider;
  readonly createdAt: string;
  /** The workspace folder (a URI string) the outputs are written into. */
  readonly folder: string;
  readonly entries: StoredBatchEntry[];
  /** The batch price estimate (half the direct price); null when a price is unknown. */
  readonly estimateUsd: number | null;
  status: string;
  /** All entries are saved or failed: nothing left to fetch. */
  done: boolean;
  /** When it became done (the retention of finished batches counts from here). */
  endedAt?: string;
  /** A window collecting the results: others leave it alone until `until`. */
  claim?: { readonly by: string; readonly until: number };
  checkedAt?: string;
}

/** Finished batches are kept this long for Check Batches (and `build --batch`) to report, then forgotten. */
export const FINISHED_BATCH_RETENTION_MS = 7 * DAY_MS;

export class BatchStore {
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'batches.json');
  }

  async list(): Promise<StoredBatch[]> {
    try {
      const value = JSON.parse(await fs.readFile(this.file, 'utf8')) as { batches?: StoredBatch[] };
      return Array.isArray(value.batches) ? value.batches : [];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async get(id: string): Promise<StoredBatch | undefined> {
    return (await this.list()).find((b) => b.id === id);
  }

  /** Changes the stored batches under the lock; `change` returns what the caller wants back. */
  async change<T>(change: (batches: StoredBatch[]) => T): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    return withFileLock(`${this.file}.lock`, async () => {
      const batches = await this.list();
      const result = change(batches);
      await writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, batches }, null, 1)}\n`);
      return result;
    });
  }

  /** Forgets the batches that finished over `maxAgeMs` ago (pending ones are always kept); returns how many. */
  async prune(maxAgeMs = FINISHED_BATCH_RETENTION_MS, now = Date.now()): Promise<number> {
    const expired = (b: StoredBatch) => b.done && now - Date.parse(b.endedAt ?? b.checkedAt ?? b.createdAt) > maxAgeMs;
    // Most rounds find nothing to forget: no lock, no write.
    if (!(await this.list()).some(expired)) return 0;
    return this.change((all) => {
      const before = all.length;
      all.splice(0, all.length, ...all.filter((b) => !expired(b)));
      return before - all.length;
    });
  }

  add(b: StoredBatch): Promise<void> {
    return this.change((all) => { all.push(b); });
  }

  /** Applies `f` to the batch if it is stored; returns it as changed. */
  update(id: string, f: (b: StoredBatch) => void): Promise<StoredBatch | undefined> {
    return this.change((all) => {
      const b = all.find((x) => x.id === id);
      if (b) f(b);
      return b ? structuredClone(b) : undefined;
    });
  }
}
