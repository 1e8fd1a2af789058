// Copies chosen images from the history into the workspace, byte for byte, each with its sidecar `<name>.json`:
// names from the prompt (never overwriting), inside the workspace folder only, atomic writes via vscode.workspace.fs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { assertInside, baseNameFor, chooseFreeName, extensionFor, relativeTo, resolveFolderSetting, sidecarFor, stripImageExtension, TakenNames } from '../core/savePlan';
import { matchCopyDestination, resolveCopyDestination } from '../core/copyFilesDestination';
import { PixelsmithError } from '../core/errors';
import { translationBaseName, translationOf } from '../core/localize/plan';
import { sha256, type GenerationRecord } from '../core/history';
import { serializeSidecar, type Sidecar } from '../core/sidecar';
import type { Preset, StoredImage } from '../core/types';
import type { Services } from './services';
import { folderSettingFor, setting } from './settings';
import { assertInWorkspace } from './workspaceUri';
import { createFolder, deleteFile, listNames, writeNewFileAtomic } from './workspaceWrite';

export interface SaveOptions {
  readonly generationId: string;
  /** 0-based image indices of the generation. */
  readonly indices: readonly number[];
  /** Destination folder; default: the preset's folder setting in the (chosen) workspace folder. */
  readonly folder?: vscode.Uri;
  readonly preset?: Preset;
  /** For markdown illustrations: the document (and heading) the image is for. Without `folder`, the image goes where
   * VS Code's `markdown.copyFiles.destination` puts files for that document, else to the preset's folder. */
  readonly source?: { readonly document: vscode.Uri; readonly heading?: string };
  /** A base name (no extension) chosen by the caller (Localize: `hero.ko`), instead of the naming pattern's. */
  readonly baseName?: string;
}

export interface SavedAsset {
  readonly index: number;
  readonly uri: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
  /** What was written into the sidecar. */
  readonly sidecar?: Sidecar;
}

interface Destination {
  readonly root: vscode.WorkspaceFolder;
  readonly folder: vscode.Uri;
  /** A file base name the destination itself gives (a copy-files destination without `${fileName}`). */
  readonly baseName?: string;
}

/** Copy the images `o.indices` of a generation into the workspace; resolves to the files written. */
export async function saveFromHistory(s: Services, o: SaveOptions): Promise<SavedAsset[]> {
  const record = await s.history.get(o.generationId);
  if (!record) throw new PixelsmithError('not-found', `Generation ${o.generationId} is not in the history (it may have been pruned).`, { field: 'generationId' });
  const images = pickImages(record, o.indices);
  if (images.length === 0) return [];
  const preset = o.preset ?? record.request.preset;
  const proposed = `${baseNameFor({ pattern: namingPattern(o), prompt: record.request.prompt, date: new Date(record.createdAt), index: images[0]!.index, ...(preset ? { preset } : {}), model: record.model })}.${extensionFor(images[0]!.format)}`;
  const dest = await destination(s, o, preset, proposed);
  // Read and check everything first: a bad history file or an invalid sidecar field writes nothing.
  const prepared = await Promise.all(images.map(async (image) => ({ image, bytes: await readHistoryImage(s, record, image), sidecar: sidecarFor(record, image, sidecarContext(o, dest)) })));
  // A translation (a remix or regenerate of one keeps its language and original) is named as Localize names it.
  const translation = translationOf(record.context);
  const translationBase = translation ? translationBaseName(translation, namingPattern(o), new Date(record.createdAt)) : undefined;
  await createFolder(dest.folder);
  const taken = new TakenNames(await listNames(dest.folder));
  const saved: SavedAsset[] = [];
  for (const p of prepared) {
    const base = o.baseName ?? translationBase ?? dest.baseName ?? baseNameFor({ pattern: namingPattern(o), prompt: record.request.prompt, date: new Date(record.createdAt), index: p.image.index, ...(preset ? { preset } : {}), model: record.model });
    saved.push(await writeAsset(dest.folder, base, extensionFor(p.image.format), p.bytes, p.sidecar, p.image.index, taken));
  }
  await recordSaved(s, o.generationId, saved);
  s.log.info(`saved ${saved.length} image(s) of ${o.generationId} to ${dest.folder.toString()}`);
  return saved;
}

