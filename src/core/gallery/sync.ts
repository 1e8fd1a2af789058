// Keeps a GalleryIndex in step with the files of a workspace: a full load once, then one file at a time.
// Only sidecars are read (never images); a sidecar is untrusted input, so it is size-checked by stat before
// reading and parsed defensively; a bad one is skipped with a log line and never stops the rest.
import type { Logger } from '../log';
import { parseSidecar, SIDECAR_LIMITS, type Sidecar } from '../sidecar';
import type { GalleryIndex } from './index';
import { canHaveSidecar, galleryFormatOf } from './types';

export interface GalleryFileStat {
  readonly size: number;
  /** Modification time in ms. */
  readonly mtime: number;
  readonly isFile: boolean;
}

/** What the sync needs from a file system; keys are opaque strings (URIs on the host, paths in tests). */
export interface GalleryFileSystem {
  /** undefined when nothing is there. */
  stat(key: string): Promise<GalleryFileStat | undefined>;
  read(key: string): Promise<Uint8Array>;
}

/** A file of the workspace: its key, and its workspace-relative path with forward slashes. */
export interface GalleryFile {
  readonly key: string;
  readonly relPath: string;
}

export interface GallerySyncOptions {
  /** Show images without a sidecar too (no prompt data). */
  includeUntracked: boolean;
  /** Sidecars larger than this are skipped without being read. */
  readonly maxSidecarBytes?: number;
  /** Files read at once during a full load. */
  readonly concurrency?: number;
}

export interface GalleryLoadReport {
  readonly assets: number;
  readonly untracked: number;
  readonly skipped: number;
}

export const SIDECAR_SUFFIX = '.json';

/** `a/hero.png.json` → `a/hero.png`; undefined when the name is not an image's sidecar. */
export function imageOfSidecar(file: GalleryFile): GalleryFile | undefined {
  if (!file.relPath.toLowerCase().endsWith(SIDECAR_SUFFIX) || !file.key.toLowerCase().endsWith(SIDECAR_SUFFIX)) return undefined;
  const relPath = file.relPath.slice(0, -SIDECAR_SUFFIX.length);
  const format = galleryFormatOf(relPath);
  if (!format || !canHaveSidecar(format)) return undefined;
  return { key: file.key.slice(0, -SIDECAR_SUFFIX.length), relPath };
}

export function sidecarOf(image: GalleryFile): GalleryFile {
  return { key: image.key + SIDECAR_SUFFIX, relPath: image.relPath + SIDECAR_SUFFIX };
}

export class GallerySync {
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    readonly index: GalleryIndex,
    private readonly fs: GalleryFileSystem,
    private readonly log: Logger,
    readonly options: GallerySyncOptions,
  ) {}

  /** Index a whole workspace from the lists of its image and sidecar files (as a file search gives them). */
  async load(images: readonly GalleryFile[], sidecars: readonly GalleryFile[]): Promise<GalleryLoadReport> {
    const imageKeys = new Map(images.map((f) => [f.key, f]));
    const withSidecar = new Set<string>();
    let assets = 0;
    let skipped = 0;
    await mapLimit(sidecars, this.options.concurrency ?? 32, async (sc) => {
      const image = imageOfSidecar(sc);
      if (!image || !imageKeys.has(image.key)) return; // an orphan sidecar, or one of an image type without sidecars
      const sidecar = await this.readSidecar(sc);
      if (!sidecar) { skipped++; return; }
      withSidecar.add(image.key);
      this.index.upsert(assetEntry(imageKeys.get(image.key)!, sidecar));
      assets++;
    });
    let untracked = 0;
    if (this.options.includeUntracked) {
      const rest = images.filter((f) => !withSidecar.has(f.key) && galleryFormatOf(f.relPath));
      await mapLimit(rest, this.options.concurrency ?? 32, async (f) => {
        if (await this.indexUntracked(f)) untracked++;
      });
    }
    return { assets, untracked, skipped };
  }

  /** An image or a sidecar was created or changed: re-index that one image. */
  async changed(file: GalleryFile): Promise<void> {
    const image = imageOfSidecar(file) ?? (galleryFormatOf(file.relPath) ? file : undefined);
    if (image) await this.refreshImage(image);
  }

  /** A file or folder was deleted. */
  async deleted(file: GalleryFile): Promise<void> {
    const image = imageOfSidecar(file);
    if (image) { await this.refreshImage(image); return; } // the image may stay, as untracked
    if (galleryFormatOf(file.relPath) && this.index.byKey(file.key)) { this.index.remove(file.key); return; }
    for (const key of this.index.keysUnder(file.key)) this.index.remove(key);
  }

  /** Re-read the state of one image and its sidecar, and update (or remove) its entry. */
  async refreshImage(image: GalleryFile): Promise<void> {
    const format = galleryFormatOf(image.relPath);
    const stat = format ? await this.fs.stat(image.key).catch(() => undefined) : undefined;
    if (!format || !stat?.isFile) { this.index.remove(image.key); return; }
    const sidecar = canHaveSidecar(format) ? await this.readSidecar(sidecarOf(image)) : undefined;
    if (sidecar) this.index.upsert(assetEntry(image, sidecar, stat.size));
    else if (this.options.includeUntracked) this.index.upsert(untrackedEntry(image, stat));
    else this.index.remove(image.key);
  }

  /** The checked sidecar of a file, or undefined (missing, too large, malformed: logged). */
  async readSidecar(file: GalleryFile): Promise<Sidecar | undefined> {
    const max = this.options.maxSidecarBytes ?? SIDECAR_LIMITS.maxBytes;
    const stat = await this.fs.stat(file.key).catch(() => undefined);
    if (!stat) return undefined;
    if (!stat.isFile) { this.log.warn(`gallery: skipped ${file.relPath}: not a file`); return undefined; }
    if (stat.size > max) {
      this.log.warn(`gallery: skipped ${file.relPath}: ${stat.size} bytes is larger than a sidecar may be (${max})`);
      return undefined;
    }
    try {
      const bytes = await this.fs.read(file.key);
      return parseSidecar(this.decoder.decode(bytes.byteLength > max ? bytes.subarray(0, max + 1) : bytes), max);
    } catch (e) {
      this.log.warn(`gallery: skipped ${file.relPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private async indexUntracked(f: GalleryFile): Promise<boolean> {
    const stat = await this.fs.stat(f.key).catch(() => undefined);
    if (!stat?.isFile) return false;
    this.index.upsert(untrackedEntry(f, stat));
    return true;
  }
}

function assetEntry(image: GalleryFile, sidecar: Sidecar, bytes?: number) {
  return {
    key: image.key, relPath: image.relPath, kind: 'asset' as const, format: galleryFormatOf(image.relPath)!, sidecar,
    bytes: bytes ?? sidecar.bytes, time: Date.parse(sidecar.createdAt),
  };
}

function untrackedEntry(image: GalleryFile, stat: GalleryFileStat) {
  return { key: image.key, relPath: image.relPath, kind: 'untracked' as const, format: galleryFormatOf(image.relPath)!, bytes: stat.size, time: stat.mtime };
}

/** Run `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
