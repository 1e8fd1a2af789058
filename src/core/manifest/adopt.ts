// Create Manifest from Gallery Selection, the pure part: a manifest entry from an asset's sidecar (so a team adopts
// the images it already has), an id from the file name unique in the manifest, the manifest's text with the entries
// appended (comments and layout kept), and the sidecar with the entry's mark, so the next build skips the asset.
import { applyEdits, modify } from 'jsonc-parser';
import * as path from 'node:path';
import { formatFromFileName } from '../imaging/formats';
import { PROVIDER_IDS } from '../providers/registry';
import { optionalParameters, parseSidecar, SIDECAR_LIMITS, type Sidecar } from '../sidecar';
import { MANIFEST_LIMITS, MANIFEST_SCHEMA_URL, isWorkspaceRelativePath, type ManifestEntry } from './schema';

/** Why an asset is not adopted, or the entry it becomes (its output relative to `defaults.folder` when there is one). */
export type Adoption = { readonly entry: ManifestEntry } | { readonly skip: string };

export interface AdoptionContext {
  /** The asset's workspace-relative path. */
  readonly file: string;
  /** The manifest's `defaults.folder`, when it has one: outputs are written relative to it. */
  readonly folder?: string;
  /** The id, unique in the manifest. */
  readonly id: string;
  /** The sidecar's references that are workspace files, as workspace-relative paths (the others are left out). */
  readonly references: readonly string[];
}

/** The entry that makes `sidecar`'s image again: its prompt, provider, model and parameters, at its own path. */
export function adoptionEntry(sidecar: Sidecar, c: AdoptionContext): Adoption {
  if (!(PROVIDER_IDS as readonly string[]).includes(sidecar.provider)) return { skip: `its provider "${sidecar.provider}" is not one this version knows` };
  if (!isWorkspaceRelativePath(c.file)) return { skip: 'it is not a file inside the workspace folder' };
  const output = c.folder === undefined ? c.file : c.file.startsWith(`${c.folder}/`) ? c.file.slice(c.folder.length + 1) : undefined;
  if (output === undefined) return { skip: `it is outside the manifest's defaults.folder (${c.folder})` };
  const p = sidecar.parameters;
  const fromName = formatFromFileName(c.file);
  if (fromName !== p.outputFormat) return { skip: `its sidecar says ${p.outputFormat}, its extension says ${fromName ?? 'no image format'}` };
  // The optional parameters the sidecar set (one list: core/sidecar), but `frames`: an entry is one image.
  const { frames: _frames, ...optional } = optionalParameters(p);
  const entry: ManifestEntry = {
    id: c.id, prompt: sidecar.prompt, output,
    ...(c.references.length ? { references: [...c.references] } : {}),
    provider: sidecar.provider as NonNullable<ManifestEntry['provider']>, model: sidecar.model,
    ...(sidecar.preset !== undefined ? { preset: sidecar.preset } : {}),
    size: p.size, quality: p.quality, background: p.background,
    ...optional,
  };
  return { entry };
}

/** An id from the file name (`media/Hero Banner.png` → `Hero-Banner`), with `-2`, `-3`… when `taken` has it. */
export function idFromFileName(file: string, taken: (id: string) => boolean): string {
  const stem = path.posix.basename(file, path.posix.extname(file));
  const base = (stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '') || 'asset').slice(0, MANIFEST_LIMITS.id - 6);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

/** A new manifest's text with these entries. */
export function newManifestText(entries: readonly ManifestEntry[]): string {
  return `${JSON.stringify({ $schema: MANIFEST_SCHEMA_URL, assets: entries }, null, 2)}\n`;
}

/** `text` (an existing manifest, comments and all) with the entries appended to `assets`. */
export function appendEntries(text: string, entries: readonly ManifestEntry[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  for (const e of entries) out = applyEdits(out, modify(out, ['assets', -1], e, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } }));
  return out;
}

/** The sidecar file's text with `manifest` set to the entry's mark; every other field kept as it was (even unknown ones). */
export function withManifestMark(text: string, mark: { readonly entry: string; readonly specHash: string }): string {
  parseSidecar(text);
  const raw = JSON.parse(text.replace(/^\ufeff/, '')) as Record<string, unknown>;
  const out = `${JSON.stringify({ ...raw, manifest: { entry: mark.entry, specHash: mark.specHash } }, null, 2)}\n`;
  parseSidecar(out, SIDECAR_LIMITS.maxBytes);
  return out;
}
