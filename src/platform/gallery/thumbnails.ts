// The gallery's thumbnail cache in the extension's global storage, through vscode.workspace.fs: the core cache
// (core/gallery/thumbnailCache.ts) with the host's file system, and its prune run in the background.
// Only PNGs are shrunk (the decoder is PNG-only: core/gallery/thumbnail makesThumbnail); JPEG, WebP, GIF, SVG and
// AVIF tiles load the original lazily at a small CSS size instead (see the README's gallery section for the trade-off).
import { rename } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ThumbnailCache, type ThumbnailFs, type ThumbnailMade, type ThumbnailState } from '../../core/gallery/thumbnailCache';
import type { Logger } from '../../core/log';
import type { ImageWorker } from '../../core/work/imageWorkerClient';

/** Prune once the gallery has settled, not while it is busy showing its first tiles. */
const PRUNE_DELAY_MS = 30_000;

export class GalleryThumbnails implements vscode.Disposable {
  private readonly cache: ThumbnailCache<vscode.Uri>;
  private pruneTimer: ReturnType<typeof setTimeout> | undefined;
  private pruneScheduled = false;

  constructor(readonly root: vscode.Uri, images: ImageWorker, private readonly log: Logger) {
    this.cache = new ThumbnailCache(uriFs(root), images, log);
  }

  static keyFor(sha256: string | undefined, identity: string): string {
    return ThumbnailCache.keyFor(sha256, identity);
  }

  /** Read the cache folder's listing once; the first call also schedules the background prune. */
  prepare(): Promise<void> {
    if (!this.pruneScheduled) {
      this.pruneScheduled = true;
      this.pruneTimer = setTimeout(() => void this.prune(), PRUNE_DELAY_MS);
    }
    return this.cache.prepare();
  }

  state(key: string): ThumbnailState | undefined {
    return this.cache.state(key);
  }

  /** The file of a ready thumbnail. */
  uriOf(key: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ThumbnailCache.fileOf(key));
  }

  ensure(key: string, source: vscode.Uri, claimsContentHash: boolean): Promise<ThumbnailMade> {
    return this.cache.ensure(key, source, claimsContentHash);
  }

  dispose(): void {
    clearTimeout(this.pruneTimer);
  }

  private async prune(): Promise<void> {
    try {
      const r = await this.cache.prune();
      if (r.thumbnails || r.temporary) this.log.info(`gallery: pruned ${r.thumbnails} unused thumbnail(s) and ${r.temporary} stale temporary file(s)`);
    } catch (e) {
      this.log.warn(`gallery: thumbnail prune failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function uriFs(root: vscode.Uri): ThumbnailFs<vscode.Uri> {
  const fs = vscode.workspace.fs;
  const at = (name: string) => vscode.Uri.joinPath(root, name);
  return {
    list: async () => (await fs.readDirectory(root)).map(([name]) => name),
    mtime: async (name) => { try { return (await fs.stat(at(name))).mtime; } catch { return undefined; } },
    write: async (name, bytes) => { await fs.createDirectory(root); await fs.writeFile(at(name), bytes); },
    // On disk the system's rename replaces in one step; workspace.fs's overwrite deletes the target first.
    rename: async (from, to) => {
      if (root.scheme === 'file') await rename(at(from).fsPath, at(to).fsPath);
      else await fs.rename(at(from), at(to), { overwrite: true });
    },
    remove: async (name) => { await fs.delete(at(name)); },
    sourceSize: async (source) => (await fs.stat(source)).size,
    readSource: async (source) => fs.readFile(source),
    describe: (source) => source.path.split('/').pop() ?? source.path,
  };
}
