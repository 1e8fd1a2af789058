// The asset manifest in the workspace: where it is, what is at each output, and writing a built output with its
// sidecar — inside the workspace folder only, replacing only a file this manifest entry made.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sidecarFor } from '../core/savePlan';
import { PixelsmithError } from '../core/errors';
import { sha256 } from '../core/history';
import { parseManifest, type ParsedManifest } from '../core/manifest/parse';
import type { OutputState, PlanItem, PlanSources } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { parseSidecar, serializeSidecar } from '../core/sidecar';
import { containingFolder, readHistoryImage } from './saveAssets';
import type { Services } from './services';
import { exists, replaceFileAtomic, writeNewFileAtomic } from './workspaceWrite';

export interface ManifestAt {
  readonly root: vscode.WorkspaceFolder;
  readonly uri: vscode.Uri;
}

/** The manifest a caller names (a Uri or a workspace-relative path), else the first workspace folder's. */
export async function locateManifest(given?: vscode.Uri | string): Promise<ManifestAt> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new PixelsmithError('config', 'Open a folder first: the asset manifest lives at a workspace folder\'s root.');
  if (given !== undefined) {
    const uri = typeof given === 'string' ? vscode.Uri.joinPath(folders[0]!.uri, given) : given;
    const root = await containingFolder(vscode.Uri.joinPath(uri, '..'));
    return { root, uri };
  }
  for (const root of folders) {
    const uri = vscode.Uri.joinPath(root.uri, MANIFEST_FILE);
    if (await exists(uri)) return { root, uri };
  }
  throw new PixelsmithError('not-found', `No ${MANIFEST_FILE} at the root of ${folders.map((f) => f.name).join(', ')}.`, {
    hint: `Create ${MANIFEST_FILE} with { "assets": [ { "id": "hero", "prompt": "…", "output": "media/hero.png" } ] }.`,
  });
}

/** The manifest as saved (a build uses what is on disk; an open editor's unsaved text is the CodeLens's, given as `text`). */
export async function readManifest(at: ManifestAt, text?: string): Promise<ParsedManifest> {
  return parseManifest(text ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(at.uri)));
}

/** Where an entry's output is; refused when it would leave the workspace folder (real paths: links count). */
export async function outputUri(root: vscode.WorkspaceFolder, relative: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root.uri, relative);
  await containingFolder(vscode.Uri.joinPath(uri, '..'));
  return uri;
}

export function planSources(root: vscode.WorkspaceFolder): PlanSources {
  return {
    output: async (relative): Promise<OutputState> => {
      const uri = await outputUri(root, relative);
      if (!(await exists(uri))) return { exists: false };
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path: `${uri.path}.json` })));
      } catch {
        return { exists: true, sidecar: 'none' };
      }
      try {
        const sidecar = parseSidecar(text);
        return sidecar.manifest ? { exists: true, mark: sidecar.manifest } : { exists: true, sidecar: 'foreign' };
      } catch {
        return { exists: true, sidecar: 'unreadable' };
      }
    },
    referenceHash: async (relative) => {
      try {
        return sha256(await vscode.workspace.fs.readFile(await outputUri(root, relative)));
      } catch (e) {
        if (e instanceof PixelsmithError) throw e;
        throw new PixelsmithError('not-found', `${MANIFEST_FILE}: the reference ${relative} cannot be read.`, { field: 'references' });
      }
    },
  };
}

/** Writes image 0 of the generation to the entry's output with its sidecar; replaces only this entry's own earlier build. */
export async function writeOutput(s: Services, root: vscode.WorkspaceFolder, item: PlanItem, generationId: string): Promise<void> {
  const record = await s.history.get(generationId);
  const image = record?.images[0];
  if (!record || !image) throw new PixelsmithError('not-found', `Generation ${generationId} has no image to write.`);
  const bytes = await readHistoryImage(s, record, image);
  const sidecar = sidecarFor(record, image, { manifest: { entry: item.entry.id, specHash: item.specHash } });
  const uri = await outputUri(root, item.entry.output);
  const folder = vscode.Uri.joinPath(uri, '..');
  const name = path.posix.basename(uri.path);
  await vscode.workspace.fs.createDirectory(folder);
  const text = new TextEncoder().encode(serializeSidecar(sidecar));
  if (item.status === 'missing') {
    if (!(await writeNewFileAtomic(folder, name, bytes))) {
      throw new PixelsmithError('invalid-request', `${item.entry.output} appeared while ${item.entry.id} was being built; it was left untouched (the image stays in the history).`);
    }
    await replaceFileAtomic(folder, `${name}.json`, text);
    return;
  }
  // Rebuild: check again that the file there is still this entry's, then replace the image and its sidecar.
  const now = await planSources(root).output(item.entry.output);
  if (now.mark?.entry !== item.entry.id) {
    throw new PixelsmithError('invalid-request', `${item.entry.output} is no longer ${item.entry.id}'s build; it was left untouched (the image stays in the history).`);
  }
  await replaceFileAtomic(folder, name, bytes);
  await replaceFileAtomic(folder, `${name}.json`, text);
}
