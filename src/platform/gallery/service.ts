// The gallery's live index of the workspace: loaded once when first needed, then kept current by the
// file watchers, one file per event. Listeners hear about changes at most every `settleMs`.
// The first load shows the snapshot of the last session at once (workspace storage), then reconciles it with
// the files (reading only sidecars whose size or mtime changed) and publishes progress batch by batch; the
// snapshot is saved again after the load and, debounced, after changes. Events can be lost (the watcher merges a
// create and a delete of one path), so `reconcile()` re-checks the folders' mtimes when the view shows or a query runs.
// The first load yields to the page: once its first screen is known (the snapshot's newest entries, or the newest
// sidecars of a cold load) the rest waits until the page says it has shown it, at most FIRST_SCREEN_WAIT_MS, unless
// a caller needs the whole index (`ready()`). On two cores, reading 10,000 sidecars while the view was being built
// made the page appear 12 s after Open Gallery instead of 7 s (bench/gallery-open.bench.mjs).
import * as vscode from 'vscode';
import { GalleryIndex, type GalleryEntryInput } from '../../core/gallery/index';
import { GalleryReconciler } from '../../core/gallery/reconcile';
import { GallerySync, type GalleryFile } from '../../core/gallery/sync';
import type { Logger } from '../../core/log';
import { setting } from '../settings';
import { GallerySnapshotStore } from './snapshotStore';
import { findGalleryFiles, watchGalleryFiles, workspaceGalleryFs, workspaceRoots } from './workspaceFiles';

/** Quiet time after the last change before the snapshot is saved again. */
const SNAPSHOT_DELAY_MS = 3000;
/** How long the rest of the first load waits for the page to show the first screen. */
const FIRST_SCREEN_WAIT_MS = 10_000;

export class GalleryService implements vscode.Disposable {
  private sync: GallerySync;
  private reconciler: GalleryReconciler;
  // A reconcile queued and not started yet: later callers share it instead of queueing another.
  private pendingReconcile: Promise<void> | undefined;
  private loading: Promise<void> | undefined;
  private generation = 0;
  // Events are applied one after the other, after the load they arrived during.
  private queue: Promise<void> = Promise.resolve();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private loadedOnce = false;
  private readonly snapshots: GallerySnapshotStore;
  private readonly disposables: vscode.Disposable[] = [];
  private screenShown!: () => void;
  private readonly firstScreen = new Promise<void>((resolve) => { this.screenShown = resolve; });
  private firstScreenWait: Promise<void> | undefined;
  /** Emitted (coalesced) after the index changed. */
  readonly onDidChange = this.changeEmitter.event;

  /** `storage`: the extension's workspace storage (context.storageUri), for the index snapshot. */
  constructor(private readonly log: Logger, storage: vscode.Uri | undefined, private readonly settleMs = 100) {
    this.sync = this.newSync();
    this.reconciler = newReconciler(this.sync);
    this.snapshots = new GallerySnapshotStore(storage, log);
  }

  get index(): GalleryIndex {
    return this.sync.index;
  }

  get isLoading(): boolean {
    return this.loading !== undefined;
  }

  /** Start (once) the first load and the watchers; resolves when the whole first load is done, which then does not wait for the page. */
  ready(): Promise<void> {
    this.screenShown();
    return this.loaded();
  }

