// The gallery index: every asset of the workspace in memory, searchable, filterable and sortable.
// Each change touches one entry (its tokens and facet counts), never the whole workspace.
import { hostSlicer, type TimeSlicer } from '../timeSlice';
import { once } from '../once';
import { TextIndex } from './textIndex';
import { baseName, folderOf, type GalleryEntry, type GalleryFacets, type GalleryFilter, type GalleryQuery } from './types';

export type GalleryEntryInput = Omit<GalleryEntry, 'id' | 'name' | 'folder'>;

type FacetName = 'models' | 'providers' | 'presets' | 'folders' | 'languages';

/** Made on first use (loading the collation data is not activation's work). */
const collator = once(() => new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));
/** Entries tokenized between two looks at the clock when preparing search in slices (a tenth of a ms or so each). */
const TOKENIZE_STEP = 20;

export class GalleryIndex {
  private readonly byId = new Map<number, GalleryEntry>();
  private readonly idByKey = new Map<string, number>();
  private readonly text = new TextIndex();
  private readonly facetCounts: Record<FacetName, Map<string, number>> = {
    models: new Map(), providers: new Map(), presets: new Map(), folders: new Map(), languages: new Map(),
  };
  private nextId = 1;
  private changes = 0;

  /** Grows by one with every add, change or removal: a cheap "has anything changed" check. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): GalleryEntry | undefined {
    return this.byId.get(id);
  }

  byKey(key: string): GalleryEntry | undefined {
    const id = this.idByKey.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Every entry (for the snapshot and reconciling a reload). */
  entries(): IterableIterator<GalleryEntry> {
    return this.byId.values();
  }

  /**
   * Tokenize up to `limit` entries whose search text is not indexed yet (the host calls this when idle, so the
   * first search is quick); returns how many are left. A search does all that is left first.
   */
  prepareSearch(limit?: number): number {
    return this.text.flush(limit);
  }

  /**
   * Tokenize every entry not indexed yet, a slice at a time (the host runs this after a load, so the first search
   * is quick and the event loop stays free); `stop()` ends it early (the index was replaced).
   */
  async prepareSearchInSlices(stop: () => boolean = () => false, slicer: TimeSlicer = hostSlicer): Promise<void> {
    while (!stop() && this.text.flush(TOKENIZE_STEP) > 0) await slicer.maybeYield();
  }

  /** Every entry whose relPath lies under `folderPath` (or is it); used when a folder is deleted. */
  keysUnder(keyPrefix: string): string[] {
    const prefix = keyPrefix.endsWith('/') ? keyPrefix : `${keyPrefix}/`;
    return [...this.idByKey.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Add or replace the entry for `input.key`; an existing key keeps its id. */
  upsert(input: GalleryEntryInput): GalleryEntry {
    const old = this.byKey(input.key);
    if (old) this.uncount(old);
    const id = old?.id ?? this.nextId++;
    const entry: GalleryEntry = { ...input, id, name: baseName(input.relPath), folder: folderOf(input.relPath) };
    this.byId.set(id, entry);
    this.idByKey.set(entry.key, id);
    this.count(entry, 1);
    this.text.set(id, searchableText(entry));
    this.changes++;
    return entry;
  }

  /**
   * `upsert` each of `inputs` in order (seeding the index from a snapshot or from before a reload), giving the event
   * loop a turn whenever the slice is spent: 10,000 entries take a few hundred ms.
   */
  async upsertAll(inputs: Iterable<GalleryEntryInput>, slicer: TimeSlicer = hostSlicer): Promise<void> {
    for (const input of inputs) {
      this.upsert(input);
      await slicer.maybeYield();
    }
  }

  remove(key: string): GalleryEntry | undefined {
    const old = this.byKey(key);
    if (!old) return undefined;
    this.uncount(old);
    this.text.delete(old.id);
    this.byId.delete(old.id);
    this.idByKey.delete(key);
    this.changes++;
    return old;
  }

  /** Ids of the entries that pass the filter, in the asked order. */
  query(q: GalleryQuery): number[] {
    const hits = q.text ? this.text.search(q.text, (id) => this.textOf(id)) : undefined;
    const out: GalleryEntry[] = [];
    const source: Iterable<GalleryEntry> = hits ? [...hits].map((id) => this.byId.get(id)!).filter(Boolean) : this.byId.values();
    for (const e of source) if (passes(e, q)) out.push(e);
    out.sort(comparator(q));
    return out.map((e) => e.id);
  }

  facets(): GalleryFacets {
    const list = (m: Map<string, number>) => [...m.entries()].sort((a, b) => collator().compare(a[0], b[0]));
    return {
      models: list(this.facetCounts.models), providers: list(this.facetCounts.providers),
      presets: list(this.facetCounts.presets), folders: list(this.facetCounts.folders), languages: list(this.facetCounts.languages),
    };
  }

  private textOf(id: number): string | undefined {
    const e = this.byId.get(id);
    return e ? searchableText(e) : undefined;
  }

  private uncount(e: GalleryEntry): void {
    this.count(e, -1);
  }

  private count(e: GalleryEntry, delta: 1 | -1): void {
    const bump = (facet: FacetName, value: string | undefined) => {
      if (value === undefined) return;
      const m = this.facetCounts[facet];
      const n = (m.get(value) ?? 0) + delta;
      if (n <= 0) m.delete(value);
      else m.set(value, n);
    };
    bump('models', e.sidecar?.model);
    bump('providers', e.sidecar?.provider);
    bump('presets', e.sidecar?.preset);
    bump('folders', e.folder);
    bump('languages', e.sidecar?.language);
  }
}

/** What a search looks at: the prompt, the revised prompt and the file name. */
function searchableText(e: GalleryEntry): string {
  const s = e.sidecar;
  const stem = e.name.replace(/\.[^.]*$/, '').replace(/[-_.]+/g, ' ');
  return s ? `${s.prompt}\n${s.revisedPrompt ?? ''}\n${stem}` : stem;
}

function passes(e: GalleryEntry, f: GalleryFilter): boolean {
  if (f.kind && e.kind !== f.kind) return false;
  if (f.model !== undefined && e.sidecar?.model !== f.model) return false;
  if (f.language !== undefined && e.sidecar?.language !== f.language) return false;
  if (f.provider !== undefined && e.sidecar?.provider !== f.provider) return false;
  if (f.preset !== undefined && (e.sidecar?.preset ?? 'custom') !== f.preset) return false;
  if (f.folder !== undefined && f.folder !== '' && e.folder !== f.folder && !e.folder.startsWith(`${f.folder}/`)) return false;
  if (f.since !== undefined && e.time < f.since) return false;
  if (f.until !== undefined && e.time >= f.until) return false;
  return true;
}

function comparator(q: GalleryQuery): (a: GalleryEntry, b: GalleryEntry) => number {
  const dir = q.reverse ? -1 : 1;
  const byName = (a: GalleryEntry, b: GalleryEntry) => collator().compare(a.name, b.name) || collator().compare(a.relPath, b.relPath);
  switch (q.sort ?? 'date') {
    case 'name': return (a, b) => dir * byName(a, b);
    case 'size': return (a, b) => dir * (b.bytes - a.bytes || byName(a, b));
    default: return (a, b) => dir * (b.time - a.time || byName(a, b));
  }
}
