// Batch mode for a manifest build: OpenAI and Gemini text-to-image entries go out as batches (half price, results
// within 24 h); each batch is stored (core/batch/store) so any window, after any reload, fetches its results. A finished
// batch's lines are run through a GenerationService whose provider replays them, so each image is checked and kept in
// the history like any generation, then written to its output with its sidecar; a failed line is reported on its entry.
import { BATCH_PRICE_FACTOR, type BatchBackend, type BatchProvider, type LineOutcome } from '../core/batch/backend';
import { batchGroups } from '../core/batch/backends';
import type { BatchStore, StoredBatch, StoredBatchEntry } from '../core/batch/store';
import { actualCost } from '../core/cost';
import { billedEstimate } from '../core/costConfirmation';
import { GenerationEngine } from '../core/engine';
import { PixelsmithError, toErrorInfo } from '../core/errors';
import type { HistoryStore } from '../core/history';
import type { Logger } from '../core/log';
import type { PlanItem } from '../core/manifest/plan';
import type { ImageProvider, ImageRequest } from '../core/types';
import { GenerationService } from './generationService';

export interface BatchDeps {
  readonly store: BatchStore;
  /** The batch API of a provider, with its key. */
  readonly api: (provider: BatchProvider) => Promise<BatchBackend>;
  readonly history: HistoryStore;
  readonly log: Logger;
  /** Writes a generation's image 0 to the entry's output (in the batch's folder) with its sidecar. */
  readonly write: (batch: StoredBatch, entry: StoredBatchEntry, generationId: string) => Promise<void>;
  /** Who this process is, for the collecting claim (e.g. `pid@host`). */
  readonly self: string;
  /** Whether this process can write the batch's outputs (its folder is open here); default yes. */
  readonly owns?: (b: StoredBatch) => boolean;
  /** The batch's workspace folder as a path, recorded with each generation (the spend ledger counts by it). */
  readonly workspaceOf?: (b: StoredBatch) => string | undefined;
}

/** The batch price of a request: half the direct estimate (null when unknown). */
export function batchEstimate(r: ImageRequest): number | null {
  return billedEstimate({ ...r, priceFactor: BATCH_PRICE_FACTOR });
}

const PROVIDER_NAME: Readonly<Record<BatchProvider, string>> = { openai: 'OpenAI Batch API', gemini: 'Gemini Batch API' };

/**
 * The entries waiting in a batch that has not ended (entry id → batch id), of the batches writing into `folder` when
 * given: a build leaves them out instead of paying for them again; their results are saved when the batch ends.
 */
export async function waitingEntries(store: BatchStore, folder?: string): Promise<Map<string, string>> {
  const open = (await store.list()).filter((b) => !b.done && (folder === undefined || b.folder === folder));
  return new Map(open.flatMap((b) => b.entries.filter((e) => e.state === 'pending').map((e) => [e.entryId, b.id] as const)));
}

/** Sends the items as batches (one per provider, Gemini one per model, see batchGroups) and stores each; resolves to them in order. */
export async function submitBatch(d: BatchDeps, folder: string, items: readonly { item: PlanItem; request: ImageRequest }[]): Promise<StoredBatch[]> {
  const byId = new Map(items.map(({ item, request }, i) => [`${i}:${item.entry.id}`, { item, request }]));
  const out: StoredBatch[] = [];
  for (const group of batchGroups([...byId].map(([customId, x]) => ({ customId, request: x.request })))) {
    const api = await d.api(group.provider);
    const remote = await api.submit(group.lines, 'pixelsmith.assets.json');
    const estimates = group.lines.map((l) => batchEstimate(l.request));
    const batch: StoredBatch = {
      id: remote.id, provider: group.provider, createdAt: new Date().toISOString(), folder, status: remote.status, done: false,
      estimateUsd: estimates.includes(null) ? null : Math.round(estimates.reduce<number>((a, b) => a + (b ?? 0), 0) * 1e6) / 1e6,
      entries: group.lines.map(({ customId, request }) => {
        const { item } = byId.get(customId)!;
        const { references: _r, mask: _m, ...sent } = request;
        return { customId, entryId: item.entry.id, output: item.entry.output, specHash: item.specHash, request: sent, state: 'pending' as const };
      }),
    };
    await d.store.add(batch);
    d.log.info(`batch ${batch.id}: ${batch.entries.length} image(s) submitted to the ${PROVIDER_NAME[group.provider]}`);
    out.push(batch);
  }
  return out;
}

/** Checks one stored batch; when it has ended, fetches its results and saves them (unless another window is). */
export async function checkBatch(d: BatchDeps, id: string): Promise<StoredBatch | undefined> {
  const stored = await d.store.get(id);
  if (!stored || stored.done) return stored;
  const api = await d.api(stored.provider);
  const remote = await api.retrieve(id);
  const claimed = await d.store.update(id, (b) => {
    b.status = remote.status;
    b.checkedAt = new Date().toISOString();
    if (!remote.ended) return;
    if (b.claim && b.claim.by !== d.self && b.claim.until > Date.now()) return;
    b.claim = { by: d.self, until: Date.now() + 10 * 60_000 };
  });
  if (!claimed || claimed.claim?.by !== d.self || !remote.ended) return claimed;
  try {
    await collect(d, claimed, await api.results(remote, claimed.entries.map((e) => e.customId)), remote.status === 'completed' || remote.status === 'succeeded' ? 'no result arrived for it' : `the batch ${remote.status}${remote.errors ? `: ${remote.errors}` : ''}`);
  } finally {
    await d.store.update(id, (b) => { delete b.claim; });
  }
  return d.store.get(id);
}