  /** Start (once) the first load and the watchers; resolves when the first load is done (after the page showed its first screen). */
  loaded(): Promise<void> {
    if (this.disposables.length === 0) {
      this.disposables.push(
        watchGalleryFiles({ changed: (f) => this.enqueue(() => this.sync.changed(f), f), deleted: (f) => this.enqueue(() => this.sync.deleted(f), f) }),
        vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration('pixelsmith.gallery.includeUntrackedImages') || e.affectsConfiguration('files.exclude')) this.reload();
        }),
      );
      this.reload();
    }
    return this.loading ?? this.queue;
  }

  /** The page showed its first screen: the rest of the first load may go on. */
  firstScreenShown(): void {
    this.screenShown();
  }

  /** Load the workspace again (folders or settings changed), starting from what is known (snapshot or index). */
  reload(): void {
    const generation = ++this.generation;
    const previous = this.loadedOnce ? [...this.sync.index.entries()] : undefined;
    this.loadedOnce = true;
    this.sync = this.newSync();
    this.reconciler = newReconciler(this.sync);
    const sync = this.sync;
    const reconciler = this.reconciler;
    const includeUntracked = sync.options.includeUntracked;
    const current = () => generation === this.generation;
    const started = Date.now();
    const yieldToPage = previous ? () => Promise.resolve() : () => this.waitForFirstScreen();
    const load = (async () => {
      // The snapshot's newest entries first, as the first screen; the rest once the page has shown it.
      const seed: readonly GalleryEntryInput[] = previous?.filter((e) => includeUntracked || e.kind === 'asset') ?? (await this.snapshots.read(includeUntracked, async (head) => {
        if (!current()) return;
        await sync.index.upsertAll(head);
        this.fire(true);
        this.log.info(`gallery: showing the newest ${head.length} known image(s) from the snapshot after ${Date.now() - started} ms`);
        await yieldToPage();
      })) ?? [];
      if (!current()) return;
      await sync.index.upsertAll(seed);
      if (!current()) return;
      if (seed.length) {
        this.fire(true);
        this.log.info(`gallery: showing ${seed.length} known image(s) ${previous ? 'from before the reload' : 'from the snapshot'} after ${Date.now() - started} ms`);
      }
      const listedAt = Date.now();
      const { images, sidecars } = await findGalleryFiles(this.log);
      if (!current()) return;
      const listed = Date.now() - started;
      let shown = seed.length > 0;
      const report = await sync.load(images, sidecars, {
        onProgress: () => {
          if (!current()) return;
          // The first screen of a cold load goes out at once; later batches are coalesced.
          this.fire(!shown);
          if (!shown) this.log.info(`gallery: showing the newest ${sync.index.size} asset(s) after ${Date.now() - started} ms (listing ${listed} ms)`);
          shown = true;
        },
        afterFirstBatch: yieldToPage,
      });
      if (!current()) return;
      this.log.info(`gallery: indexed ${report.assets} asset(s)${report.untracked ? ` and ${report.untracked} other image(s)` : ''} ` +
        `from ${sidecars.length} sidecar(s) and ${images.length} image(s) in ${Date.now() - started} ms (listing ${listed} ms; ` +
        `${report.reused} unchanged, ${report.removed} removed)${report.skipped ? `; ${report.skipped} sidecar(s) skipped` : ''}`);
      this.tokenizeWhenIdle(sync.index);
      await reconciler.baseline(listedAt);
      // After the baseline: a snapshot timer that fires while `loading` is still set is skipped.
      this.saveSnapshot(0);
    })().catch((e) => this.log.error(`gallery: indexing the workspace failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => { if (current()) this.loading = undefined; this.fire(); });
    this.loading = load;
    this.queue = this.queue.then(() => load);
    this.fire();
  }

  /**
   * Re-check the workspace without trusting events: a stat per folder of the index, and a listing of the folders
   * that changed (see GalleryReconciler). Queued after the events and the load; resolves when applied.
   */
  reconcile(): Promise<void> {
    if (this.disposables.length === 0) return this.ready();
    if (this.pendingReconcile) return this.pendingReconcile;
    const run = this.queue.then(async () => {
      this.pendingReconcile = undefined;
      const index = this.sync.index;
      const before = index.version;
      const started = Date.now();
      const report = await this.reconciler.reconcile();
      if (index.version === before) return;
      this.log.info(`gallery: reconciled ${report.refreshed} image(s) with the disk (not yet or never reported by the watcher) after listing ${report.listed} of ${report.folders} folder(s), ${Date.now() - started} ms`);
      this.fire();
      this.saveSnapshot(SNAPSHOT_DELAY_MS);
    }).catch((e) => this.log.warn(`gallery: reconcile failed: ${String(e)}`));
    this.pendingReconcile = run;
    this.queue = run;
    return run;
  }

  /** Apply the file events queued so far (tests and actions that must see their own change). */
  settled(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.snapshotTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changeEmitter.dispose();
  }

  private newSync(): GallerySync {
    return new GallerySync(new GalleryIndex(), workspaceGalleryFs, this.log, { includeUntracked: setting('gallery.includeUntrackedImages', vscode.workspace.workspaceFolders?.[0]?.uri) === true });
  }

  private enqueue(work: () => Promise<void>, f: GalleryFile): void {
    this.log.debug(`gallery: file event ${f.relPath}`);
    this.reconciler.touched(f);
    this.queue = this.queue.then(async () => {
      const index = this.sync.index;
      const before = index.version;
      await work();
      if (index.version !== before) { this.fire(); this.saveSnapshot(SNAPSHOT_DELAY_MS); }
    }).catch((e) => this.log.warn(`gallery: update of ${f.relPath} failed: ${String(e)}`));
  }

  /** Until the page has shown the first screen, or FIRST_SCREEN_WAIT_MS (once: later calls do not wait again). */
  private waitForFirstScreen(): Promise<void> {
    this.firstScreenWait ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = Date.now();
      const shown = await Promise.race([
        this.firstScreen.then(() => true),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), FIRST_SCREEN_WAIT_MS); }),
      ]);
      clearTimeout(timer);
      if (Date.now() - waited > 50) this.log.info(`gallery: the rest of the index waited ${Date.now() - waited} ms for the page${shown ? '' : ' (it did not say it had shown the first screen)'}`);
    })();
    return this.firstScreenWait;
  }

  /** Tell listeners (coalesced), or at once: the first screen should not wait. */
  private fire(now = false): void {
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.changeEmitter.fire();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.changeEmitter.fire(); }, this.settleMs);
  }

  private saveSnapshot(delayMs: number): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      if (this.loading) return; // the load saves it when done
      void this.snapshots.write(this.sync.index, this.sync.options.includeUntracked);
    }, delayMs);
  }

  /** Tokenize the prompts for search a slice at a time, so the first search is quick and the host stays responsive. */
  private tokenizeWhenIdle(index: GalleryIndex): void {
    setTimeout(() => {
      index.prepareSearchInSlices(() => index !== this.sync.index)
        .catch((e) => this.log.warn(`gallery: preparing search failed: ${e instanceof Error ? e.message : String(e)}`));
    }, 0);
  }
}

/** A reconciler that also looks at the workspace folders' roots, where new top-level folders appear. */
function newReconciler(sync: GallerySync): GalleryReconciler {
  const reconciler = new GalleryReconciler(sync);
  for (const root of workspaceRoots()) reconciler.watch(root);
  return reconciler;
}
