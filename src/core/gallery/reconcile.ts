// Brings the gallery index back in line with the disk without trusting file events: VS Code's watcher merges a
// create and a delete of one path into nothing, so an asset renamed just after it was saved can leave a stale
// entry and no entry for its new name. A folder's mtime changes whenever a name in it is added, removed or
// renamed, so one stat per folder finds the folders to look at again; only those are listed, and the stamps
// (size and mtime) of their entries compared. Nothing is read unless a stamp changed. A subfolder that appeared
// (or changed) since its parent was last in step is entered too, so a new folder of assets is found without events.
import { folderOf, galleryFormatOf, type GalleryEntry } from './types';
import { forEachSliced, SIDECAR_SUFFIX, sidecarOf, stampOf, statAll, type GalleryFile, type GalleryFileStat, type GallerySync } from './sync';

export interface ReconcileOptions {
  /** A folder changed this recently (ms) is listed again next time: its mtime may not have ticked yet for a later change. */
  readonly racyMs?: number;
  /** Stats and listings at once. */
  readonly concurrency?: number;
  readonly now?: () => number;
}

export interface ReconcileReport {
  /** Folders whose mtime was looked at. */
  readonly folders: number;
  /** Folders listed again (changed, new, or changed too recently to trust). */
  readonly listed: number;
  /** Images re-read (added, changed or removed). */
  readonly refreshed: number;
}

interface Folder {
  readonly file: GalleryFile;
  /** The folder's mtime when it was last listed and found in step; undefined: list it next time. */
  mtime: number | undefined;
  /** When it was last listed (or its state taken from a full load): subfolders changed after this are entered. */
  checkedAt: number | undefined;
}

const RACY_MS = 2000;

export class GalleryReconciler {
  private readonly folders = new Map<string, Folder>();
  /** When the index was known to match the disk (the full load's listing); folders not listed since count from here. */
  private since: number;

  constructor(private readonly sync: GallerySync, private readonly options: ReconcileOptions = {}) {
    this.since = this.now();
  }

  /** Look at this folder (a workspace folder's root) even while no entry lies in it, so new folders in it are found. */
  watch(folder: GalleryFile): void {
    if (!this.folders.has(folder.key)) this.folders.set(folder.key, { file: folder, mtime: undefined, checkedAt: undefined });
  }

  /** A file event happened here: its folder is listed on the next reconcile (the event may be one of a merged pair). */
  touched(file: GalleryFile): void {
    const folder = folderFile(file);
    const known = this.folders.get(folder.key);
    if (known) known.mtime = undefined;
    else this.folders.set(folder.key, { file: folder, mtime: undefined, checkedAt: undefined });
  }

  /**
   * After a full load that began listing at `listedAt`: remember the mtime of each folder of the index that has not
   * changed since before the listing began (the listing saw its final state); the others are listed next time.
   */
  async baseline(listedAt: number): Promise<void> {
    this.since = listedAt;
    const folders = this.foldersOfIndex().folders;
    const stats = await statAll(this.sync.fs, folders.map((f) => f.file.key), this.concurrency);
    folders.forEach((f, i) => {
      const st = stats[i];
      f.mtime = st && !st.isFile && st.mtime < listedAt - this.racyMs ? st.mtime : undefined;
      f.checkedAt = listedAt;
    });
  }

  /** Stat every folder of the index (and those touched by events); list and re-check the ones that changed. */
  async reconcile(): Promise<ReconcileReport> {
    const { folders, entriesOf } = this.foldersOfIndex();
    const stats = await statAll(this.sync.fs, folders.map((f) => f.file.key), this.concurrency);
    const changed: { folder: Folder; stat: GalleryFileStat }[] = [];
    let refreshed = 0;
    for (const [i, folder] of folders.entries()) {
      const stat = stats[i];
      if (!stat || stat.isFile) {
        // The folder is gone (or is a file now): each of its entries is looked at again, which removes it.
        this.folders.delete(folder.file.key);
        for (const e of entriesOf.get(folder.file.key) ?? []) { await this.sync.refreshImage(e); refreshed++; }
        continue;
      }
      if (folder.mtime !== stat.mtime) changed.push({ folder, stat });
    }
    let listed = 0;
    // Listing a folder may find new subfolders to list in turn.
    while (changed.length > 0) {
      const round = changed.splice(0);
      listed += round.length;
      await forEachSliced(round, this.concurrency, async ({ folder, stat }) => {
        const r = await this.relist(folder, stat, entriesOf.get(folder.file.key) ?? []);
        refreshed += r.refreshed;
        changed.push(...r.enter);
      });
    }
    return { folders: folders.length, listed, refreshed };
  }

