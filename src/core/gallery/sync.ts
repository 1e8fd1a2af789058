// Keeps a GalleryIndex in step with the files of a workspace: a full load once, then one file at a time.
// Only sidecars are read (never images); a sidecar is untrusted input, so it is size-checked by stat before
// reading and parsed defensively; a bad one is skipped with a log line and never stops the rest.
// A load goes over every file of the workspace on the host's thread, so each of its loops gives the event loop
// a turn every few milliseconds (the shared TimeSlicer).
import type { Logger } from '../log';
import { forEachLimit } from '../mapLimit';
import { parseSidecar, SIDECAR_LIMITS, type Sidecar } from '../sidecar';
import { hostSlicer, type TimeSlicer } from '../timeSlice';
import type { GalleryEntryInput, GalleryIndex } from './index';
import { galleryFormatOf } from './types';

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
  /** The wanted files and the (not excluded) subfolders directly in a folder, or undefined when it cannot be listed. */
  list(folder: GalleryFile): Promise<GalleryListing | undefined>;
}

export interface GalleryListing {
  readonly files: readonly GalleryFile[];
  readonly folders: readonly GalleryFile[];
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
  /** Gives the event loop its turns during a load; the host's shared one by default. */
  readonly slicer?: TimeSlicer;
}

export interface GalleryLoadOptions {
  /** Called after each batch of sidecars read during a load (the first batch holds the newest files). */
  readonly onProgress?: () => void;
  /** Awaited after the first batch, before the rest are read (the host lets the page show the first screen first). */
  readonly afterFirstBatch?: () => Promise<void>;
}

export interface GalleryLoadReport {
  readonly assets: number;
  readonly untracked: number;
  readonly skipped: number;
  /** Entries kept from before (a snapshot) because their file's stamp had not changed: nothing was read. */
  readonly reused: number;
  /** Entries dropped because their files are no longer listed. */
  readonly removed: number;
}

/** Sidecars read before the first progress report; later batches double up to MAX_BATCH. */
const FIRST_BATCH = 200;
const MAX_BATCH = 3200;

export const SIDECAR_SUFFIX = '.json';

/** `a/hero.png.json` → `a/hero.png`; undefined when the name is not an image's sidecar. */
export function imageOfSidecar(file: GalleryFile): GalleryFile | undefined {
  if (!file.relPath.toLowerCase().endsWith(SIDECAR_SUFFIX) || !file.key.toLowerCase().endsWith(SIDECAR_SUFFIX)) return undefined;
  const relPath = file.relPath.slice(0, -SIDECAR_SUFFIX.length);
  const format = galleryFormatOf(relPath);
  if (!format) return undefined;
  return { key: file.key.slice(0, -SIDECAR_SUFFIX.length), relPath };
}

export function sidecarOf(image: GalleryFile): GalleryFile {
  return { key: image.key + SIDECAR_SUFFIX, relPath: image.relPath + SIDECAR_SUFFIX };
}

export class GallerySync {
  private readonly decoder = new TextDecoder('utf-8');
  /** Sidecars skipped (by key) with the stamp they had then. */
  private readonly skipped = new Map<string, string>();
  private readonly slicer: TimeSlicer;

  constructor(
    readonly index: GalleryIndex,
    readonly fs: GalleryFileSystem,
    private readonly log: Logger,
    readonly options: GallerySyncOptions,
  ) {
    this.slicer = options.slicer ?? hostSlicer;
  }

