// The incremental build's decision for each entry: build it (its output is missing, or its spec changed since the
// output was made), skip it (up to date), or leave it alone (a file is there that this manifest did not make).
// The spec's hash is stored in the output's sidecar (`manifest.specHash`); the file system is injected.
import { createHash } from 'node:crypto';
import type { ResolvedEntry } from './parse';
import { planTranslations } from './translations';

export type PlanStatus = 'missing' | 'changed' | 'up-to-date' | 'conflict';

export interface PlanItem {
  readonly entry: ResolvedEntry;
  readonly specHash: string;
  readonly status: PlanStatus;
  /** For people: why it is built, skipped or left alone. */
  readonly reason: string;
  /**
   * A translation of an entry that has `languages`: `entry` is then the base entry with the id `<id>@<lang>` and the
   * translation's output; `base` is the entry as written, whose output is edited.
   */
  readonly translation?: { readonly language: string; readonly base: ResolvedEntry };
}

/** What is at an entry's output now. */
export interface OutputState {
  readonly exists: boolean;
  /** The sidecar's manifest mark, when the output has a readable sidecar that has one. */
  readonly mark?: { readonly entry: string; readonly specHash: string; readonly language?: string };
  /** The output has a sidecar, but it is unreadable or from elsewhere. */
  readonly sidecar?: 'none' | 'foreign' | 'unreadable';
}

export interface PlanSources {
  readonly output: (workspaceRelative: string) => Promise<OutputState>;
  /** sha256 of a reference's bytes; throws an error naming the path when it cannot be read. */
  readonly referenceHash: (workspaceRelative: string) => Promise<string>;
}

/**
 * The spec as hashed: what the manifest says (keys sorted), with each reference's content hash. `languages` is not
 * part of the image: adding a language builds its translation, not the entry again.
 */
export async function specHashOf(e: Omit<ResolvedEntry, 'offset'> & { readonly offset?: number }, referenceHash: PlanSources['referenceHash']): Promise<string> {
  const { offset: _offset, references, languages: _languages, ...declared } = e;
  const refs = await Promise.all((references ?? []).map(async (p) => ({ path: p, sha256: await referenceHash(p) })));
  const canonical = JSON.stringify({ ...declared, references: refs }, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Whether a sidecar's manifest mark says the file is the build of plan item `id`: the entry's own id, or for a
 * translation `<entry>@<language>` (the sidecar keeps the entry and the language apart).
 */
export function ownedBy(mark: OutputState['mark'], id: string): boolean {
  return mark !== undefined && (mark.entry === id || (mark.language !== undefined && `${mark.entry}@${mark.language}` === id));
}

/** Why an existing output is not this item's build, for people. */
export function conflictReason(out: OutputState, output: string): string {
  const why = out.sidecar === 'unreadable' ? 'its sidecar cannot be read'
    : out.mark ? `its sidecar says it was built for entry ${JSON.stringify(out.mark.language ? `${out.mark.entry}@${out.mark.language}` : out.mark.entry)}`
      : out.sidecar === 'foreign' ? 'its sidecar is not from this manifest' : 'it has no sidecar';
  return `${output} exists and ${why}: it is left untouched`;
}

/** Each entry, followed by its translations (`hero`, `hero@ko`, `hero@ja`, …). */
export async function planBuild(entries: readonly ResolvedEntry[], src: PlanSources): Promise<PlanItem[]> {
  const groups = await Promise.all(entries.map(async (entry) => {
    const base = await planEntry(entry, src);
    return [base, ...(await planTranslations(base, src))];
  }));
  return groups.flat();
}

async function planEntry(entry: ResolvedEntry, src: PlanSources): Promise<PlanItem> {
  const specHash = await specHashOf(entry, src.referenceHash);
  const out = await src.output(entry.output);
  if (!out.exists) return { entry, specHash, status: 'missing', reason: `${entry.output} does not exist yet` };
  if (!out.mark || !ownedBy(out.mark, entry.id)) return { entry, specHash, status: 'conflict', reason: conflictReason(out, entry.output) };
  return out.mark.specHash === specHash
    ? { entry, specHash, status: 'up-to-date', reason: `${entry.output} is up to date` }
    : { entry, specHash, status: 'changed', reason: `the spec of ${entry.id} changed since ${entry.output} was built` };
}

export function needsBuild(item: PlanItem): boolean {
  return item.status === 'missing' || item.status === 'changed';
}
