// Changes files in the workspace through vscode.workspace.fs (so remote and virtual workspaces work): new files as
// a temporary file in the destination folder, then a rename that never overwrites. Every write, folder creation,
// delete and rename first checks that the real path is inside a workspace folder (workspaceUri.ts), so a symbolic
// link such as `assets/images -> /elsewhere` cannot lead a change outside.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { assertInWorkspace } from './workspaceUri';

/** Names present in a folder (none when it does not exist yet). */
export async function listNames(folder: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
  } catch {
    return [];
  }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Create `folder` (and its parents) inside the workspace. */
export async function createFolder(folder: vscode.Uri): Promise<void> {
  await assertInWorkspace(folder, 'create the folder');
  await vscode.workspace.fs.createDirectory(folder);
}

/** Delete a workspace file for good; a file that is already gone is not an error. */
export async function deleteFile(uri: vscode.Uri): Promise<void> {
  await assertInWorkspace(uri, 'delete');
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  } catch {
    // Already gone.
  }
}

/**
 * Write `data` as `folder/name` only if that name is free. Returns false (and writes nothing) when the name
 * turned out to be taken at rename time; an interrupted write leaves at most a dot-prefixed temporary file.
 */
export async function writeNewFileAtomic(folder: vscode.Uri, name: string, data: Uint8Array): Promise<boolean> {
  const target = vscode.Uri.joinPath(folder, name);
  await assertInWorkspace(target, 'write');
  const tmp = vscode.Uri.joinPath(folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, data);
  try {
    await vscode.workspace.fs.rename(tmp, target, { overwrite: false });
    return true;
  } catch (e) {
    await deleteFile(tmp);
    const clash = (e instanceof vscode.FileSystemError && e.code === 'FileExists') || (await exists(target));
    if (clash) return false;
    throw e;
  }
}

/**
 * Replace `folder/name` (or create it) in one rename: readers see the old bytes or the new, never half a file and
 * never no file. On disk that is the system's rename, which replaces the target in one step; VS Code's
 * `workspace.fs.rename(…, { overwrite: true })` deletes the target first (seen: a reader got ENOENT in between, and a
 * crash there would lose the file), so it serves only other file systems.
 */
export async function replaceFileAtomic(folder: vscode.Uri, name: string, data: Uint8Array): Promise<void> {
  await assertInWorkspace(folder, 'write');
  const tmp = vscode.Uri.joinPath(folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  const target = vscode.Uri.joinPath(folder, name);
  const onDisk = folder.scheme === 'file';
  if (onDisk) await fs.writeFile(tmp.fsPath, data);
  else await vscode.workspace.fs.writeFile(tmp, data);
  try {
    if (onDisk) await fs.rename(tmp.fsPath, target.fsPath);
    else await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  } catch (e) {
    await deleteFile(tmp);
    throw e;
  }
}

/** Move a workspace file to the trash (`useTrash`) or delete it for good. */
export async function removeFile(uri: vscode.Uri, useTrash: boolean): Promise<void> {
  await assertInWorkspace(uri, 'delete');
  await vscode.workspace.fs.delete(uri, { useTrash });
}

/** Rename a workspace file, never over another; both names must be inside the workspace. */
export async function renameFile(from: vscode.Uri, to: vscode.Uri): Promise<void> {
  await Promise.all([assertInWorkspace(from, 'rename'), assertInWorkspace(to, 'rename to')]);
  await vscode.workspace.fs.rename(from, to, { overwrite: false });
}
