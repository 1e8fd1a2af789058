// Merge-on-write for generation records: a writer re-reads the record on disk (under the record's lock) and keeps
// what another window added there (saves, images, partials, errors, request ids) instead of overwriting it.
import type { GenerationRecord } from './history';

type ListKey = 'images' | 'partials' | 'saved' | 'errors' | 'requestIds';

/** What identifies an entry of each list, so an entry both sides know is kept once. */
const IDENTITY: { readonly [K in ListKey]: (e: GenerationRecord[K][number]) => string } = {
  images: (i) => String(i.index),
  partials: (p) => p.file,
  saved: (s) => `${s.index}\n${s.path}\n${s.at}`,
  errors: (e) => JSON.stringify(e),
  requestIds: (id) => id,
};

/**
 * Bring `mine` up to date with `disk` before it is written. The process running the generation (`owner`) keeps its
 * own fields (status, usage, cost, timings) and adopts only list entries it lacks; any other copy was read earlier,
 * so it takes every field from disk and keeps only its own list entries on top.
 */
export function mergeFromDisk(mine: GenerationRecord, disk: GenerationRecord, owner: boolean): void {
  const lists = pickLists(mine);
  if (!owner) Object.assign(mine, disk);
  const [base, extra] = owner ? [lists, pickLists(disk)] : [pickLists(disk), lists];
  mine.images = union('images', base.images, extra.images).sort((a, b) => a.index - b.index);
  mine.partials = union('partials', base.partials, extra.partials);
  mine.saved = union('saved', base.saved, extra.saved);
  mine.errors = union('errors', base.errors, extra.errors);
  mine.requestIds = union('requestIds', base.requestIds, extra.requestIds);
}

function pickLists(r: GenerationRecord): Pick<GenerationRecord, ListKey> {
  return { images: r.images ?? [], partials: r.partials ?? [], saved: r.saved ?? [], errors: r.errors ?? [], requestIds: r.requestIds ?? [] };
}

function union<K extends ListKey>(key: K, base: GenerationRecord[K], extra: GenerationRecord[K]): GenerationRecord[K] {
  const id = IDENTITY[key] as (e: GenerationRecord[K][number]) => string;
  const seen = new Set(base.map(id));
  return [...base, ...extra.filter((e) => !seen.has(id(e)))] as GenerationRecord[K];
}
