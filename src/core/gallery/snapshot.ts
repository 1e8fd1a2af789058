// A snapshot of the gallery index, kept in the extension's workspace storage so that opening the view shows the
// last known grid at once; a reload then reconciles it with the files (re-reading only files whose stamp changed).
// The snapshot is a cache written only by Pixelsmith from sidecars that passed parseSidecar; it is still read
// defensively: anything unexpected (another version, a wrong type, an entry of the other kind) drops that entry
// or the whole snapshot, never more.
import type { Sidecar } from '../sidecar';
import type { GalleryEntryInput, GalleryIndex } from './index';
import { galleryFormatOf } from './types';

const FORMAT = 'pixelsmith-gallery-index';
const VERSION = 1;

interface SnapshotFile {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  /** The setting the index was built with; a snapshot of the other setting is not used. */
  readonly includeUntracked: boolean;
  readonly entries: readonly GalleryEntryInput[];
}

/** The index as snapshot text. Entries without a stamp (never stat'ed) are left out: they would not be trusted. */
export function serializeSnapshot(index: GalleryIndex, includeUntracked: boolean): string {
  const entries: GalleryEntryInput[] = [];
  for (const e of index.entries()) {
    if (e.stamp === undefined) continue;
    entries.push({
      key: e.key, relPath: e.relPath, kind: e.kind, format: e.format, bytes: e.bytes, time: e.time, stamp: e.stamp,
      ...(e.sidecar ? { sidecar: e.sidecar } : {}),
    });
  }
  const file: SnapshotFile = { format: FORMAT, version: VERSION, includeUntracked, entries };
  return JSON.stringify(file);
}

/**
 * The entries of a snapshot, or undefined when it is not one this version wrote for the same setting.
 * `accept(key, relPath)` says whether an entry belongs to the open workspace (others are dropped).
 */
export function parseSnapshot(text: string, includeUntracked: boolean, accept: (key: string, relPath: string) => boolean): GalleryEntryInput[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw.format !== FORMAT || raw.version !== VERSION || raw.includeUntracked !== includeUntracked || !Array.isArray(raw.entries)) return undefined;
  const out: GalleryEntryInput[] = [];
  for (const e of raw.entries as unknown[]) {
    const entry = checkEntry(e, includeUntracked);
    if (entry && accept(entry.key, entry.relPath)) out.push(entry);
  }
  return out;
}

function checkEntry(e: unknown, includeUntracked: boolean): GalleryEntryInput | undefined {
  if (!isRecord(e)) return undefined;
  const { key, relPath, kind, bytes, time, stamp, sidecar } = e;
  if (typeof key !== 'string' || typeof relPath !== 'string' || typeof stamp !== 'string' || !isCount(bytes) || !isCount(time)) return undefined;
  const format = galleryFormatOf(relPath);
  if (!format || format !== e.format || relPath.split('/').some((s) => s === '..' || s === '')) return undefined;
  if (kind === 'asset' && looksLikeSidecar(sidecar)) return { key, relPath, kind, format, bytes, time, stamp, sidecar };
  if (kind === 'untracked' && includeUntracked && sidecar === undefined) return { key, relPath, kind, format, bytes, time, stamp };
  return undefined;
}

/** The fields the gallery reads without further checks (the whole sidecar passed parseSidecar when it was read). */
function looksLikeSidecar(s: unknown): s is Sidecar {
  if (!isRecord(s)) return false;
  const strings = ['prompt', 'provider', 'model', 'createdAt', 'generationId', 'sha256', 'format'] as const;
  return strings.every((k) => typeof s[k] === 'string') && isCount(s.width) && isCount(s.height) && isCount(s.bytes)
    && (s.preset === undefined || typeof s.preset === 'string') && (s.revisedPrompt === undefined || typeof s.revisedPrompt === 'string')
    && (s.costUsd === null || typeof s.costUsd === 'number') && Array.isArray(s.references) && isRecord(s.parameters);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
