// The history store: every image received, kept byte for byte under global storage, one folder per generation.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ATOMIC_TEMP_NAME, writeFileAtomic } from './atomic';
import type { ErrorInfo } from './errors';
import { withFileLock } from './fileLock';
import { mergeFromDisk } from './historyMerge';
import { extensionForFormat, formatFromMime } from './imaging/formats';
import { cutText, LIMITS } from './limits';
import { DAY_MS, pruneFiles } from './prune';
import type { GenerationStatus, ImageFormat, ImageRequest, ProviderId, StoredImage, Usage } from './types';

export type { GenerationStatus } from './types';

/** A reference image as recorded: where it came from and the copy kept beside the results. */
export interface RecordedInput { readonly name: string; readonly mimeType: string; readonly source?: string; readonly sha256: string; readonly file: string }

/** The request as recorded: everything but the bytes of references, mask and markup. */
export type RecordedRequest = Omit<ImageRequest, 'references' | 'mask' | 'markup'> & { references?: RecordedInput[]; mask?: RecordedInput; markup?: RecordedInput };

export interface GenerationRecord {
  schemaVersion: 1;
  id: string;
  createdAt: string;
  finishedAt?: string;
  status: GenerationStatus;
  provider: ProviderId;
  model: string;
  request: RecordedRequest;
  /** Extra context: workspace folder, source document, parent asset. */
  context?: {
    workspace?: string; document?: string; heading?: string;
    /** The asset this one was made from: workspace-relative path ('/' separators) and the sha256 of its bytes then. */
    parent?: { file: string; sha256: string };
    /** BCP 47 tag of a localized copy, as the caller gave it. */
    language?: string;
  };
  estimate: { usd: number | null; perImage: number | null };
  costUsd: number | null;
  usage?: Usage;
  images: StoredImage[];
  partials: { index: number; partialIndex: number; file: string }[];
  /** `file`: an image that arrived but was refused (e.g. an unsafe SVG), kept in the history and never saved. */
  errors: (ErrorInfo & { index?: number; file?: string })[];
  requestIds: string[];
  timings: { firstImageMs?: number; totalMs?: number };
  saved: { index: number; path: string; at: string }[];
}

/** The record of a generation, in its folder. */
const RECORD = 'generation.json';
/** Held around each read-merge-write of the record: other windows (extension hosts) share the store. */
const RECORD_LOCK = 'generation.json.lock';
/** A write takes milliseconds: a temporary or lock file an hour old was left by a window that died mid-write. */
const LEFTOVER_MAX_AGE_MS = 3_600_000;

export class HistoryStore {
  // Record writes of one generation are chained so concurrent images never interleave their updates.
  private readonly chains = new Map<string, Promise<void>>();
  // The in-memory record of each running generation: an update made through another copy (e.g. saving a
  // candidate while the engine still writes) is applied to it, so the engine's next write cannot undo it.
  private readonly live = new Map<string, GenerationRecord>();

  constructor(readonly root: string) {}

  dir(id: string): string {
    if (!/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/.test(id)) throw new Error(`Not a generation id: ${id}`);
    return path.join(this.root, id);
  }

