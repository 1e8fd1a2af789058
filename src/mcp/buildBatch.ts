// `build --batch` in CI: batchable entries (OpenAI and Gemini text-to-image) go to the providers' batch APIs at half
// price, and the pending batches are kept in the workspace's `.pixelsmith/batches.json` (the same BatchStore the
// extension keeps in its global storage), so a later `build --batch` — another CI job, a developer's machine with
// that file — collects them: each image checked, kept in the history at the batch price, written with its sidecar.
// `--wait` polls until every batch has ended or the deadline passes.
import * as os from 'node:os';
import * as path from 'node:path';
import { createBatchBackend } from '../core/batch/backends';
import { BatchStore, type StoredBatch } from '../core/batch/store';
import type { Logger } from '../core/log';
import { targetNow, writeFromHistory, type ManifestFiles } from '../core/manifest/output';
import type { PlanItem } from '../core/manifest/plan';
import type { ImageRequest } from '../core/types';
import { checkBatch, submitBatch, waitingEntries, type BatchDeps } from '../services/batchBuild';
import type { Headless } from './server';

/** Where `build --batch` keeps its batches, relative to the workspace (machine state: .gitignore it, see the README). */
export const BATCH_STATE_DIR = '.pixelsmith';
const TIMEOUT_MS = 120_000;

export interface CliBatchRound {
  /** Lines that failed in batches that ended in this round. */
  readonly failed: number;
  /** Batches still running. */
  readonly pending: readonly StoredBatch[];
}

export class CliBatches {
  readonly deps: BatchDeps;

  constructor(private readonly workspace: string, headless: Headless, files: ManifestFiles, log: Logger) {
    this.deps = {
      store: new BatchStore(path.join(workspace, BATCH_STATE_DIR)), history: headless.history, log, self: `cli-${process.pid}@${os.hostname()}`,
      workspaceOf: () => workspace,
      api: (provider) => createBatchBackend(provider, headless.providers.environment(provider), TIMEOUT_MS),
      write: async (_b, e, generationId) => writeFromHistory(files, headless.history, await targetNow(files, { id: e.entryId, output: e.output }, e.specHash), generationId),
    };
  }

  /** Entries waiting in a batch that has not ended: a build leaves them out instead of sending them again. */
  async pendingEntries(): Promise<Set<string>> {
    return new Set((await waitingEntries(this.deps.store)).keys());
  }

  async submit(items: readonly { item: PlanItem; request: ImageRequest }[], out: (line: string) => void): Promise<string[]> {
    const sent = await submitBatch(this.deps, this.workspace, items);
    for (const b of sent) out(`  batch    ${b.id} (${b.provider}): ${b.entries.map((e) => e.entryId).join(', ')}`);
    return sent.map((b) => b.id);
  }

  /** Checks every batch that has not ended; prints what each one that ended saved and what failed. */
  async collect(out: (line: string) => void): Promise<CliBatchRound> {
    await this.deps.store.prune();
    let failed = 0;
    for (const b of (await this.deps.store.list()).filter((x) => !x.done)) {
      let now: StoredBatch | undefined;
      try {
        now = await checkBatch(this.deps, b.id);
      } catch (e) {
        out(`  batch    ${b.id}: could not be checked: ${(e as Error).message}`);
        continue;
      }
      if (!now?.done) { out(`  batch    ${b.id} (${b.provider}): ${now?.status ?? b.status}, ${b.entries.length} image(s) pending`); continue; }
      out(`  batch    ${b.id} (${b.provider}) ${now.status}:`);
      for (const e of now.entries) {
        if (e.state === 'saved') out(`  saved    ${e.entryId}`);
        if (e.state === 'failed') { failed++; out(`  FAILED   ${e.entryId}: ${e.error ?? 'failed'}`); }
      }
    }
    return { failed, pending: (await this.deps.store.list()).filter((x) => !x.done) };
  }

  /** Collects until no batch is pending or `deadline` (epoch ms) passes; resolves to the lines that failed and what is left. */
  async wait(deadline: number, pollMs: number, out: (line: string) => void, signal?: AbortSignal): Promise<CliBatchRound> {
    let failed = 0;
    for (;;) {
      const round = await this.collect(out);
      failed += round.failed;
      if (round.pending.length === 0 || Date.now() + pollMs > deadline || signal?.aborted) return { failed, pending: round.pending };
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