function namingPattern(o: SaveOptions): string {
  return setting('naming.pattern', o.folder ?? o.source?.document) || '{slug}';
}

function pickImages(record: GenerationRecord, indices: readonly number[]): StoredImage[] {
  const out: StoredImage[] = [];
  for (const i of indices) {
    const image = record.images.find((x) => x.index === i);
    if (!image) {
      const have = record.images.map((x) => x.index);
      throw new PixelsmithError('invalid-request', `Image ${i} of generation ${record.id} does not exist; it has ${have.length ? `indices ${have.join(', ')}` : 'no images'}.`, { field: 'indices', allowed: have.map(String) });
    }
    if (!out.includes(image)) out.push(image);
  }
  return out;
}

/** The history bytes, checked against the recorded sha256 so a damaged history file is never copied. */
export async function readHistoryImage(s: Services, record: GenerationRecord, image: StoredImage): Promise<Uint8Array> {
  const uri = vscode.Uri.file(s.history.imagePath(record.id, image.file));
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new PixelsmithError('not-found', `Image ${image.index} of generation ${record.id} is missing from the history (${image.file}).`);
  }
  if (sha256(bytes) !== image.sha256) throw new PixelsmithError('bad-image', `Image ${image.index} of generation ${record.id} no longer matches its recorded sha256; it was not saved.`);
  return bytes;
}

/** Write the image, then its sidecar, under the first name free for both; a clash found at rename time moves on. */
async function writeAsset(folder: vscode.Uri, base: string, ext: string, bytes: Uint8Array, sidecar: Sidecar, index: number, taken: TakenNames): Promise<SavedAsset> {
  const text = new TextEncoder().encode(serializeSidecar(sidecar));
  for (;;) {
    const name = await chooseFreeName(base, ext, taken);
    if (!(await writeNewFileAtomic(folder, name, bytes))) continue;
    const uri = vscode.Uri.joinPath(folder, name);
    let sidecarWritten = false;
    try {
      sidecarWritten = await writeNewFileAtomic(folder, `${name}.json`, text);
    } catch (e) {
      await deleteFile(uri);
      throw e;
    }
    if (sidecarWritten) return { index, uri, sidecarUri: vscode.Uri.joinPath(folder, `${name}.json`), sidecar };
    // Someone else's file took the sidecar name meanwhile: take ours back and try the next name.
    await deleteFile(uri);
  }
}

async function recordSaved(s: Services, generationId: string, saved: readonly SavedAsset[]): Promise<void> {
  const fresh = await s.history.get(generationId);
  if (!fresh || saved.length === 0) return;
  const at = new Date().toISOString();
  try {
    await s.history.update(fresh, (r) => { r.saved.push(...saved.map((a) => ({ index: a.index, path: a.uri.toString(), at }))); });
  } catch (e) {
    s.log.warn(`history: could not record the saved paths of ${generationId}: ${String(e)}`);
  }
}

function sidecarContext(o: SaveOptions, dest: Destination): Parameters<typeof sidecarFor>[2] {
  const doc = o.source ? inFolder(dest.root, o.source.document) : undefined;
  return {
    ...(doc !== undefined && o.source ? { source: { document: doc, ...(o.source.heading ? { heading: o.source.heading } : {}) } } : {}),
  };
}

/** `root`-relative path of `uri` when it is inside that workspace folder. */
function inFolder(root: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== root.uri.scheme || uri.authority !== root.uri.authority) return undefined;
  const rel = relativeTo(root.uri.path, uri.path);
  return rel === '' || rel.startsWith('..') || path.posix.isAbsolute(rel) ? undefined : rel;
}

