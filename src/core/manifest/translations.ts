// An entry's `languages`: one translation per language, a Localize edit of the entry's output, written beside it as
// `<name>.<lang>.<ext>` (Localize's own naming). Each is planned as its own item `<id>@<lang>`: its spec hash covers
// the entry's spec and the language, so a change to the entry rebuilds its translations, and a rebuilt entry
// rebuilds them from the new image.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { localizedBaseName } from '../localize/plan';
import type { ResolvedEntry } from './parse';
import { conflictReason, needsBuild, ownedBy, type PlanItem, type PlanSources } from './plan';

/** Raised with the prompt Localize sends; bumps the hash of every translation when the edit itself changes. */
const TRANSLATION_SPEC_VERSION = 1;

/** `hero` + `ko` → `hero@ko`: a translation's id in plans and results (`@` is never in an entry's id). */
export function translationId(entryId: string, language: string): string {
  return `${entryId}@${language}`;
}

/** `media/hero.png` + `ko` → `media/hero.ko.png`, as Localize names it without a `{lang}` naming pattern. */
export function translationOutput(output: string, language: string): string {
  const dir = path.posix.dirname(output);
  const ext = path.posix.extname(output);
  const base = localizedBaseName(path.posix.basename(output, ext), language, '{slug}', new Date(0));
  return `${dir === '.' ? '' : `${dir}/`}${base}${ext}`;
}

export function translationSpecHash(baseSpecHash: string, language: string): string {
  return createHash('sha256').update(JSON.stringify({ base: baseSpecHash, language, localize: TRANSLATION_SPEC_VERSION })).digest('hex');
}

/** The translation as a plan entry: the base entry's parameters, its own id and output, no languages of its own. */
export function translationEntry(base: ResolvedEntry, language: string): ResolvedEntry {
  const { languages: _languages, ...rest } = base;
  return { ...rest, id: translationId(base.id, language), output: translationOutput(base.output, language) };
}

/** The id a built file's sidecar records (`manifest.entry`): the entry's own id; a translation adds `language` beside it. */
export function markEntryOf(item: { readonly entry: { readonly id: string }; readonly translation?: { readonly base: { readonly id: string } } }): string {
  return item.translation ? item.translation.base.id : item.entry.id;
}

/** The translations of a planned entry: each built when missing, when the entry is (re)built, or when its hash changed. */
export async function planTranslations(base: PlanItem, src: PlanSources): Promise<PlanItem[]> {
  return Promise.all((base.entry.languages ?? []).map(async (language): Promise<PlanItem> => {
    const entry = translationEntry(base.entry, language);
    const item = { entry, specHash: translationSpecHash(base.specHash, language), translation: { language, base: base.entry } };
    const out = await src.output(entry.output);
    if (out.exists && !ownedBy(out.mark, entry.id)) return { ...item, status: 'conflict', reason: conflictReason(out, entry.output) };
    if (base.status === 'conflict') return { ...item, status: 'conflict', reason: `its base ${base.entry.output} is left untouched, so it is not translated` };
    if (!out.exists) return { ...item, status: 'missing', reason: `${entry.output} does not exist yet` };
    if (needsBuild(base)) return { ...item, status: 'changed', reason: `${base.entry.id} is built again, so its ${language} translation is too` };
    return out.mark?.specHash === item.specHash
      ? { ...item, status: 'up-to-date', reason: `${entry.output} is up to date` }
      : { ...item, status: 'changed', reason: `the spec of ${base.entry.id} changed since ${entry.output} was built` };
  }));
}

/**
 * The entries to plan for `ids` (entry ids, or translation ids `hero@ko`); unknown ids are returned. A translation
 * asked for alone brings its entry into the plan, so the entry is built first when it is missing or outdated.
 */
export function entriesFor(entries: readonly ResolvedEntry[], ids: readonly string[]): { entries: ResolvedEntry[]; unknown: string[] } {
  const known = (id: string) => entries.some((e) => e.id === id || (e.languages ?? []).some((l) => translationId(e.id, l) === id));
  return {
    entries: entries.filter((e) => ids.includes(e.id) || (e.languages ?? []).some((l) => ids.includes(translationId(e.id, l)))),
    unknown: ids.filter((id) => !known(id)),
  };
}

/** The plan narrowed to `ids`: an entry id keeps the entry and its translations; a translation id keeps it, and its entry when that needs building. */
export function selectPlan(plan: readonly PlanItem[], ids: readonly string[] | undefined): PlanItem[] {
  if (!ids) return [...plan];
  const asked = (i: PlanItem) => ids.includes(i.entry.id) || (i.translation !== undefined && ids.includes(i.translation.base.id));
  return plan.filter((i) => asked(i) || (needsBuild(i) && plan.some((t) => t.translation?.base.id === i.entry.id && asked(t))));
}

/** All outputs a manifest writes, with the item that writes each: entries, then their translations. */
export function outputsOf(entries: readonly ResolvedEntry[]): { id: string; output: string }[] {
  return entries.flatMap((e) => [{ id: e.id, output: e.output }, ...(e.languages ?? []).map((l) => ({ id: translationId(e.id, l), output: translationOutput(e.output, l) }))]);
}
