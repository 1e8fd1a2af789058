// Thumbnails made once and kept in the extension's global storage, named by the image's content hash
// (the sidecar's sha256, or the history record's), so a copy, a rename or another workspace reuses them.
// Only PNGs are shrunk here (the decoder is PNG-only); JPEG, WebP, GIF and SVG tiles load the original
// lazily at a small CSS size instead (see the README's gallery section for the trade-off).
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { makePngThumbnail } from '../../core/gallery/thumbnail';
import { sha256 } from '../../core/history';
import type { Logger } from '../../core/log';

/** Larger PNGs are not decoded for a thumbnail; their tile shows the original, lazily. */
const MAX_SOURCE_BYTES = 40 * 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;

export class ThumbnailCache {
  private readonly known = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly inFlight = new Map<string, Promise<vscode.Uri | undefined>>();
  private listed: Promise<void> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly root: vscode.Uri, private readonly log: Logger, private readonly concurrency = 2) {}

  /** The cache key of an image: its content hash when known, else a hash of where it is and its stat. */
  static keyFor(sha256: string | undefined, identity: string): string {
    return sha256 && HASH.test(sha256) ? sha256 : createHash('sha256').update(identity).digest('hex');
  }

  /** Read the cache folder's listing once, so lookups need no file system call. */
  prepare(): Promise<void> {
    this.listed ??= Promise.resolve(vscode.workspace.fs.readDirectory(this.root)).then(
      (entries) => { for (const [name] of entries) if (name.endsWith('.png')) this.known.add(name.slice(0, -4)); },
      () => undefined,
    );
    return this.listed;
  }

  /** The cached thumbnail, when it was made before. */
  cached(key: string): vscode.Uri | undefined {
    return this.known.has(key) ? this.uriOf(key) : undefined;
  }

  /** Whether making a thumbnail was tried and failed (the tile then shows the original). */
  hasFailed(key: string): boolean {
    return this.failed.has(key);
  }

  /**
   * Make the thumbnail of the PNG at `source` (once; concurrent asks share the work). When `key` claims to be
   * the content hash (from a sidecar, which may lie), the bytes are hashed and the thumbnail is filed under
   * their real hash, so a hostile sidecar cannot put its picture on another image's tile.
   */
  ensure(key: string, source: vscode.Uri, claimsContentHash: boolean): Promise<vscode.Uri | undefined> {
    const hit = this.cached(key);
    if (hit) return Promise.resolve(hit);
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.limited(() => this.make(key, source, claimsContentHash)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private uriOf(key: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, `${key}.png`);
  }

  private async make(claimed: string, source: vscode.Uri, claimsContentHash: boolean): Promise<vscode.Uri | undefined> {
    let key = claimed;
    try {
      const stat = await vscode.workspace.fs.stat(source);
      if (stat.size > MAX_SOURCE_BYTES) throw new Error(`${stat.size} bytes is too large to shrink`);
      const bytes = await vscode.workspace.fs.readFile(source);
      if (claimsContentHash) key = sha256(bytes);
      if (this.known.has(key)) return this.uriOf(key);
      const thumb = makePngThumbnail(bytes);
      await vscode.workspace.fs.createDirectory(this.root);
      // Write under a temporary name, then rename: a half-written thumbnail is never served.
      const tmp = vscode.Uri.joinPath(this.root, `${key}.${process.pid}.${Date.now()}.tmp`);
      await vscode.workspace.fs.writeFile(tmp, thumb.png);
      await vscode.workspace.fs.rename(tmp, this.uriOf(key), { overwrite: true });
      this.known.add(key);
      return this.uriOf(key);
    } catch (e) {
      this.failed.add(claimed);
      this.log.debug(`gallery: no thumbnail for ${source.path.split('/').pop()}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
