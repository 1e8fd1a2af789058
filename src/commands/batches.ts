// Batches of a manifest build in VS Code: kept in global storage (so any window, after any reload, fetches them),
// checked on startup and every few minutes, shown in the status bar while pending; `pixelsmith.checkBatches` checks now,
// `pixelsmith.cancelBatch { batchId? }` cancels one. Results are saved to the outputs of the folder open in this window.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { createBatchBackend } from '../core/batch/backends';
import { BatchStore, type StoredBatch } from '../core/batch/store';
import { formatUsd } from '../core/cost';
import { PixelsmithError } from '../core/errors';
import { targetNow, writeFromHistory } from '../core/manifest/output';
import { manifestFiles } from '../platform/manifest';
import type { Services } from '../platform/services';
import { setting } from '../platform/settings';
import { BatchPoller, cancelBatch, type BatchDeps } from '../services/batchBuild';

/** Minutes between checks of pending batches (the Batch API's results come within 24 h). */
const POLL_MS = Number(process.env.PIXELSMITH_TEST_BATCH_POLL_MS) || 120_000;

export interface Batches extends vscode.Disposable {
  readonly deps: BatchDeps;
  /** Checks now (after a submit, and on the command). */
  check(): Promise<void>;
}

export function registerBatches(s: Services): Batches {
  const folderOf = (b: StoredBatch) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(b.folder));
  const deps: BatchDeps = {
    store: new BatchStore(vscode.Uri.joinPath(s.context.globalStorageUri, 'batches').fsPath),
    history: s.history, log: s.log, self: `${process.pid}@${os.hostname()}`,
    api: async (provider) => createBatchBackend(provider, await s.providers.environment(provider), setting('requestTimeoutSeconds') * 1000),
    owns: (b) => folderOf(b) !== undefined,
    workspaceOf: (b) => folderOf(b)?.uri.fsPath,
    write: async (b, e, generationId) => {
      const root = folderOf(b);
      if (!root) throw new PixelsmithError('not-found', `The folder ${b.folder} is not open in this window.`);
      const files = manifestFiles(root);
      await writeFromHistory(files, s.history, await targetNow(files, { id: e.entryId, output: e.output }, e.specHash), generationId);
    },
  };
  const bar = vscode.window.createStatusBarItem('pixelsmith.batches', vscode.StatusBarAlignment.Right, 99);
  bar.name = 'Pixelsmith batches';
  bar.command = 'pixelsmith.checkBatches';
  const show = (pending: readonly StoredBatch[]) => {
    if (pending.length === 0) { bar.hide(); return; }
    const images = pending.reduce((a, b) => a + b.entries.filter((e) => e.state === 'pending').length, 0);
    bar.text = `$(cloud-upload) ${images} image(s) in ${pending.length} batch(es)`;
    bar.tooltip = pending.map((b) => `${b.id}: ${b.status}, ${b.entries.length} image(s), ${b.estimateUsd === null ? 'price unknown' : formatUsd(b.estimateUsd)} at the batch price; sent ${b.createdAt}`).join('\n');
    bar.show();
  };
  let last: readonly string[] = [];
  const poller = new BatchPoller(deps, POLL_MS, (pending) => {
    show(pending);
    // Saved images are in the history at the batch price: the spend status bar counts them now, not at the next focus.
    if (last.some((id) => !pending.some((b) => b.id === id))) void s.spend.refresh();
    void reportFinished(deps, last, pending.map((b) => b.id));
    last = pending.map((b) => b.id);
  });
  poller.start();
  const commands = vscode.Disposable.from(
    vscode.commands.registerCommand('pixelsmith.checkBatches', async () => {
      await poller.poll();
      return deps.store.list();
    }),
    vscode.commands.registerCommand('pixelsmith.cancelBatch', async (raw?: unknown) => {
      let id = raw && typeof raw === 'object' && typeof (raw as { batchId?: unknown }).batchId === 'string' ? (raw as { batchId: string }).batchId : undefined;
      if (!id) {
        const pending = (await deps.store.list()).filter((b) => !b.done && deps.owns!(b));
        const pick = await vscode.window.showQuickPick(pending.map((b) => ({ label: b.id, description: `${b.status}, ${b.entries.length} image(s)` })), { title: 'Pixelsmith: cancel which batch?' });
        id = pick?.label;
      }
      if (!id) return undefined;
      const b = await cancelBatch(deps, id);
      await poller.poll();
      return b;
    }),
  );
  return {
    deps, check: () => poller.poll(),
    dispose: () => { poller.dispose(); bar.dispose(); commands.dispose(); },
  };
}

/** Says what a batch that finished since the last round saved and what failed, per entry. */
async function reportFinished(deps: BatchDeps, before: readonly string[], now: readonly string[]): Promise<void> {
  for (const id of before.filter((x) => !now.includes(x))) {
    const b = await deps.store.get(id);
    if (!b?.done) continue;
    const saved = b.entries.filter((e) => e.state === 'saved');
    const failed = b.entries.filter((e) => e.state === 'failed');
    const text = `Pixelsmith: batch ${b.id} ${b.status}: saved ${saved.length}${failed.length ? `, ${failed.length} failed` : ''}.`;
    if (failed.length) void vscode.window.showWarningMessage(text, { detail: failed.map((e) => `${e.entryId}: ${e.error ?? 'failed'}`).join('\n') });
    else void vscode.window.showInformationMessage(text);
  }
}
