// The asset manifest in the workspace: where it is, what is at each output, and writing a built output with its
// sidecar — inside the workspace folder only, replacing only a file this manifest entry made.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sidecarFor } from '../core/savePlan';
import { PixelsmithError } from '../core/errors';
import { parseManifest, type ParsedManifest } from '../core/manifest/parse';
import { manifestMark, planSourcesOf, writeBuiltOutput, type ManifestFiles } from '../core/manifest/output';
import type { PlanItem, PlanSources } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { serializeSidecar } from '../core/sidecar';
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

/** The manifest's file operations on VS Code's file system, inside `root` only. */
export function manifestFiles(root: vscode.WorkspaceFolder): ManifestFiles {
  const split = async (relative: string) => {
    const uri = await outputUri(root, relative);
    return { folder: vscode.Uri.joinPath(uri, '..'), name: path.posix.basename(uri.path), uri };
  };
  return {
    exists: async (relative) => exists(await outputUri(root, relative)),
    read: async (relative) => vscode.workspace.fs.readFile(await outputUri(root, relative)),
    writeNew: async (relative, data) => {
      const { folder, name } = await split(relative);
      await vscode.workspace.fs.createDirectory(folder);
      return writeNewFileAtomic(folder, name, data);
    },
    replace: async (relative, data) => {
      const { folder, name } = await split(relative);
      await vscode.workspace.fs.createDirectory(folder);
      await replaceFileAtomic(folder, name, data);
    },
  };
}

export function planSources(root: vscode.WorkspaceFolder): PlanSources {
  return planSourcesOf(manifestFiles(root));
}

/** Writes image 0 of the generation to the entry's output with its sidecar; replaces only this entry's own earlier build. */
export async function writeOutput(s: Services, root: vscode.WorkspaceFolder, item: PlanItem, generationId: string): Promise<void> {
  const record = await s.history.get(generationId);
  const image = record?.images[0];
  if (!record || !image) throw new PixelsmithError('not-found', `Generation ${generationId} has no image to write.`);
  const bytes = await readHistoryImage(s, record, image);
  const sidecar = sidecarFor(record, image, { manifest: manifestMark(item) });
  await writeBuiltOutput(manifestFiles(root), item, bytes, serializeSidecar(sidecar));
}
