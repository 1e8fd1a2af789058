// Lists the files of a local folder tree with Node, several directories at a time, without reading any file:
// the gallery's file search for `file:` workspace folders (VS Code's own search goes through the workbench and
// ripgrep and costs about a second for 20,000 files). Excluded folders are not entered. Symbolic links are
// followed only when asked, and never out of the root (by real path: a link to `/` does not walk the disk) nor
// to a folder that is already on the path (a loop).
// The entries of a folder are looked at a slice at a time (the shared TimeSlicer), so listings that arrive together
// never hold the host's event loop for long.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isBelow } from '../realPath';
import { hostSlicer, type TimeSlicer } from '../timeSlice';

export interface WalkOptions {
  /** True for a folder or file (path relative to the root, forward slashes) to leave out; a folder is not entered. */
  readonly exclude: (relPath: string) => boolean;
  /** True for the names of the files to list. */
  readonly want: (name: string) => boolean;
  /** Follow symbolic links to files and folders (as `search.followSymlinks`) whose real path is inside the root. */
  readonly followSymlinks: boolean;
  /** Directories read at once; default 16. */
  readonly concurrency?: number;
  /** Stops the walk (it then rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** A folder could not be read, or a link could not be resolved: it is left out and the walk goes on. */
  readonly onError?: (relPath: string, error: unknown) => void;
  /** Gives the event loop its turns; the host's shared one by default. */
  readonly slicer?: TimeSlicer;
}

export interface WalkedFile {
  /** File system path (under the root, through any link followed). */
  readonly path: string;
  /** Path relative to the root, forward slashes. */
  readonly relPath: string;
}

interface Folder {
  readonly path: string;
  readonly relPath: string;
  /** Identities (`dev:ino`) of this folder's ancestors and itself, when links are followed. */
  readonly chain: readonly string[];
}

/** The options, with the root's real path when links are followed: a link is followed only to a real path below it. */
type Walk = WalkOptions & { readonly realRoot?: string };

/** Every wanted file under `root` (which is not itself subject to `exclude`); rejects when `root` cannot be read. */
export async function walkFolder(root: string, opts: WalkOptions): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  const limit = Math.max(1, opts.concurrency ?? 16);
  const rootChain = opts.followSymlinks ? [identity(await fs.stat(root))] : [];
  const walk: Walk = opts.followSymlinks ? { ...opts, realRoot: await fs.realpath(root) } : opts;
  // The root's own failure is the walk's; below it, an unreadable folder is reported and left out.
  const pending = await visit({ path: root, relPath: '', chain: rootChain }, walk, files);
  let running = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (opts.signal?.aborted) { failed = true; reject(opts.signal.reason); return; }
      if (running === 0 && pending.length === 0) { resolve(); return; }
      while (running < limit && pending.length > 0) {
        const folder = pending.pop()!;
        running++;
        visit(folder, walk, files).then(
          (children) => { pending.push(...children); },
          (e: unknown) => opts.onError?.(folder.relPath, e),
        ).finally(() => { running--; pump(); });
      }
    };
    pump();
  });
  return files;
}

/** List one folder: wanted files go to `files`; returns the subfolders to enter. */
async function visit(folder: Folder, opts: Walk, files: WalkedFile[]): Promise<Folder[]> {
  const entries = await fs.readdir(folder.path, { withFileTypes: true });
  const children: Folder[] = [];
  const slicer = opts.slicer ?? hostSlicer;
  for (const e of entries) {
    await slicer.maybeYield();
    const relPath = folder.relPath === '' ? e.name : `${folder.relPath}/${e.name}`;
    const full = path.join(folder.path, e.name);
    if (e.isDirectory()) {
      if (opts.exclude(relPath)) continue;
      const chain = opts.followSymlinks ? await chainOf(folder, full, relPath, opts) : [];
      if (chain) children.push({ path: full, relPath, chain });
    } else if (e.isFile()) {
      if (opts.want(e.name) && !opts.exclude(relPath)) files.push({ path: full, relPath });
    } else if (e.isSymbolicLink() && opts.followSymlinks && !opts.exclude(relPath)) {
      const linked = await followLink(folder, full, relPath, opts);
      if (linked === 'file') { if (opts.want(e.name)) files.push({ path: full, relPath }); }
      else if (linked) children.push(linked);
    }
  }
  return children;
}

/** The chain of a real subfolder, or undefined when it cannot be identified (left out, reported). */
async function chainOf(parent: Folder, full: string, relPath: string, opts: WalkOptions): Promise<string[] | undefined> {
  try {
    return [...parent.chain, identity(await fs.stat(full))];
  } catch (e) {
    opts.onError?.(relPath, e);
    return undefined;
  }
}

/** Where a link leads: 'file', a folder to enter, or undefined (broken, out of the root, a loop, or something else). */
async function followLink(parent: Folder, full: string, relPath: string, opts: Walk): Promise<'file' | Folder | undefined> {
  let target, real;
  try {
    [target, real] = await Promise.all([fs.stat(full), fs.realpath(full)]);
  } catch {
    return undefined; // a broken link lists nothing, as in VS Code's search
  }
  if (opts.realRoot !== undefined && !isBelow(opts.realRoot, real)) {
    opts.onError?.(relPath, new Error('a link that leads out of the folder: not followed'));
    return undefined;
  }
  if (target.isFile()) return 'file';
  if (!target.isDirectory()) return undefined;
  const id = identity(target);
  if (parent.chain.includes(id)) {
    opts.onError?.(relPath, new Error('a link to a folder that contains it (a loop): not followed'));
    return undefined;
  }
  return { path: full, relPath, chain: [...parent.chain, id] };
}

function identity(s: { dev: number; ino: number }): string {
  return `${s.dev}:${s.ino}`;
}
