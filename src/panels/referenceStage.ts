// Reference images for the Generate panel, staged as content-addressed copies under <history>/references/,
// so the webview can show them (its resource roots are the built webview and the history store only) and a
// reloaded panel still finds them. Copies not used for the history's retention are pruned in the background
// (core/stagedReferences, run by platform/cleanup).
import { utimes } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import { sha256, type HistoryStore } from '../core/history';
import { extensionForFormat, formatFromFileName, isUploadFormat, mimeForFormat } from '../core/imaging/formats';
import { inspectRasterImage } from '../core/imaging/inspect';
import { STAGED_REFERENCE_NAME, STAGED_REFERENCES_DIR } from '../core/stagedReferences';
import type { ImageInput, RasterFormat } from '../core/types';
import { workspaceRelative } from '../platform/files';
import type { ReferenceImage } from '../protocol';

const EXT = (f: RasterFormat): string => extensionForFormat(f);
const MIME = (f: RasterFormat): ReferenceImage['mimeType'] => mimeForFormat(f);

export class ReferenceStage {
  readonly root: vscode.Uri;

  constructor(historyUri: vscode.Uri) {
    this.root = vscode.Uri.joinPath(historyUri, STAGED_REFERENCES_DIR);
  }

  /** Stage image bytes; rejects anything that is not a complete PNG, JPEG or WebP. */
  async stage(bytes: Uint8Array, name: string, source?: string): Promise<ReferenceImage> {
    let info;
    try {
      info = inspectRasterImage(bytes);
    } catch (e) {
      throw new PixelsmithError('invalid-request', `${name} is not a usable PNG, JPEG or WebP image: ${(e as Error).message}.`, {
        field: 'references', allowed: ['png', 'jpeg', 'webp'], hint: 'Use a PNG, JPEG or WebP file.',
      });
    }
    const key = `${sha256(bytes)}.${EXT(info.format)}`;
    const target = vscode.Uri.joinPath(this.root, key);
    const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
    if (!exists) {
      await vscode.workspace.fs.createDirectory(this.root);
      await vscode.workspace.fs.writeFile(target, bytes);
    } else {
      await this.touch(key);
    }
    return { key, name: cleanName(name, EXT(info.format)), mimeType: MIME(info.format), width: info.width, height: info.height, ...(source ? { source } : {}) };
  }

  /** Stage a file (from the workspace or anywhere the user picked). */
  async fromUri(uri: vscode.Uri): Promise<ReferenceImage> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      throw new PixelsmithError('not-found', `Cannot read ${path.basename(uri.path)}.`, { field: 'references' });
    }
    return this.stage(bytes, path.basename(uri.path), workspaceRelative(uri));
  }

  /** Stage image `index` of a generation in the history store. */
  async fromHistory(history: HistoryStore, generationId: string, index: number): Promise<ReferenceImage> {
    const record = await history.get(generationId);
    const image = record?.images.find((i) => i.index === index);
    if (!record || !image) throw new PixelsmithError('not-found', `Image ${index + 1} of that generation is no longer in the history.`, { field: 'references' });
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(history.imagePath(generationId, image.file)));
    return this.stage(bytes, `${generationId}-${image.file}`, `history:${generationId}/${image.file}`);
  }

  async bytes(key: string): Promise<Uint8Array> {
    if (!STAGED_REFERENCE_NAME.test(key)) throw new PixelsmithError('invalid-request', 'Not a staged reference.', { field: 'references' });
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.root, key));
    } catch {
      throw new PixelsmithError('not-found', 'A reference image is no longer available; add it again.', { field: 'references' });
    }
  }

  /** The upload for a staged reference; its type is read from the bytes, not taken from the webview. */
  async input(ref: ReferenceImage): Promise<ImageInput> {
    const bytes = await this.bytes(ref.key);
    await this.touch(ref.key);
    const format = formatFromFileName(ref.key);
    if (!format || !isUploadFormat(format)) throw new PixelsmithError('invalid-request', 'Not a staged reference.', { field: 'references' });
    return { name: cleanName(ref.name, extensionForFormat(format)), mimeType: mimeForFormat(format), bytes, ...(ref.source ? { source: ref.source } : {}) };
  }

  /** Mark a staged copy as used now: the prune goes by modification time. */
  private async touch(key: string): Promise<void> {
    const now = new Date();
    await utimes(vscode.Uri.joinPath(this.root, key).fsPath, now, now).catch(() => undefined);
  }
}

/** A safe upload name with the right extension: the API reads the type from it. */
function cleanName(name: string, ext: string): string {
  const base = path.basename(name).replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-').slice(0, 80) || 'reference';
  return `${base}.${ext}`;
}