/** `ended`: what a line without a result is told (the batch completed without it, or was cancelled or expired). */
async function collect(d: BatchDeps, batch: StoredBatch, outcomes: ReadonlyMap<string, LineOutcome>, ended: string): Promise<void> {
  for (const entry of batch.entries.filter((e) => e.state === 'pending')) {
    const outcome = outcomes.get(entry.customId);
    let result: Pick<StoredBatchEntry, 'state' | 'error' | 'generationId'>;
    if (!outcome || !outcome.ok) {
      result = { state: 'failed', error: outcome ? outcome.error : ended };
    } else {
      result = await save(d, batch, entry, outcome);
    }
    if (result.state === 'failed') d.log.warn(`batch ${batch.id}: ${entry.entryId}: ${result.error}`);
    await d.store.update(batch.id, (b) => {
      const e = b.entries.find((x) => x.customId === entry.customId);
      if (e) Object.assign(e, result);
      markDone(b);
    });
  }
  await d.store.update(batch.id, (b) => { markDone(b); });
}

function markDone(b: StoredBatch): void {
  b.done = b.entries.every((x) => x.state !== 'pending');
  if (b.done) b.endedAt ??= new Date().toISOString();
}

/** The line's images through a GenerationService (checks, history, cost at the batch price), then to the output. */
async function save(d: BatchDeps, batch: StoredBatch, entry: StoredBatchEntry, outcome: Extract<LineOutcome, { ok: true }>): Promise<Pick<StoredBatchEntry, 'state' | 'error' | 'generationId'>> {
  const replay: ImageProvider = {
    id: batch.provider,
    call: async () => {
      const full = outcome.usage ? actualCost(entry.request.model, outcome.usage, batch.provider) : null;
      return {
        images: outcome.images.map((bytes) => ({ bytes })), ...(outcome.usage ? { usage: outcome.usage } : {}), ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
        ...(full !== null ? { costUsd: Math.round(full * BATCH_PRICE_FACTOR * 1e6) / 1e6 } : {}),
      };
    },
  };
  const engine = new GenerationEngine({ history: d.history, log: d.log, getProvider: async () => replay, maxConcurrency: () => 1, maxRetries: () => 0 });
  const service = new GenerationService<never, never>({ engine, log: d.log, confirmCost: async () => true, save: async () => [] });
  try {
    const workspace = d.workspaceOf?.(batch);
    const { record } = await service.generate(entry.request, { origin: 'manifest', save: 'none', skipCostConfirmation: true, ...(workspace ? { context: { workspace } } : {}) });
    if (record.images.length === 0) return { state: 'failed', error: record.errors[0]?.message ?? 'the image was not usable', generationId: record.id };
    try {
      await d.write(batch, entry, record.id);
      return { state: 'saved', generationId: record.id };
    } catch (e) {
      return { state: 'failed', error: toErrorInfo(e).message, generationId: record.id };
    }
  } catch (e) {
    return { state: 'failed', error: toErrorInfo(e).message };
  } finally {
    service.dispose();
  }
}

export async function cancelBatch(d: BatchDeps, id: string): Promise<StoredBatch> {
  const stored = await d.store.get(id);
  if (!stored) throw new PixelsmithError('not-found', `No batch ${id} is stored.`, { field: 'batchId' });
  const remote = await (await d.api(stored.provider)).cancel(id);
  return (await d.store.update(id, (b) => { b.status = remote.status; }))!;
}

/** Checks every unfinished batch now and every `intervalMs`; `onChange` after each round (for the status bar). */
export class BatchPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly d: BatchDeps, private readonly intervalMs: number, private readonly onChange: (pending: readonly StoredBatch[]) => void = () => undefined) {}

  start(): void {
    void this.poll();
  }

  /** One round now (also what the timer runs); resolves when it is done. */
  poll(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
      if (!this.disposed) { clearTimeout(this.timer); this.timer = setTimeout(() => void this.poll(), this.intervalMs); }
    });
    return this.running;
  }

  private async round(): Promise<void> {
    await this.d.store.prune().catch((e: unknown) => this.d.log.warn(`batches: ${toErrorInfo(e).message}`));
    for (const b of (await this.d.store.list()).filter((x) => !x.done && (this.d.owns?.(x) ?? true))) {
      if (this.disposed) return;
      try {
        await checkBatch(this.d, b.id);
      } catch (e) {
        this.d.log.warn(`batch ${b.id}: ${toErrorInfo(e).message}`);
      }
    }
    this.onChange((await this.d.store.list()).filter((x) => !x.done && (this.d.owns?.(x) ?? true)));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