  /** List one folder, refresh each image whose entry is missing, stale or gone, and return the new subfolders to enter. */
  private async relist(folder: Folder, stat: GalleryFileStat, entries: readonly GalleryEntry[]): Promise<{ refreshed: number; enter: { folder: Folder; stat: GalleryFileStat }[] }> {
    const now = this.now();
    const listing = await this.sync.fs.list(folder.file);
    if (!listing) { folder.mtime = undefined; return { refreshed: 0, enter: [] }; }
    const names = new Set(listing.files.map((f) => f.key));
    const toRefresh = new Map<string, GalleryFile>();
    for (const e of entries) if (!names.has(e.key)) toRefresh.set(e.key, e);
    const images = listing.files.filter((f) => galleryFormatOf(f.relPath));
    await forEachSliced(images, this.concurrency, async (image) => {
      const entry = this.sync.index.byKey(image.key);
      const hasSidecar = names.has(image.key + SIDECAR_SUFFIX);
      if (!entry) {
        if (hasSidecar || this.sync.options.includeUntracked) toRefresh.set(image.key, image);
        return;
      }
      if ((entry.kind === 'asset') !== hasSidecar) { toRefresh.set(image.key, image); return; }
      const stampFile = entry.kind === 'asset' ? sidecarOf(image) : image;
      const current = await this.sync.fs.stat(stampFile.key).catch(() => undefined);
      if (!current || stampOf(current) !== entry.stamp) toRefresh.set(image.key, image);
    });
    for (const image of toRefresh.values()) await this.sync.refreshImage(image);
    const since = folder.checkedAt ?? this.since;
    const fresh = listing.folders.filter((f) => !this.folders.has(f.key));
    const freshStats = await statAll(this.sync.fs, fresh.map((f) => f.key), this.concurrency);
    const enter: { folder: Folder; stat: GalleryFileStat }[] = [];
    fresh.forEach((f, i) => {
      const st = freshStats[i];
      if (!st || st.isFile || st.mtime < since - this.racyMs) return;
      const sub: Folder = { file: f, mtime: undefined, checkedAt: undefined };
      this.folders.set(f.key, sub);
      enter.push({ folder: sub, stat: st });
    });
    folder.mtime = now - stat.mtime > this.racyMs ? stat.mtime : undefined;
    folder.checkedAt = now;
    return { refreshed: toRefresh.size, enter };
  }

  /** Every tracked folder plus the folder of every entry, and the direct entries of each. */
  private foldersOfIndex(): { folders: Folder[]; entriesOf: Map<string, GalleryEntry[]> } {
    const entriesOf = new Map<string, GalleryEntry[]>();
    for (const e of this.sync.index.entries()) {
      const key = parentKey(e.key);
      let list = entriesOf.get(key);
      if (!list) {
        entriesOf.set(key, list = []);
        if (!this.folders.has(key)) this.folders.set(key, { file: folderFile(e), mtime: undefined, checkedAt: undefined });
      }
      list.push(e);
    }
    return { folders: [...this.folders.values()], entriesOf };
  }

  private get racyMs(): number {
    return this.options.racyMs ?? RACY_MS;
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 32;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Keys are URIs (or paths): the folder is everything before the last slash. */
function parentKey(key: string): string {
  return key.slice(0, key.lastIndexOf('/'));
}

function folderFile(file: GalleryFile): GalleryFile {
  return { key: parentKey(file.key), relPath: folderOf(file.relPath) };
}
