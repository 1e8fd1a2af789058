// Thumbnails made once on the image worker and kept in a cache folder, named by the image's content hash (the
// sidecar's sha256, or the history record's), so a copy, a rename or another workspace reuses them. An image
// over the decode budget leaves a `<key>.too-large` marker instead, so it is never decoded again, even after a
// reload. Entries unused for the retention period, and `.tmp` files a crash left, are pruned in the background.
import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import type { ImageWorker } from '../work/imageWorkerClient';

/** Larger files are not read for a thumbnail at all: their tile says "too large". */
export const MAX_THUMBNAIL_SOURCE_BYTES = 40 * 1024 * 1024;
/** Thumbnails and markers not written or used for this long are pruned (a pruned one is made again when asked). */
export const THUMBNAIL_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** A `.tmp` file older than this is a write that will never finish (a live write takes milliseconds). */
export const TEMP_RETENTION_MS = 3600 * 1000;

const HASH = /^[0-9a-f]{64}$/;
const THUMB = '.png';
const TOO_LARGE = '.too-large';
const TEMP = '.tmp';

/** The cache folder and the source images, as the host reaches them (vscode.workspace.fs) or a test does (node:fs). */
export interface ThumbnailFs<S> {
  /** Names in the cache folder; [] when it does not exist. */
  list(): Promise<string[]>;
  /** Modification time (ms) of a cache entry, or undefined when it is gone. */
  mtime(name: string): Promise<number | undefined>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  sourceSize(source: S): Promise<number>;
  readSource(source: S): Promise<Uint8Array>;
  describe(source: S): string;
}

export type ThumbnailState = 'ready' | 'too-large' | 'failed';

/** The outcome of `ensure`, under the key it is filed by (the real content hash when a sidecar's claim was wrong). */
export interface ThumbnailMade { readonly state: ThumbnailState; readonly key: string }

export interface PruneReport { readonly thumbnails: number; readonly temporary: number }

export class ThumbnailCache<S> {
  private readonly ready = new Set<string>();
  private readonly tooLarge = new Set<string>();
  private readonly failed = new Set<string>();
  /** Keys served or made in this session: never pruned, whatever their age on disk. */
  private readonly used = new Set<string>();
  private readonly inFlight = new Map<string, Promise<ThumbnailMade>>();
  private listed: Promise<void> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly fs: ThumbnailFs<S>,
    private readonly images: ImageWorker,
    private readonly log: Logger,
    private readonly concurrency = 2,
  ) {}

  /** The cache key of an image: its content hash when known, else a hash of where it is and its stat. */
  static keyFor(sha256: string | undefined, identity: string): string {
    return sha256 && HASH.test(sha256) ? sha256 : createHash('sha256').update(identity).digest('hex');
  }

  /** The cache file of a ready thumbnail. */
  static fileOf(key: string): string {
    return `${key}${THUMB}`;
  }

  /** Read the cache folder's listing once, so lookups need no file system call. */
  prepare(): Promise<void> {
    this.listed ??= this.fs.list().then(
      (names) => {
        for (const name of names) {
          if (name.endsWith(THUMB)) this.ready.add(name.slice(0, -THUMB.length));
          else if (name.endsWith(TOO_LARGE)) this.tooLarge.add(name.slice(0, -TOO_LARGE.length));
        }
      },
      () => undefined,
    );
    return this.listed;
  }

  /** What is known of `key` without any work: a thumbnail, too large, failed this session, or not yet tried. */
  state(key: string): ThumbnailState | undefined {
    const s = this.ready.has(key) ? 'ready' : this.tooLarge.has(key) ? 'too-large' : this.failed.has(key) ? 'failed' : undefined;
    if (s) this.used.add(key);
    return s;
  }

  /**
   * Make the thumbnail of the PNG at `source` (once; concurrent asks share the work). When `key` claims to be the
   * content hash (from a sidecar, which may lie), the worker hashes the bytes and the result is filed under their
   * real hash, so a hostile sidecar cannot put its picture, or a "too large", on another image's tile.
   */
  ensure(key: string, source: S, claimsContentHash: boolean): Promise<ThumbnailMade> {
    const known = this.state(key);
    if (known) return Promise.resolve({ state: known, key });
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.limited(() => this.make(key, source, claimsContentHash)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  /** Delete entries older than `retentionMs` that this session did not use, and stale `.tmp` files. */
  async prune(now = Date.now(), retentionMs = THUMBNAIL_RETENTION_MS): Promise<PruneReport> {
    let thumbnails = 0;
    let temporary = 0;
    for (const name of await this.fs.list().catch(() => [] as string[])) {
      const temp = name.endsWith(TEMP);
      const key = name.endsWith(THUMB) ? name.slice(0, -THUMB.length) : name.endsWith(TOO_LARGE) ? name.slice(0, -TOO_LARGE.length) : undefined;
      if (!temp && (key === undefined || this.used.has(key) || this.inFlight.has(key))) continue;
      const mtime = await this.fs.mtime(name);
      if (mtime === undefined || now - mtime <= (temp ? TEMP_RETENTION_MS : retentionMs)) continue;
      try {
        await this.fs.remove(name);
      } catch {
        continue; // another window pruned it first
      }
      if (temp) temporary++;
      else {
        thumbnails++;
        this.ready.delete(key!);
        this.tooLarge.delete(key!);
      }
    }
    return { thumbnails, temporary };
  }

  private async make(claimed: string, source: S, claimsContentHash: boolean): Promise<ThumbnailMade> {
    const name = this.fs.describe(source);
    try {
      const size = await this.fs.sourceSize(source);
      if (size > MAX_THUMBNAIL_SOURCE_BYTES) {
        this.log.info(`gallery: no thumbnail for ${name}: ${size} bytes is over the ${MAX_THUMBNAIL_SOURCE_BYTES} byte limit`);
        this.tooLarge.add(claimed); // this session only: a stat finds it again at once
        return { state: 'too-large', key: claimed };
      }
      const bytes = await this.fs.readSource(source);
      const made = await this.images.run({ kind: 'thumbnail', bytes, hash: claimsContentHash });
      const key = made.sha256 ?? claimed;
      this.used.add(key);
      if (!made.ok) {
        if (made.code !== 'too-large') throw new Error(made.reason);
        this.log.info(`gallery: no thumbnail for ${name}: ${made.reason}`);
        if (!this.tooLarge.has(key)) await this.store(key, TOO_LARGE, new TextEncoder().encode(made.reason));
        this.tooLarge.add(key);
        return { state: 'too-large', key };
      }
      if (!this.ready.has(key)) await this.store(key, THUMB, made.thumbnail.png);
      this.ready.add(key);
      return { state: 'ready', key };
    } catch (e) {
      this.log.debug(`gallery: no thumbnail for ${name}: ${e instanceof Error ? e.message : String(e)}`);
      this.failed.add(claimed);
      return { state: 'failed', key: claimed };
    }
  }

  /** Write under a temporary name, then rename: a half-written entry is never served. */
  private async store(key: string, suffix: string, bytes: Uint8Array): Promise<void> {
    const tmp = `${key}.${process.pid}.${Date.now()}${TEMP}`;
    await this.fs.write(tmp, bytes);
    await this.fs.rename(tmp, `${key}${suffix}`);
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
