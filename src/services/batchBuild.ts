// Batch mode for a manifest build: OpenAI text-to-image entries go out as one batch (half price, results within 24 h);
// the batch is stored (core/batch/store) so any window, after any reload, fetches its results. A finished batch's lines
// are run through a GenerationService whose provider replays them, so each image is checked and kept in the history
// like any generation, then written to its output with its sidecar; a failed line is reported on its entry.
import { BATCH_PRICE_FACTOR, batchInputLines, parseBatchResults, type LineOutcome } from '../core/batch/openaiProtocol';
import { TERMINAL_STATUSES, type BatchApi, type RemoteBatch } from '../core/batch/openaiClient';
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
  readonly api: () => Promise<BatchApi>;
  readonly history: HistoryStore;
  readonly log: Logger;
  /** Writes a generation's image 0 to the entry's output (in the batch's folder) with its sidecar. */
  readonly write: (batch: StoredBatch, entry: StoredBatchEntry, generationId: string) => Promise<void>;
  /** Who this process is, for the collecting claim (e.g. `pid@host`). */
  readonly self: string;
  /** Whether this process can write the batch's outputs (its folder is open here); default yes. */
  readonly owns?: (b: StoredBatch) => boolean;
}

/** The batch price of a request: half the direct estimate (null when unknown). */
export function batchEstimate(r: ImageRequest): number | null {
  return billedEstimate({ ...r, priceFactor: BATCH_PRICE_FACTOR });
}

export async function submitBatch(d: BatchDeps, folder: string, items: readonly { item: PlanItem; request: ImageRequest }[]): Promise<StoredBatch> {
  const lines = items.map(({ item, request }, i) => ({ customId: `${i}:${item.entry.id}`, request }));
  const api = await d.api();
  const remote = await api.submit(batchInputLines(lines), { source: 'pixelsmith', manifest: 'pixelsmith.assets.json' });
  const estimates = items.map((x) => batchEstimate(x.request));
  const batch: StoredBatch = {
    id: remote.id, provider: 'openai', createdAt: new Date().toISOString(), folder, status: remote.status, done: false,
    estimateUsd: estimates.includes(null) ? null : Math.round(estimates.reduce<number>((a, b) => a + (b ?? 0), 0) * 1e6) / 1e6,
    entries: items.map(({ item, request }, i) => {
      const { references: _r, mask: _m, ...sent } = request;
      return { customId: lines[i]!.customId, entryId: item.entry.id, output: item.entry.output, specHash: item.specHash, request: sent, state: 'pending' as const };
    }),
  };
  await d.store.add(batch);
  d.log.info(`batch ${batch.id}: ${batch.entries.length} image(s) submitted to the OpenAI Batch API`);
  return batch;
}

/** Checks one stored batch; when it has ended, fetches its results and saves them (unless another window is). */
export async function checkBatch(d: BatchDeps, id: string): Promise<StoredBatch | undefined> {
  const stored = await d.store.get(id);
  if (!stored || stored.done) return stored;
  const api = await d.api();
  const remote = await api.retrieve(id);
  const claimed = await d.store.update(id, (b) => {
    b.status = remote.status;
    b.checkedAt = new Date().toISOString();
    if (!TERMINAL_STATUSES.includes(remote.status)) return;
    if (b.claim && b.claim.by !== d.self && b.claim.until > Date.now()) return;
    b.claim = { by: d.self, until: Date.now() + 10 * 60_000 };
  });
  if (!claimed || claimed.claim?.by !== d.self || !TERMINAL_STATUSES.includes(remote.status)) return claimed;
  try {
    await collect(d, claimed, remote, api);
  } finally {
    await d.store.update(id, (b) => { delete b.claim; });
  }
  return d.store.get(id);
}

async function collect(d: BatchDeps, batch: StoredBatch, remote: RemoteBatch, api: BatchApi): Promise<void> {
  const files = await Promise.all([remote.outputFileId, remote.errorFileId].map((f) => (f ? api.content(f) : Promise.resolve(''))));
  const outcomes = parseBatchResults(...files);
  const ended = remote.status === 'completed' ? 'no result arrived for it' : `the batch ${remote.status}${remote.errors ? `: ${remote.errors}` : ''}`;
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
      b.done = b.entries.every((x) => x.state !== 'pending');
    });
  }
  await d.store.update(batch.id, (b) => { b.done = b.entries.every((x) => x.state !== 'pending'); });
}

/** The line's images through a GenerationService (checks, history, cost at the batch price), then to the output. */
async function save(d: BatchDeps, batch: StoredBatch, entry: StoredBatchEntry, outcome: Extract<LineOutcome, { ok: true }>): Promise<Pick<StoredBatchEntry, 'state' | 'error' | 'generationId'>> {
  const replay: ImageProvider = {
    id: 'openai',
    call: async () => {
      const full = outcome.usage ? actualCost(entry.request.model, outcome.usage, 'openai') : null;
      return {
        images: outcome.images.map((bytes) => ({ bytes })), ...(outcome.usage ? { usage: outcome.usage } : {}), ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
        ...(full !== null ? { costUsd: Math.round(full * BATCH_PRICE_FACTOR * 1e6) / 1e6 } : {}),
      };
    },
  };
  const engine = new GenerationEngine({ history: d.history, log: d.log, getProvider: async () => replay, maxConcurrency: () => 1, maxRetries: () => 0 });
  const service = new GenerationService<never, never>({ engine, log: d.log, confirmCost: async () => true, save: async () => [] });
  try {
    const { record } = await service.generate(entry.request, { origin: 'manifest', save: 'none', skipCostConfirmation: true });
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
  const remote = await (await d.api()).cancel(id);
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
