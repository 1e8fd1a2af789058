// Saves images from the history into the workspace for the MCP server, by the extension's rules (core/savePlan):
// names from the naming pattern, never overwriting (a hard link claims the name or fails), atomic (a complete
// temporary file is linked into place), each with its sidecar, inside the workspace folder only — symbolic
// links that lead out included.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assertInside, baseNameFor, chooseFreeName, extensionFor, relativeTo, resolveFolderSetting, sidecarFor, TakenNames } from '../core/savePlan';
import { PixelsmithError } from '../core/errors';
import { sha256, type HistoryStore, type GenerationRecord } from '../core/history';
import type { Logger } from '../core/log';
import { serializeSidecar } from '../core/sidecar';
import type { Preset } from '../core/types';
import { folderKeyFor, readWorkspaceSettings } from './workspaceSettings';

export interface SavedFile {
  readonly index: number;
  /** Absolute path. */
  readonly path: string;
  /** Workspace-relative, with `/`. */
  readonly relPath: string;
}

/** The folder to save into: `folder` (workspace-relative or absolute inside it) or the preset's folder setting; checked before anything is paid for. */
export async function destinationFolder(workspace: string, folder: string | undefined, preset: Preset | undefined): Promise<string> {
  const root = toPosix(workspace);
  let target: string;
  if (folder !== undefined) {
    target = resolveFolderSetting(root, fromFileUri(folder), 'folder');
  } else {
    const settings = await readWorkspaceSettings(workspace);
    const key = folderKeyFor(preset);
    target = resolveFolderSetting(root, settings[key], `pixelsmith.${key}`);
  }
  // A link inside the workspace that points elsewhere is outside too.
  const [realRoot, realTarget] = await Promise.all([realPath(workspace), realPath(fromPosix(target))]);
  assertInside(toPosix(realRoot), toPosix(realTarget), folder ?? relativeTo(root, target), 'folder');
  return fromPosix(target);
}

export async function saveFromHistory(
  o: { history: HistoryStore; log: Logger; workspace: string; folder: string; generationId: string; indices: readonly number[] },
): Promise<SavedFile[]> {
  const record = await o.history.get(o.generationId);
  if (!record) throw new PixelsmithError('not-found', `Generation ${o.generationId} is not in the history.`);
  const images = record.images.filter((i) => o.indices.includes(i.index));
  if (images.length === 0) return [];
  const pattern = (await readWorkspaceSettings(o.workspace))['naming.pattern'];
  const preset = record.request.preset;
  const prepared = await Promise.all(images.map(async (image) => {
    const bytes = await fs.readFile(o.history.imagePath(record.id, image.file));
    if (sha256(bytes) !== image.sha256) throw new PixelsmithError('bad-image', `Image ${image.index} of generation ${record.id} no longer matches its recorded sha256; it was not saved.`);
    return { image, bytes, sidecar: sidecarFor(record, image, {}) };
  }));
  await fs.mkdir(o.folder, { recursive: true });
  const taken = new TakenNames(await fs.readdir(o.folder));
  const saved: SavedFile[] = [];
  for (const p of prepared) {
    const base = baseNameFor({ pattern, prompt: record.request.prompt, date: new Date(record.createdAt), index: p.image.index, ...(preset ? { preset } : {}), model: record.model });
    const text = new TextEncoder().encode(serializeSidecar(p.sidecar));
    for (;;) {
      const name = await chooseFreeName(base, extensionFor(p.image.format), taken);
      const file = path.join(o.folder, name);
      if (!(await writeNew(file, p.bytes))) continue;
      if (await writeNew(`${file}.json`, text).catch(async (e) => { await fs.rm(file, { force: true }); throw e; })) {
        saved.push({ index: p.image.index, path: file, relPath: relativeTo(toPosix(o.workspace), toPosix(file)) });
        break;
      }
      await fs.rm(file, { force: true });
    }
  }
  await recordSaved(o.history, record, saved, o.log);
  o.log.info(`saved ${saved.length} image(s) of ${record.id} to ${o.folder}`);
  return saved;
}

/** Write `data` as `file` only if that name is free; false when it is taken. */
export async function writeNew(file: string, data: Uint8Array): Promise<boolean> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, data, { flag: 'wx' });
  try {
    await fs.link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function recordSaved(history: HistoryStore, record: GenerationRecord, saved: readonly SavedFile[], log: Logger): Promise<void> {
  if (saved.length === 0) return;
  const at = new Date().toISOString();
  try {
    const fresh = await history.get(record.id);
    if (fresh) await history.update(fresh, (r) => { r.saved.push(...saved.map((s) => ({ index: s.index, path: pathToFileUri(s.path), at }))); });
  } catch (e) {
    log.warn(`history: could not record the saved paths of ${record.id}: ${String(e)}`);
  }
}

export async function realPath(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await realPath(parent), path.basename(p));
  }
}

const toPosix = (p: string): string => p.replace(/\\/g, '/');
const fromPosix = (p: string): string => (process.platform === 'win32' ? p.replace(/^\/([a-z]:)/i, '$1').replace(/\//g, '\\') : p);
const fromFileUri = (s: string): string => (s.startsWith('file://') ? decodeURIComponent(new URL(s).pathname) : s);
const pathToFileUri = (p: string): string => `file://${toPosix(p).startsWith('/') ? '' : '/'}${encodeURI(toPosix(p))}`;
