// The one check that a Uri from outside (a webview message, a drop) names a file really inside an open workspace
// folder: no `.` or `..` segments, and its real path (symlinks resolved) inside the folder's real path.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The workspace folder `uri` is really inside, or undefined (outside, `..` tricks, a symlink that leads out). */
export async function workspaceFolderOf(uri: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  // getWorkspaceFolder compares strings: `/ws/../../home` starts with `/ws`, so dot segments are refused outright.
  if (uri.path.split('/').some((s) => s === '.' || s === '..')) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return folder;
  const [real, root] = await Promise.all([realPath(uri.fsPath), realPath(folder.uri.fsPath)]);
  const rel = path.relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) ? folder : undefined;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (a file about to be written). */
async function realPath(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await realPath(parent), path.basename(p));
  }
}
