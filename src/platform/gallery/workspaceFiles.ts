// The workspace as the gallery sees it: image and sidecar files listed without reading any image (local folders
// by walking them with Node, others with VS Code's file search), a GalleryFileSystem over Node / workspace.fs,
// and watchers that report one changed file at a time.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { globMatcher } from '../../core/gallery/glob';
import type { GalleryFile, GalleryFileStat, GalleryFileSystem, GalleryListing } from '../../core/gallery/sync';
import { GALLERY_EXTENSIONS, galleryFormatOf } from '../../core/gallery/types';
import { walkFolder } from '../../core/gallery/walk';
import type { Logger } from '../../core/log';
import { once } from '../../core/once';
import { realPathInside } from '../../core/realPath';
import { workspaceFolderOf } from '../workspaceUri';

const IMAGE_EXTS = [...GALLERY_EXTENSIONS];
const SIDECAR_EXTS = IMAGE_EXTS;
const both = (exts: string[]) => [...exts, ...exts.map((e) => e.toUpperCase())].join(',');
export const IMAGE_GLOB = `**/*.{${both(IMAGE_EXTS)}}`;
export const SIDECAR_GLOB = `**/*.{${both(SIDECAR_EXTS)}}.json`;
const WATCH_GLOB = `**/*.{${both([...IMAGE_EXTS, 'json'])}}`;
/** The names of images and sidecars; one file search (or walk) finds both. */
const FIND_NAME_GLOB = `*.{${both([...IMAGE_EXTS, ...SIDECAR_EXTS.map((e) => `${e}.json`)])}}`;
const FIND_GLOB = `**/${FIND_NAME_GLOB}`;
/** Compiled on first use, not at activation. */
const wantedName = once(() => globMatcher([FIND_NAME_GLOB]));
/** Dependency folders never hold a project's own assets. */
const ALWAYS_EXCLUDED = ['**/node_modules', '**/.git'];
/** Folders read at once by the walk of a local folder. */
const WALK_CONCURRENCY = 16;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** files.exclude of a folder (as the explorer hides them): the patterns switched on (`when` clauses are not). */
function excludePatterns(scope: vscode.WorkspaceFolder | undefined): string[] {
  const configured = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(configured).filter(([, on]) => on === true).map(([g]) => g);
}

/** files.exclude plus dependency folders, as a file search exclude glob. */
function excludeGlob(scope?: vscode.WorkspaceFolder): string {
  return `{${[...new Set([...excludePatterns(scope), ...ALWAYS_EXCLUDED.flatMap((g) => [g, `${g}/**`])])].join(',')}}`;
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

/** The workspace folders themselves, as the gallery names folders (the parent key and relPath of their files). */
export function workspaceRoots(): GalleryFile[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.map((f) => ({ key: f.uri.toString().replace(/\/$/, ''), relPath: folders.length > 1 ? f.name : '' }));
}

/**
 * Every image and every sidecar of the open workspace folders. Local (`file:`) folders are walked with Node
 * (honouring files.exclude, not entering node_modules and .git, following links as `search.followSymlinks` says,
 * loops excepted); other folders go through VS Code's file search.
 */
export async function findGalleryFiles(log: Logger, token?: vscode.CancellationToken): Promise<{ images: GalleryFile[]; sidecars: GalleryFile[] }> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const multi = folders.length > 1;
  const byKey = new Map<string, GalleryFile>();
  const add = (f: GalleryFile | undefined) => {
    if (!f) return;
    // A folder nested in another is listed twice: the file belongs to the innermost, as galleryFile says.
    if (byKey.has(f.key)) f = galleryFile(vscode.Uri.parse(f.key, true));
    if (f) byKey.set(f.key, f);
  };
  const lists = await Promise.all(folders.map(async (folder) => {
    if (folder.uri.scheme !== 'file') {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, FIND_GLOB), excludeGlob(folder), undefined, token);
      return found.map((uri) => galleryFile(uri));
    }
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
    const name = multi ? `${folder.name}/` : '';
    try {
      const walked = await walkFolder(folder.uri.fsPath, {
        exclude: globMatcher([...excludePatterns(folder), ...ALWAYS_EXCLUDED], { ignoreCase: process.platform === 'win32' || process.platform === 'darwin' }),
        want: wantedName(),
        followSymlinks: vscode.workspace.getConfiguration('search', folder).get<boolean>('followSymlinks') !== false,
        concurrency: WALK_CONCURRENCY,
        signal: abort.signal,
        onError: (rel, e) => log.debug(`gallery: not listed: ${name}${rel || '.'}: ${message(e)}`),
      });
      const base = folder.uri.toString().replace(/\/$/, '');
      return walked.map((w) => ({ key: keyUnder(folder.uri, base, w.relPath), relPath: name + w.relPath }));
    } catch (e) {
      if (e instanceof vscode.CancellationError) throw e;
      log.warn(`gallery: could not list the workspace folder ${folder.name}: ${message(e)}`);
      return [];
    } finally {
      cancel?.dispose();
    }
  }));
  for (const list of lists) for (const f of list) add(f);
  const images: GalleryFile[] = [];
  const sidecars: GalleryFile[] = [];
  for (const f of byKey.values()) (/\.json$/i.test(f.relPath) ? sidecars : images).push(f);
  return { images, sidecars };
}

