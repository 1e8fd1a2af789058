// Turns the locations users and callers give (Uri, URI string, absolute or workspace-relative path) into files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Location } from '../core/params';
import { PixelsmithError } from '../core/errors';
import { formatFromFileName, isUploadFormat, mimeForFormat, sniffFormat } from '../core/imaging/formats';
import type { ImageInput } from '../core/types';

export function resolveLocation(loc: Location, base?: vscode.Uri, field = 'references'): vscode.Uri {
  if (typeof loc !== 'string') return loc instanceof vscode.Uri ? loc : vscode.Uri.from(loc as { scheme: string; path: string });
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(loc) || /^untitled:|^file:/.test(loc)) return vscode.Uri.parse(loc, true);
  if (path.isAbsolute(loc)) return vscode.Uri.file(loc);
  const root = base ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new PixelsmithError('config', `${field}: "${loc}" is a relative path, but no workspace folder is open to resolve it against.`, { field });
  return vscode.Uri.joinPath(root, loc);
}

/** Read an image to upload, with the MIME type the API wants (it rejects application/octet-stream). */
export async function readImageInput(uri: vscode.Uri, field: string): Promise<ImageInput> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new PixelsmithError('not-found', `${field}: cannot read ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.`, { field });
  }
  const format = sniffFormat(bytes) ?? formatFromFileName(uri.path);
  if (!format || !isUploadFormat(format)) throw new PixelsmithError('invalid-request', `${field}: ${path.basename(uri.path)} is not a PNG, JPEG or WebP image.`, { field, allowed: ['png', 'jpeg', 'webp'] });
  return { name: path.basename(uri.path), mimeType: mimeForFormat(format), bytes, source: workspaceRelative(uri) };
}

/** `docs/a.png` for a file inside a workspace folder, else the URI string. */
export function workspaceRelative(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.toString();
  const rel = path.posix.relative(folder.uri.path, uri.path);
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${rel}` : rel;
}
