// The workspace as the gallery sees it: image and sidecar files found by the file search (no image is read),
// a GalleryFileSystem over vscode.workspace.fs, and watchers that report one changed file at a time.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GalleryFile, GalleryFileStat, GalleryFileSystem } from '../../core/gallery/sync';

const IMAGE_EXTS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'svg'];
const SIDECAR_EXTS = ['png', 'jpg', 'jpeg', 'webp'];
const both = (exts: string[]) => [...exts, ...exts.map((e) => e.toUpperCase())].join(',');
export const IMAGE_GLOB = `**/*.{${both(IMAGE_EXTS)}}`;
export const SIDECAR_GLOB = `**/*.{${both(SIDECAR_EXTS)}}.json`;
const WATCH_GLOB = `**/*.{${both([...IMAGE_EXTS, 'json'])}}`;
/** Images and sidecars in one file search (one walk of the workspace instead of two). */
const FIND_GLOB = `**/*.{${both([...IMAGE_EXTS, ...SIDECAR_EXTS.map((e) => `${e}.json`)])}}`;

/** files.exclude (as the explorer hides them) plus dependency folders, which never hold a project's own assets. */
function excludeGlob(): string {
  const configured = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
  const globs = Object.entries(configured).filter(([, on]) => on === true).map(([g]) => g);
  return `{${[...new Set([...globs, '**/node_modules/**', '**/.git/**'])].join(',')}}`;
}

/** The gallery's view of a URI: key and workspace-relative path; undefined outside every workspace folder. */
export function galleryFile(uri: vscode.Uri): GalleryFile | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const rel = path.posix.relative(folder.uri.path, uri.path);
  if (rel === '' || rel.startsWith('../')) return undefined;
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return { key: uri.toString(), relPath: multi ? `${folder.name}/${rel}` : rel };
}

/** Every image and every sidecar of the open workspace folders. */
export async function findGalleryFiles(token?: vscode.CancellationToken): Promise<{ images: GalleryFile[]; sidecars: GalleryFile[] }> {
  const found = await vscode.workspace.findFiles(FIND_GLOB, excludeGlob(), undefined, token);
  const images: GalleryFile[] = [];
  const sidecars: GalleryFile[] = [];
  for (const uri of found) {
    const f = galleryFile(uri);
    if (f) (/\.json$/i.test(f.relPath) ? sidecars : images).push(f);
  }
  return { images, sidecars };
}

/**
 * The file system for GallerySync; keys are URI strings. `file:` URIs are on the extension host's own disk, so
 * they are read with Node directly: vscode.workspace.fs costs a round trip per call (through the workbench when
 * the host is remote), which made a 10,000-sidecar load take seconds. Other schemes go through workspace.fs.
 */
export const workspaceGalleryFs: GalleryFileSystem = {
  async stat(key: string): Promise<GalleryFileStat | undefined> {
    const uri = vscode.Uri.parse(key, true);
    try {
      if (uri.scheme === 'file') {
        const s = await stat(uri.fsPath);
        return { size: s.size, mtime: s.mtimeMs, isFile: s.isFile() };
      }
      const s = await vscode.workspace.fs.stat(uri);
      return { size: s.size, mtime: s.mtime, isFile: (s.type & vscode.FileType.File) !== 0 };
    } catch {
      return undefined;
    }
  },
  async read(key: string): Promise<Uint8Array> {
    const uri = vscode.Uri.parse(key, true);
    return uri.scheme === 'file' ? readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri);
  },
};

export interface GalleryFileEvents {
  changed(file: GalleryFile): void;
  deleted(file: GalleryFile): void;
}

/**
 * Watch images and sidecars (created, changed, deleted), and any deletion (a folder removed by a git checkout
 * or the explorer reports only the folder). Events from git, the explorer and other windows all arrive here.
 */
export function watchGalleryFiles(on: GalleryFileEvents): vscode.Disposable {
  const files = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
  const any = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  const changed = (uri: vscode.Uri) => { const f = galleryFile(uri); if (f) on.changed(f); };
  const deleted = (uri: vscode.Uri) => { const f = galleryFile(uri); if (f) on.deleted(f); };
  // A new folder (a checkout, a copy from outside) may be reported alone, without its files: look inside it.
  const folderCreated = async (uri: vscode.Uri) => {
    if (/\.[A-Za-z]+$/.test(uri.path) && galleryFile(uri) && /\.(png|jpe?g|webp|gif|svg|json)$/i.test(uri.path)) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || (stat.type & vscode.FileType.Directory) === 0) return;
    const [images, sidecars] = await Promise.all([
      vscode.workspace.findFiles(new vscode.RelativePattern(uri, IMAGE_GLOB), excludeGlob()),
      vscode.workspace.findFiles(new vscode.RelativePattern(uri, SIDECAR_GLOB), excludeGlob()),
    ]);
    for (const u of [...images, ...sidecars]) changed(u);
  };
  return vscode.Disposable.from(
    files, any,
    files.onDidCreate(changed), files.onDidChange(changed),
    any.onDidCreate((uri) => void folderCreated(uri)), any.onDidDelete(deleted),
  );
}