  /**
   * Bring the index in line with a workspace, given the lists of its image and sidecar files (as a file search
   * gives them). Entries already in the index (from a snapshot) whose file has the same stamp (size and mtime)
   * are kept without reading anything; the other sidecars are read newest first (by mtime, from a stat) with
   * bounded parallelism, and `onProgress` is called after each batch so the grid can show them as they come;
   * entries of files no longer listed are removed.
   */
  async load(images: readonly GalleryFile[], sidecars: readonly GalleryFile[], opts: GalleryLoadOptions = {}): Promise<GalleryLoadReport> {
    const limit = this.options.concurrency ?? 32;
    const slicer = this.slicer;
    const imageKeys = new Map<string, GalleryFile>();
    for (const f of images) {
      imageKeys.set(f.key, f);
      await slicer.maybeYield();
    }
    // An orphan sidecar, or one of an image type without sidecars, is not looked at.
    const pairs: { image: GalleryFile; sidecar: GalleryFile }[] = [];
    for (const sc of sidecars) {
      const image = imageOfSidecar(sc);
      const listed = image && imageKeys.get(image.key);
      if (listed) pairs.push({ image: listed, sidecar: sc });
      await slicer.maybeYield();
    }
    const stats = await statAll(this.fs, pairs.map((p) => p.sidecar.key), limit, slicer);
    const kept = new Set<string>();
    let reused = 0;
    const toRead: { image: GalleryFile; sidecar: GalleryFile; stat: GalleryFileStat }[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      const stat = stats[i];
      if (stat) { // else gone since the listing
        const old = this.index.byKey(p.image.key);
        if (old?.kind === 'asset' && old.relPath === p.image.relPath && old.stamp === stampOf(stat)) { kept.add(p.image.key); reused++; }
        else toRead.push({ ...p, stat });
      }
      await slicer.maybeYield();
    }
    toRead.sort((a, b) => b.stat.mtime - a.stat.mtime);
    let assets = reused;
    let skipped = 0;
    for (let at = 0, batch = FIRST_BATCH; at < toRead.length; at += batch, batch = Math.min(batch * 2, MAX_BATCH)) {
      await forEachSliced(toRead.slice(at, at + batch), limit, async ({ image, sidecar: sc, stat }) => {
        const sidecar = await this.readSidecar(sc, stat);
        if (!sidecar) { skipped++; return; }
        kept.add(image.key);
        this.index.upsert(assetEntry(image, sidecar, stampOf(stat)));
        assets++;
      }, slicer);
      opts.onProgress?.();
      if (at === 0) await opts.afterFirstBatch?.();
    }
    let untracked = 0;
    if (this.options.includeUntracked) {
      const rest: GalleryFile[] = [];
      for (const f of images) {
        if (!kept.has(f.key) && galleryFormatOf(f.relPath)) rest.push(f);
        await slicer.maybeYield();
      }
      const restStats = await statAll(this.fs, rest.map((f) => f.key), limit, slicer);
      for (let i = 0; i < rest.length; i++) {
        const f = rest[i]!;
        const stat = restStats[i];
        if (stat?.isFile) {
          kept.add(f.key);
          untracked++;
          const old = this.index.byKey(f.key);
          if (old?.kind === 'untracked' && old.relPath === f.relPath && old.stamp === stampOf(stat)) reused++;
          else this.index.upsert(untrackedEntry(f, stat));
        }
        await slicer.maybeYield();
      }
    }
    const gone: string[] = [];
    for (const e of [...this.index.entries()]) {
      if (!kept.has(e.key)) gone.push(e.key);
      await slicer.maybeYield();
    }
    for (const key of gone) {
      this.index.remove(key);
      await slicer.maybeYield();
    }
    return { assets, untracked, skipped, reused, removed: gone.length };
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
    const sc = sidecarOf(image);
    const scStat = await this.fs.stat(sc.key).catch(() => undefined);
    const read = scStat && (await this.readSidecar(sc, scStat));
    const sidecar = read ? { sidecar: read, stamp: stampOf(scStat) } : undefined;
    if (sidecar) this.index.upsert(assetEntry(image, sidecar.sidecar, sidecar.stamp, stat.size));
    else if (this.options.includeUntracked) this.index.upsert(untrackedEntry(image, stat));
    else this.index.remove(image.key);
  }

  /**
   * The checked sidecar of a file (its `stat` given), or undefined: too large or malformed, logged once (the same
   * bad file, by its stamp, is not read or logged again when both the image's and the sidecar's events arrive).
   */
  async readSidecar(file: GalleryFile, stat: GalleryFileStat): Promise<Sidecar | undefined> {
    const max = this.options.maxSidecarBytes ?? SIDECAR_LIMITS.maxBytes;
    const stamp = stampOf(stat);
    if (this.skipped.get(file.key) === stamp) return undefined;
    const skip = (why: string) => {
      this.skipped.set(file.key, stamp);
      this.log.warn(`gallery: skipped ${file.relPath}: ${why}`);
      return undefined;
    };
    if (!stat.isFile) return skip('not a file');
    if (stat.size > max) return skip(`${stat.size} bytes is larger than a sidecar may be (${max})`);
    try {
      const bytes = await this.fs.read(file.key);
      await this.slicer.maybeYield(); // reads that finish together are parsed a slice at a time
      const sidecar = parseSidecar(this.decoder.decode(bytes.byteLength > max ? bytes.subarray(0, max + 1) : bytes), max);
      this.skipped.delete(file.key);
      return sidecar;
    } catch (e) {
      return skip(e instanceof Error ? e.message : String(e));
    }
  }
}

/** What identifies one version of a file without reading it. */
export function stampOf(stat: GalleryFileStat): string {
  return `${stat.size}:${stat.mtime}`;
}

function assetEntry(image: GalleryFile, sidecar: Sidecar, stamp: string, bytes?: number): GalleryEntryInput {
  return {
    key: image.key, relPath: image.relPath, kind: 'asset', format: galleryFormatOf(image.relPath)!, sidecar,
    bytes: bytes ?? sidecar.bytes, time: Date.parse(sidecar.createdAt), stamp,
  };
}

function untrackedEntry(image: GalleryFile, stat: GalleryFileStat): GalleryEntryInput {
  return { key: image.key, relPath: image.relPath, kind: 'untracked', format: galleryFormatOf(image.relPath)!, bytes: stat.size, time: stat.mtime, stamp: stampOf(stat) };
}

/** The stat of every key (undefined where nothing is), at most `limit` at a time. */
export async function statAll(fs: GalleryFileSystem, keys: readonly string[], limit: number, slicer: TimeSlicer = hostSlicer): Promise<(GalleryFileStat | undefined)[]> {
  const out = new Array<GalleryFileStat | undefined>(keys.length);
  await forEachSliced(keys, limit, async (key, i) => { out[i] = await fs.stat(key).catch(() => undefined); }, slicer);
  return out;
}

/** forEachLimit with the event loop given a turn (see TimeSlicer) before an item starts when the slice is spent. */
export function forEachSliced<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>, slicer: TimeSlicer = hostSlicer): Promise<void> {
  return forEachLimit(items, limit, fn, () => slicer.maybeYield());
}