async function destination(s: Services, o: SaveOptions, preset: Preset | undefined, proposedName: string): Promise<Destination> {
  if (o.folder) {
    return { root: await containingFolder(o.folder), folder: o.folder };
  }
  if (o.source) {
    const root = vscode.workspace.getWorkspaceFolder(o.source.document) ?? (await pickWorkspaceFolder());
    const copy = copyFilesDestination(s, root, o.source.document, proposedName);
    if (copy) return copy;
    return { root, folder: folderFromSetting(root, preset ?? 'illustration') };
  }
  const root = await pickWorkspaceFolder();
  return { root, folder: folderFromSetting(root, preset) };
}

function folderFromSetting(root: vscode.WorkspaceFolder, preset: Preset | undefined): vscode.Uri {
  const key = folderSettingFor(preset);
  const value = String(setting(key, root.uri) ?? '');
  const abs = resolveFolderSetting(root.uri.path, value, `pixelsmith.${key}`);
  return root.uri.with({ path: abs });
}

/** Where VS Code's Markdown extension would copy a file named `fileName` for this document, if the setting maps it. */
function copyFilesDestination(s: Services, root: vscode.WorkspaceFolder, document: vscode.Uri, fileName: string): Destination | undefined {
  const config = vscode.workspace.getConfiguration('markdown', document).get<Record<string, unknown>>('copyFiles.destination');
  if (!config || typeof config !== 'object') return undefined;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path);
  const dest = matchCopyDestination(config, document.path, folders);
  if (dest === undefined) return undefined;
  const target = resolveCopyDestination(dest, { documentPath: document.path, workspaceFolder: root.uri.path, fileName, now: new Date(), log: s.log });
  assertInside(root.uri.path, path.posix.dirname(target), dest, 'markdown.copyFiles.destination');
  const file = path.posix.basename(target);
  const base = stripImageExtension(file);
  return {
    root, folder: root.uri.with({ path: path.posix.dirname(target) }),
    ...(file !== fileName ? { baseName: base } : {}),
  };
}

/**
 * The workspace folder that holds `folder`; anything elsewhere (by path, or by real path through a symbolic link)
 * is refused with `outside-workspace`, before any write.
 */
export async function containingFolder(folder: vscode.Uri): Promise<vscode.WorkspaceFolder> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new PixelsmithError('config', 'Open a folder first: Pixelsmith saves images into the workspace.', { hint: 'File > Open Folder…' });
  const root = vscode.workspace.getWorkspaceFolder(folder);
  const shown = folder.scheme === 'file' ? folder.fsPath : folder.toString();
  if (root && folder.scheme === root.uri.scheme && folder.authority === root.uri.authority) {
    assertInside(root.uri.path, folder.path, shown);
    await assertInWorkspace(folder, 'write into');
    return root;
  }
  const where = folders.map((f) => JSON.stringify(f.uri.scheme === 'file' ? f.uri.fsPath : f.uri.toString())).join(', ');
  throw new PixelsmithError('outside-workspace',
    `The destination ${JSON.stringify(shown)} is outside the workspace folder ${where}; Pixelsmith only writes inside the workspace.`,
    { field: 'folder', retryable: false, hint: 'Choose a folder inside the workspace (a path relative to the workspace folder, without "..").' });
}

/** The only workspace folder, or the one the user picks in a multi-root workspace. */
async function pickWorkspaceFolder(): Promise<vscode.WorkspaceFolder> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new PixelsmithError('config', 'Open a folder first: Pixelsmith saves images into the workspace.', { hint: 'File > Open Folder…' });
  if (folders.length === 1) return folders[0]!;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Pixelsmith: save into which workspace folder?', ignoreFocusOut: true });
  if (!picked) throw new PixelsmithError('cancelled', 'Saving cancelled: no workspace folder was chosen.');
  return picked;
}
