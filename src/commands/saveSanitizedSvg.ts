// `pixelsmith.saveSanitizedSvg`: a refused SVG (kept in the history only) gets a sanitized copy — without scripts,
// handlers, embedded HTML and outside references — added to its generation and saved like any image, with its
// sidecar. The refused original stays in the history untouched.
import * as vscode from 'vscode';
import { PixelsmithError, ValidationError } from '../core/errors';
import { inspectSvg } from '../core/imaging/inspect-svg';
import { sanitizeSvg } from '../core/imaging/svg-sanitize';
import { resolveLocation } from '../platform/files';
import { containingFolder, saveFromHistory, type SavedAsset } from '../platform/saveAssets';
import type { Services } from '../platform/services';

export interface SanitizedSvgArgs {
  readonly generationId: string;
  /** 0-based index of the refused image. */
  readonly index: number;
  /** Destination folder (path or Uri); default: the preset's folder. */
  readonly folder?: string | vscode.Uri;
}

export interface SanitizedSvgResult {
  readonly generationId: string;
  readonly index: number;
  /** What was taken out of the SVG. */
  readonly removed: readonly string[];
  readonly savedUri: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
}

export function registerSaveSanitizedSvg(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.saveSanitizedSvg', (args?: unknown) => saveSanitizedSvg(s, parseArgs(args)));
}

export async function saveSanitizedSvg(s: Services, a: SanitizedSvgArgs): Promise<SanitizedSvgResult> {
  const folder = a.folder !== undefined ? resolveLocation(a.folder, undefined, 'folder') : undefined;
  if (folder) await containingFolder(folder);
  const record = await s.history.get(a.generationId);
  if (!record) throw new PixelsmithError('not-found', `Generation ${a.generationId} is not in the history (it may have been pruned).`, { field: 'generationId' });
  const refused = record.errors.find((e) => e.index === a.index && e.file?.endsWith('.svg'));
  if (!refused?.file) {
    const have = record.errors.filter((e) => e.file?.endsWith('.svg')).map((e) => String(e.index));
    throw new ValidationError('index', `index: image ${a.index} of generation ${a.generationId} is not a refused SVG${have.length ? `; refused SVGs: ${have.join(', ')}` : ''}.`, { allowed: have });
  }
  let removed: readonly string[] = [];
  if (!record.images.some((i) => i.index === a.index)) {
    const original = await vscode.workspace.fs.readFile(vscode.Uri.file(s.history.imagePath(record.id, refused.file)));
    let clean;
    try {
      clean = sanitizeSvg(original);
    } catch (e) {
      throw new PixelsmithError('bad-image', `Image ${a.index + 1} (SVG) cannot be sanitized: ${(e as Error).message}.`, { retryable: false });
    }
    removed = clean.removed;
    await s.history.addImage(record, a.index, clean.bytes, inspectSvg(clean.bytes));
    s.log.info(`generation ${record.id}: sanitized copy of image ${a.index + 1} (removed ${removed.join('; ')})`);
  }
  const saved: SavedAsset[] = await saveFromHistory(s, { generationId: record.id, indices: [a.index], ...(folder ? { folder } : {}) });
  const [asset] = saved;
  if (!asset) throw new PixelsmithError('server', `The sanitized copy of image ${a.index + 1} was not saved.`);
  return { generationId: record.id, index: a.index, removed, savedUri: asset.uri, sidecarUri: asset.sidecarUri };
}

function parseArgs(raw: unknown): SanitizedSvgArgs {
  if (!raw || typeof raw !== 'object') throw new ValidationError('generationId', 'pixelsmith.saveSanitizedSvg takes { generationId, index, folder? }.');
  const { generationId, index, folder, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new ValidationError(unknown[0]!, `${unknown[0]}: not an argument of pixelsmith.saveSanitizedSvg (it takes generationId, index, folder).`);
  if (typeof generationId !== 'string') throw new ValidationError('generationId', 'generationId must be the string id that pixelsmith.generate returns.');
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw new ValidationError('index', `index must be a 0-based image index, not ${JSON.stringify(index)}.`);
  if (folder !== undefined && typeof folder !== 'string' && !(folder instanceof vscode.Uri)) throw new ValidationError('folder', 'folder must be a path or a Uri.');
  return { generationId, index, ...(folder !== undefined ? { folder } : {}) };
}