/** Characters a URI keeps as they are in a path; a relative path of only these needs no Uri to become a key. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~/]+$/;

/** `folder`'s URI joined with `relPath` (no `.`/`..` segments), as a string: the key a watcher event would give. */
function keyUnder(folder: vscode.Uri, folderKey: string, relPath: string): string {
  return PLAIN_PATH.test(relPath) ? `${folderKey}/${relPath}` : vscode.Uri.joinPath(folder, relPath).toString();
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
    if (uri.scheme !== 'file') return vscode.workspace.fs.readFile(uri);
    // Every gallery read (sidecars, thumbnails) passes here: a file that is a link out of its workspace folder is not read.
    const ws = vscode.workspace.getWorkspaceFolder(uri);
    if (!ws || !(await realPathInside(ws.uri.fsPath, uri.fsPath))) throw new Error(`${path.basename(uri.fsPath)} leads out of the workspace folder; not read.`);
    return readFile(uri.fsPath);
  },
  async list(folder: GalleryFile): Promise<GalleryListing | undefined> {
    const uri = vscode.Uri.parse(folder.key, true);
    const ws = vscode.workspace.getWorkspaceFolder(uri);
    // A link is listed as a file only when it leads to a real path inside the workspace folder (as the walk does).
    let entries: [string, 'file' | 'folder' | undefined][];
    try {
      entries = uri.scheme === 'file'
        ? await Promise.all((await readdir(uri.fsPath, { withFileTypes: true })).map(async (d): Promise<[string, 'file' | 'folder' | undefined]> => [d.name,
          d.isFile() || (d.isSymbolicLink() && ws && await realPathInside(ws.uri.fsPath, path.join(uri.fsPath, d.name))) ? 'file' : d.isDirectory() ? 'folder' : undefined]))
        : (await vscode.workspace.fs.readDirectory(uri)).map(([n, t]) => [n, (t & vscode.FileType.File) !== 0 ? 'file' : (t & vscode.FileType.Directory) !== 0 ? 'folder' : undefined]);
    } catch {
      return undefined;
    }
    const inWs = ws ? path.posix.relative(ws.uri.path, uri.path) : '';
    const excluded = globMatcher([...excludePatterns(ws), ...ALWAYS_EXCLUDED], { ignoreCase: process.platform === 'win32' || process.platform === 'darwin' });
    const child = (name: string): GalleryFile => ({ key: keyUnder(uri, folder.key, name), relPath: folder.relPath ? `${folder.relPath}/${name}` : name });
    return {
      files: entries.filter(([n, t]) => t === 'file' && wantedName()(n)).map(([n]) => child(n)),
      folders: entries.filter(([n, t]) => t === 'folder' && !excluded(inWs ? `${inWs}/${n}` : n)).map(([n]) => child(n)),
    };
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
    if (/\.[A-Za-z]+$/.test(uri.path) && galleryFile(uri) && (galleryFormatOf(uri.path) !== undefined || /\.json$/i.test(uri.path))) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || (stat.type & vscode.FileType.Directory) === 0) return;
    // File search follows links: a new link to a folder elsewhere (or a link inside a new folder) is not looked into.
    if (!(await workspaceFolderOf(uri))) return;
    const [images, sidecars] = await Promise.all([
      vscode.workspace.findFiles(new vscode.RelativePattern(uri, IMAGE_GLOB), excludeGlob(vscode.workspace.getWorkspaceFolder(uri))),
      vscode.workspace.findFiles(new vscode.RelativePattern(uri, SIDECAR_GLOB), excludeGlob(vscode.workspace.getWorkspaceFolder(uri))),
    ]);
    for (const u of [...images, ...sidecars]) if (await workspaceFolderOf(u)) changed(u);
  };
  return vscode.Disposable.from(
    files, any,
    files.onDidCreate(changed), files.onDidChange(changed),
    any.onDidCreate((uri) => void folderCreated(uri)), any.onDidDelete(deleted),
  );
}
