// The one check that a Uri names a file really inside an open workspace folder: no `.` or `..` segments, and its
// real path (symlinks resolved, up to the nearest existing ancestor for a file not yet written) inside the folder's
// real path. Webview messages and drops are checked with it before a read; every write, delete and rename in the
// workspace (workspaceWrite.ts) before it acts.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import { realPathInside } from '../core/realPath';

/** A `.` or `..` segment, however the path separates them (a backslash is a separator on Windows). */
export function hasDotSegment(p: string): boolean {
  return p.split(/[\\/]/).some((s) => s === '.' || s === '..');
}

/** The workspace folder `uri` is really inside, or undefined (outside, `..` tricks, a symlink that leads out). */
export async function workspaceFolderOf(uri: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  // getWorkspaceFolder compares strings: `/ws/../../home` starts with `/ws`, so dot segments are refused outright.
  if (hasDotSegment(uri.path)) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return folder;
  return (await realPathInside(folder.uri.fsPath, uri.fsPath)) ? folder : undefined;
}

/**
 * Throws `outside-workspace` unless `uri` is really inside a workspace folder (see workspaceFolderOf); `action` says
 * what was refused ("write", "delete", "rename"). Resolves to that folder.
 */
export async function assertInWorkspace(uri: vscode.Uri, action: string, field = 'folder'): Promise<vscode.WorkspaceFolder> {
  const folder = await workspaceFolderOf(uri);
  if (folder) return folder;
  const shown = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  throw new PixelsmithError('outside-workspace',
    `Refused to ${action} ${JSON.stringify(shown)}: it is not inside the workspace folder (a ".." segment, or a symbolic link that leads out of it); Pixelsmith only changes files inside the workspace.`,
    { field, retryable: false, hint: 'Choose a folder inside the workspace; a linked folder must point inside the workspace folder too.' });
}