  static newId(now = new Date()): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const d = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
    const t = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
    return `${d}-${t}-${randomBytes(3).toString('hex')}`;
  }

  async create(record: GenerationRecord, inputs: { references?: ImageRequest['references']; mask?: ImageRequest['mask']; markup?: ImageRequest['markup'] }): Promise<GenerationRecord> {
    const dir = this.dir(record.id);
    await fs.mkdir(dir, { recursive: true });
    const keep = async (f: NonNullable<ImageRequest['mask']>, name: string): Promise<RecordedInput> => {
      await writeFileAtomic(path.join(dir, name), f.bytes);
      return { name: f.name, mimeType: f.mimeType, ...(f.source ? { source: f.source } : {}), sha256: sha256(f.bytes), file: name };
    };
    if (inputs.references?.length) {
      record.request.references = await Promise.all(inputs.references.map((r, i) => keep(r, `ref-${i}.${extOf(r.mimeType)}`)));
    }
    if (inputs.mask) record.request.mask = await keep(inputs.mask, 'mask.png');
    if (inputs.markup) record.request.markup = await keep(inputs.markup, 'markup.png');
    await this.writeRecord(record);
    if (record.status === 'running') this.live.set(record.id, record);
    return record;
  }

  /** Write one received image at once, then add it to the record. */
  async addImage(record: GenerationRecord, index: number, bytes: Uint8Array, info: { format: ImageFormat; width: number; height: number; contentCredentials: boolean; frames?: number; revisedPrompt?: string }): Promise<StoredImage> {
    const file = `${String(index + 1).padStart(2, '0')}.${extFor(info.format)}`;
    // The file is written on the thread pool while the hash is computed here.
    const written = writeFileAtomic(path.join(this.dir(record.id), file), bytes);
    let hash: string;
    try {
      hash = sha256(bytes);
    } finally {
      await written;
    }
    const image: StoredImage = {
      index, file, format: info.format, width: info.width, height: info.height, sha256: hash, bytes: bytes.byteLength,
      contentCredentials: info.contentCredentials, receivedAt: new Date().toISOString(),
      ...(info.frames !== undefined ? { frames: info.frames } : {}),
      // A provider's revised_prompt is cut to what a sidecar keeps, so saving never fails on it later.
      ...(info.revisedPrompt ? { revisedPrompt: cutText(info.revisedPrompt, LIMITS.revisedPromptChars) } : {}),
    };
    await this.update(record, (r) => { r.images.push(image); r.images.sort((a, b) => a.index - b.index); });
    return image;
  }

  /** Keep an image that arrived but is refused (not in `images`, so never saved); returns its file name. */
  async addRefused(record: GenerationRecord, index: number, bytes: Uint8Array, format: ImageFormat): Promise<string> {
    const file = `${String(index + 1).padStart(2, '0')}.refused.${extFor(format)}`;
    await writeFileAtomic(path.join(this.dir(record.id), file), bytes);
    return file;
  }

  async addPartial(record: GenerationRecord, index: number, partialIndex: number, bytes: Uint8Array, format: ImageFormat): Promise<string> {
    const file = `partial-${String(index + 1).padStart(2, '0')}-${partialIndex}.${extFor(format)}`;
    await writeFileAtomic(path.join(this.dir(record.id), file), bytes);
    await this.update(record, (r) => { r.partials.push({ index, partialIndex, file }); });
    return file;
  }

  /**
   * Apply a change to the record and persist it, serialised per generation in this process and, across processes,
   * under the record's lock file: what is on disk is merged in first, so another window's saves are never lost.
   */
  update(record: GenerationRecord, change: (r: GenerationRecord) => void): Promise<void> {
    const prev = this.chains.get(record.id) ?? Promise.resolve();
    const next = prev.then(() => withFileLock(path.join(this.dir(record.id), RECORD_LOCK), async () => {
      const live = this.live.get(record.id);
      const target = live ?? record;
      const disk = await this.get(record.id);
      if (disk) mergeFromDisk(target, disk, live !== undefined);
      change(target);
      if (target !== record) change(record);
      if (target.status !== 'running') this.live.delete(record.id);
      await this.writeRecord(target);
    }));
    const settled = next.catch(() => undefined);
    this.chains.set(record.id, settled);
    void settled.then(() => { if (this.chains.get(record.id) === settled) this.chains.delete(record.id); });
    return next;
  }

  async get(id: string): Promise<GenerationRecord | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir(id), RECORD), 'utf8')) as GenerationRecord;
    } catch {
      return undefined;
    }
  }

  /** Every generation, newest first. */
  async list(): Promise<GenerationRecord[]> {
    const ids = await this.ids();
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is GenerationRecord => r !== undefined);
  }

  async ids(): Promise<string[]> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    return names.filter((n) => /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/.test(n)).sort().reverse();
  }

  imagePath(id: string, file: string): string {
    if (file.includes('/') || file.includes('\\') || file.startsWith('.')) throw new Error(`Not a history file name: ${file}`);
    return path.join(this.dir(id), file);
  }

  /**
   * Delete generations older than `days`, never one still running (unless it has been "running" for a week: its
   * window died), and folders whose record is missing or unreadable once the folder is older than `days`.
   * Returns how many folders were removed.
   */
  async prune(days: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const id of await this.ids()) {
      const r = await this.get(id);
      const created = r ? Date.parse(r.createdAt) : (await fs.stat(this.dir(id)).catch(() => undefined))?.mtimeMs ?? NaN;
      const stale = r ? r.status !== 'running' || now - created > 7 * DAY_MS : true;
      if (!Number.isNaN(created) && now - created > days * DAY_MS && stale) {
        await fs.rm(this.dir(id), { recursive: true, force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Delete what interrupted writes left in the generation folders: temporary files and lock files older than `maxAgeMs`. */
  async pruneLeftovers(maxAgeMs = LEFTOVER_MAX_AGE_MS, now = Date.now()): Promise<number> {
    const leftover = (name: string) => ATOMIC_TEMP_NAME.test(name) || name === RECORD_LOCK;
    let removed = await pruneFiles(this.root, leftover, maxAgeMs, now);
    for (const id of await this.ids()) removed += await pruneFiles(this.dir(id), leftover, maxAgeMs, now);
    return removed;
  }

  private async writeRecord(record: GenerationRecord): Promise<void> {
    await writeFileAtomic(path.join(this.dir(record.id), RECORD), JSON.stringify(record, null, 2));
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function extFor(format: ImageFormat): string {
  return extensionForFormat(format);
}

function extOf(mime: string): string {
  return extensionForFormat(formatFromMime(mime) ?? 'png');
}
