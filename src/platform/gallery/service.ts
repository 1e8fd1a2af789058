// The gallery's live index of the workspace: loaded once when first needed, then kept current by the
// file watchers, one file per event. Listeners hear about changes at most every `settleMs`.
import * as vscode from 'vscode';
import { GalleryIndex } from '../../core/gallery/index';
import { GallerySync, type GalleryFile } from '../../core/gallery/sync';
import type { Logger } from '../../core/log';
import { setting } from '../settings';
import { findGalleryFiles, watchGalleryFiles, workspaceGalleryFs } from './workspaceFiles';

export class GalleryService implements vscode.Disposable {
  private sync: GallerySync;
  private loading: Promise<void> | undefined;
  private generation = 0;
  // Events are applied one after the other, after the load they arrived during.
  private queue: Promise<void> = Promise.resolve();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Emitted (coalesced) after the index changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: Logger, private readonly settleMs = 100) {
    this.sync = this.newSync();
  }

  get index(): GalleryIndex {
    return this.sync.index;
  }

  get isLoading(): boolean {
    return this.loading !== undefined;
  }

  /** Start (once) the first load and the watchers; resolves when the first load is done. */
  ready(): Promise<void> {
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

  /** Drop the index and load the workspace again (folders or settings changed). */
  reload(): void {
    const generation = ++this.generation;
    this.sync = this.newSync();
    const started = Date.now();
    const load = (async () => {
      const { images, sidecars } = await findGalleryFiles();
      if (generation !== this.generation) return;
      const report = await this.sync.load(images, sidecars);
      this.log.info(`gallery: indexed ${report.assets} asset(s)${report.untracked ? ` and ${report.untracked} other image(s)` : ''} ` +
        `from ${sidecars.length} sidecar(s) and ${images.length} image(s) in ${Date.now() - started} ms${report.skipped ? `; ${report.skipped} sidecar(s) skipped` : ''}`);
    })().catch((e) => this.log.error(`gallery: indexing the workspace failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => { if (generation === this.generation) this.loading = undefined; this.fire(); });
    this.loading = load;
    this.queue = this.queue.then(() => load);
    this.fire();
  }

  /** Apply the file events queued so far (tests and actions that must see their own change). */
  settled(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changeEmitter.dispose();
  }

  private newSync(): GallerySync {
    return new GallerySync(new GalleryIndex(), workspaceGalleryFs, this.log, { includeUntracked: setting('gallery.includeUntrackedImages', vscode.workspace.workspaceFolders?.[0]?.uri) === true });
  }

  private enqueue(work: () => Promise<void>, f: GalleryFile): void {
    this.log.debug(`gallery: file event ${f.relPath}`);
    this.queue = this.queue.then(async () => {
      const index = this.sync.index;
      const before = index.version;
      await work();
      if (index.version !== before) this.fire();
    }).catch((e) => this.log.warn(`gallery: update of ${f.relPath} failed: ${String(e)}`));
  }

  private fire(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.changeEmitter.fire(); }, this.settleMs);
  }
}
