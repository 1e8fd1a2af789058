// A snapshot of the gallery index, kept in the extension's workspace storage so that opening the view shows the
// last known grid at once; a reload then reconciles it with the files (re-reading only files whose stamp changed).
// The snapshot is a cache written only by Pixelsmith from sidecars that passed parseSidecar; it is still read
// defensively: anything unexpected (another version, a wrong type, an entry of the other kind) drops that entry
// or the whole snapshot, never more.
//
// The snapshot is JSON lines (version 2): a header line, then one entry per line, made and read an entry at a time
// with turns of the event loop in between; for 10,000 assets it is 7 MB, and any one operation on all of it (one
// JSON.parse or JSON.stringify, even encoding, decoding, joining or copying 7 MB at once) held the host's thread for
// 30 to 130 ms on a busy machine. So it is written as chunks of encoded lines and read from its bytes a line at a
// time. JSON text has no raw line breaks, and no byte of a multi-byte UTF-8 character is a line break, so a line is
// one value. The header counts the entries: a file cut short is not used. A version 1 snapshot (one JSON object,
// no line break) is recognised by its first line and discarded without parsing it: the next load is cold.
// Entries are written newest first, so the first lines read are the gallery's first screen (see parseSnapshot's onHead).
import type { Sidecar } from '../sidecar';
import { hostSlicer, type TimeSlicer } from '../timeSlice';
import type { GalleryEntryInput, GalleryIndex } from './index';
import { galleryFormatOf } from './types';

const FORMAT = 'pixelsmith-gallery-index';
const VERSION = 2;
/** A header is a short line; a first line longer than this is not one (a version 1 snapshot is one long line). */
const MAX_HEADER = 1024;
/** Entries handed to parseSnapshot's onHead before the rest are read: the first screen. */
export const SNAPSHOT_HEAD = 200;
/** Characters of lines encoded together into one chunk. */
const CHUNK_CHARS = 64 * 1024;
const LINE_BREAK = 0x0a;

interface SnapshotHeader {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  /** The setting the index was built with; a snapshot of the other setting is not used. */
  readonly includeUntracked: boolean;
  /** How many entry lines follow. */
  readonly entries: number;
}

/**
 * The index as snapshot bytes, in chunks to be written one after the other (each ends with a line break): the
 * entries it holds now (later changes are not mixed in), serialized a slice at a time. Entries without a stamp
 * (never stat'ed) are left out: they would not be trusted.
 */
export async function serializeSnapshot(index: GalleryIndex, includeUntracked: boolean, slicer: TimeSlicer = hostSlicer): Promise<Uint8Array[]> {
  const entries = [...index.entries()].sort((a, b) => b.time - a.time);
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let lines: string[] = [];
  let chars = 0;
  const flush = () => {
    lines.push(''); // every line ends with a line break, the last one too: a file without it was cut short
    chunks.push(encoder.encode(lines.join('\n')));
    lines = [];
    chars = 0;
  };
  let count = 0;
  for (const e of entries) {
    if (e.stamp === undefined) continue;
    const entry: GalleryEntryInput = {
      key: e.key, relPath: e.relPath, kind: e.kind, format: e.format, bytes: e.bytes, time: e.time, stamp: e.stamp,
      ...(e.sidecar ? { sidecar: e.sidecar } : {}),
    };
    const line = JSON.stringify(entry);
    lines.push(line);
    chars += line.length;
    count++;
    if (chars >= CHUNK_CHARS) flush();
    await slicer.maybeYield();
  }
  if (lines.length) flush();
  const header: SnapshotHeader = { format: FORMAT, version: VERSION, includeUntracked, entries: count };
  chunks.unshift(encoder.encode(`${JSON.stringify(header)}\n`));
  return chunks;
}

/**
 * The entries of a snapshot (its bytes as read), or undefined when it is not one this version wrote for the same
 * setting (or it was cut short). Read a line at a time, giving the event loop turns. `accept(key, relPath)` says
 * whether an entry belongs to the open workspace (others are dropped); a line that is not a well-formed entry is
 * dropped. `onHead` gets the first SNAPSHOT_HEAD accepted entries (the newest) as soon as they are read, and the rest
 * are read once it resolves; they are in the result too. (If the file then turns out cut short, the result is
 * undefined: the head was still real files, and the load that follows checks every stamp.)
 */
export async function parseSnapshot(
  bytes: Uint8Array, includeUntracked: boolean, accept: (key: string, relPath: string) => boolean, slicer: TimeSlicer = hostSlicer,
  onHead?: (head: readonly GalleryEntryInput[]) => Promise<void>,
): Promise<GalleryEntryInput[] | undefined> {
  const decoder = new TextDecoder();
  const headerEnd = bytes.subarray(0, MAX_HEADER + 1).indexOf(LINE_BREAK);
  if (headerEnd < 0) return undefined; // not this format (a version 1 snapshot has no line break)
  const header = parseJson(decoder.decode(bytes.subarray(0, headerEnd)));
  if (!isRecord(header) || header.format !== FORMAT || header.version !== VERSION || header.includeUntracked !== includeUntracked || !isCount(header.entries)) return undefined;
  const out: GalleryEntryInput[] = [];
  let lines = 0;
  for (let at = headerEnd + 1; at < bytes.length; lines++) {
    const end = bytes.indexOf(LINE_BREAK, at);
    if (end < 0) return undefined; // cut short
    const entry = checkEntry(parseJson(decoder.decode(bytes.subarray(at, end))), includeUntracked);
    if (entry && accept(entry.key, entry.relPath)) {
      out.push(entry);
      if (out.length === SNAPSHOT_HEAD) await onHead?.(out.slice());
    }
    at = end + 1;
    await slicer.maybeYield();
  }
  if (out.length < SNAPSHOT_HEAD && out.length > 0 && lines === header.entries) await onHead?.(out.slice());
  return lines === header.entries ? out : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
