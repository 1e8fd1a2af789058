// Save from the Generate panel: into the preset's folder or one the user picks, then (when the panel was opened
// to illustrate a markdown document) link the image into that document; copy a result as a markdown link.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PixelsmithError } from '../../core/errors';
import type { Preset } from '../../core/types';
import { workspaceRelative } from '../../platform/files';
import { saveFromHistory, type SavedAsset } from '../../platform/saveAssets';
import type { Services } from '../../platform/services';
import { folderSettingFor, setting } from '../../platform/settings';
import type { SavedFile } from '../../protocol';
import { markdownLinkTo } from '../markdownLink';

export function toSavedFile(generationId: string, a: SavedAsset): SavedFile {
  return { generationId, index: a.index, path: workspaceRelative(a.uri), uri: a.uri.toString() };
}

/** Ask for a folder inside the workspace; undefined when the user closed the dialog. */
export async function chooseFolder(preset: Preset): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new PixelsmithError('config', vscode.l10n.t('Open a folder first: images are saved into the workspace.'), { hint: vscode.l10n.t('File > Open Folder…') });
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Save Here'),
    title: vscode.l10n.t('Pixelsmith: save the picked images to…'), defaultUri: vscode.Uri.joinPath(root, String(setting(folderSettingFor(preset), root))),
  });
  return picked?.[0];
}

export async function saveResults(s: Services, o: { generationId: string; indices: readonly number[]; preset: Preset; folder?: vscode.Uri; source?: { document: vscode.Uri; heading?: string } }): Promise<SavedAsset[]> {
  if (o.indices.length === 0) throw new PixelsmithError('invalid-request', vscode.l10n.t('Pick at least one image to save.'), { field: 'indices' });
  const saved = await saveFromHistory(s, { generationId: o.generationId, indices: o.indices, preset: o.preset, ...(o.folder ? { folder: o.folder } : {}), ...(o.source ? { source: o.source } : {}) });
  s.log.info(`generation ${o.generationId}: saved ${saved.map((a) => workspaceRelative(a.uri)).join(', ')}`);
  return saved;
}

/** A saved file of this generation image that is still there, else a fresh save into the preset's folder. */
export async function savedOrSave(s: Services, generationId: string, index: number, preset: Preset): Promise<vscode.Uri> {
  const record = await s.history.get(generationId);
  if (!record) throw new PixelsmithError('not-found', vscode.l10n.t('That generation is no longer in the history.'));
  for (const entry of [...record.saved].reverse()) {
    if (entry.index !== index) continue;
    const uri = resolveSavedPath(entry.path);
    if (uri && (await vscode.workspace.fs.stat(uri).then(() => true, () => false))) return uri;
  }
  const [asset] = await saveResults(s, { generationId, indices: [index], preset });
  if (!asset) throw new PixelsmithError('server', vscode.l10n.t('The image was not saved.'));
  return asset.uri;
}

function resolveSavedPath(p: string): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) && !/^[a-z]:[\\/]/i.test(p)) return vscode.Uri.parse(p);
  if (path.isAbsolute(p)) return vscode.Uri.file(p);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  return root ? vscode.Uri.joinPath(root, p) : undefined;
}

/** `![alt](path)`: relative to the active markdown document when there is one, else to the workspace folder. */
export function markdownLink(file: vscode.Uri, alt: string): string {
  const doc = vscode.window.activeTextEditor?.document;
  return markdownLinkTo(file, alt, doc?.languageId === 'markdown' ? doc.uri : undefined);
}
