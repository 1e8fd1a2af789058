// What is at a manifest entry's output, and writing a built output with its sidecar — once, for the extension
// (VS Code's file system) and the CLI (Node's): each gives the workspace-relative file operations, which refuse any
// path that leaves the workspace folder (real paths: links count). An output is replaced only when it is this entry's
// own earlier build; a new output never overwrites a file that appeared meanwhile.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { sidecarFor } from '../savePlan';
import { PixelsmithError } from '../errors';
import { sha256, type HistoryStore } from '../history';
import { parseSidecar, serializeSidecar } from '../sidecar';

import { ownedBy, type OutputState, type PlanItem, type PlanSources } from './plan';
import { MANIFEST_FILE } from './schema';
import { markEntryOf } from './translations';

/** Workspace-relative (`/`-separated) file operations; each throws `outside-workspace` for a path that leaves the folder. */
export interface ManifestFiles {
  exists(relative: string): Promise<boolean>;
  /** The file's bytes; throws when it cannot be read. */
  read(relative: string): Promise<Uint8Array>;
  /** Writes a new file atomically (creating its folder); false, writing nothing, when the name is taken. */
  writeNew(relative: string, data: Uint8Array): Promise<boolean>;
  /** Replaces (or creates) a file in one rename. */
  replace(relative: string, data: Uint8Array): Promise<void>;
}

export function planSourcesOf(files: ManifestFiles): PlanSources {
  return {
    output: async (relative): Promise<OutputState> => {
      if (!(await files.exists(relative))) return { exists: false };
      let text: string;
      try {
        text = new TextDecoder().decode(await files.read(`${relative}.json`));
      } catch (e) {
        if (e instanceof PixelsmithError && e.code === 'outside-workspace') throw e;
        return { exists: true, sidecar: 'none' };
      }
      try {
        const sidecar = parseSidecar(text);
        return sidecar.manifest
          ? { exists: true, mark: { ...sidecar.manifest, ...(sidecar.language !== undefined ? { language: sidecar.language } : {}) } }
          : { exists: true, sidecar: 'foreign' };
      } catch {
        return { exists: true, sidecar: 'unreadable' };
      }
    },
    referenceHash: async (relative) => {
      try {
        return createHash('sha256').update(await files.read(relative)).digest('hex');
      } catch (e) {
        if (e instanceof PixelsmithError) throw e;
        throw new PixelsmithError('not-found', `${MANIFEST_FILE}: the reference ${relative} cannot be read.`, { field: 'references' });
      }
    },
  };
}

/** What writing needs of a plan item: the entry's id and output, and whether the output was missing or is this entry's. */
export type OutputTarget = Pick<PlanItem, 'status' | 'specHash' | 'translation'> & { readonly entry: Pick<PlanItem['entry'], 'id' | 'output'> };

/** The sidecar's manifest mark for a built item (a translation's language is the sidecar's own `language`). */
export function manifestMark(item: OutputTarget): { entry: string; specHash: string } {
  return { entry: markEntryOf(item), specHash: item.specHash };
}

/** Writes a built image and its sidecar to the entry's output; replaces only this entry's own earlier build. */

export async function writeBuiltOutput(files: ManifestFiles, item: OutputTarget, bytes: Uint8Array, sidecarText: string): Promise<void> {
  const out = item.entry.output;
  const text = new TextEncoder().encode(sidecarText);
  if (item.status === 'missing') {
    if (!(await files.writeNew(out, bytes))) {
      throw new PixelsmithError('invalid-request', `${out} appeared while ${item.entry.id} was being built; it was left untouched (the image stays in the history).`);
    }
    await files.replace(`${out}.json`, text);
    return;
  }
  // Rebuild: check again that the file there is still this entry's, then replace the image and its sidecar.
  const now = await planSourcesOf(files).output(out);
  if (!ownedBy(now.mark, item.entry.id)) {
    throw new PixelsmithError('invalid-request', `${out} is no longer ${item.entry.id}'s build; it was left untouched (the image stays in the history).`);
  }
  await files.replace(out, bytes);
  await files.replace(`${out}.json`, text);
}

/** Image 0 of a generation in the history, checked against its sha256, written to the entry's output with its sidecar. */
export async function writeFromHistory(files: ManifestFiles, history: HistoryStore, item: OutputTarget, generationId: string): Promise<void> {
  const record = await history.get(generationId);
  const image = record?.images[0];
  if (!record || !image) throw new PixelsmithError('not-found', `Generation ${generationId} has no image to write.`);
  const bytes = await fs.readFile(history.imagePath(record.id, image.file));
  if (sha256(bytes) !== image.sha256) throw new PixelsmithError('bad-image', `Image 0 of generation ${record.id} no longer matches its recorded sha256; it was not saved.`);
  await writeBuiltOutput(files, item, bytes, serializeSidecar(sidecarFor(record, image, { manifest: manifestMark(item) })));
}

/** Where an output stands now, as a write target: missing, this entry's own (replaced), or not this manifest's (refused). */
export async function targetNow(files: ManifestFiles, entry: { readonly id: string; readonly output: string }, specHash: string): Promise<OutputTarget> {
  const now = await planSourcesOf(files).output(entry.output);
  if (!now.exists) return { entry, specHash, status: 'missing' };
  if (ownedBy(now.mark, entry.id)) return { entry, specHash, status: 'changed' };
  throw new PixelsmithError('invalid-request', `${entry.output} exists and is not ${entry.id}'s build; it was left untouched (the image stays in the history).`);
}
