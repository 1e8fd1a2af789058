// Where the gallery keeps its index snapshot: one file of JSON lines in the extension's workspace storage
// (storageUri), written whole to a temporary name and renamed over the old one, so a crash never leaves half a
// snapshot (the name stayed when the content became JSON lines). No storage (no workspace open) means no snapshot;
// a missing or unreadable snapshot, or one an older version wrote (another format), means a cold load.
// Serializing and parsing give the event loop turns.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { GalleryEntryInput, GalleryIndex } from '../../core/gallery/index';
import { parseSnapshot, serializeSnapshot } from '../../core/gallery/snapshot';
import type { Logger } from '../../core/log';

const NAME = 'gallery-index.json';

export class GallerySnapshotStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: vscode.Uri | undefined, private readonly log: Logger) {}

  /**
   * The snapshot's entries that lie in the open workspace folders, or undefined (none, unreadable, other setting);
   * `onHead` gets the newest of them first (see parseSnapshot).
   */
  async read(includeUntracked: boolean, onHead?: (head: readonly GalleryEntryInput[]) => Promise<void>): Promise<GalleryEntryInput[] | undefined> {
    if (!this.dir) return undefined;
    let bytes: Uint8Array;
    try {
      const uri = vscode.Uri.joinPath(this.dir, NAME);
      // Node for a local file: workspace.fs may cost a round trip through the workbench for 7 MB.
      bytes = uri.scheme === 'file' ? await readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined;
    }
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => `${f.uri.toString()}/`);
    const entries = await parseSnapshot(bytes, includeUntracked, (key) => roots.some((r) => key.startsWith(r)), undefined, onHead);
    if (!entries) this.log.info('gallery: the index snapshot was not usable (another version or setting); indexing from the files');
    return entries;
  }

  /**
   * Write the index as it is now (one write at a time; a later call waits for the one before). It is serialized a
   * slice at a time, from the entries the index held at the call, and a local file is written chunk by chunk:
   * copying 7 MB into one buffer alone holds the host's thread for tens of ms.
   */
  write(index: GalleryIndex, includeUntracked: boolean): Promise<void> {
    const dir = this.dir;
    if (!dir) return Promise.resolve();
    const chunks = serializeSnapshot(index, includeUntracked);
    chunks.catch(() => undefined); // handled below, once the writes before this one are done
    this.writing = this.writing.then(async () => {
      const target = vscode.Uri.joinPath(dir, NAME);
      const temp = vscode.Uri.joinPath(dir, `${NAME}.${process.pid}.tmp`);
      try {
        if (dir.scheme === 'file') {
          await mkdir(dir.fsPath, { recursive: true });
          await writeFile(temp.fsPath, await chunks);
          await rename(temp.fsPath, target.fsPath);
        } else {
          await vscode.workspace.fs.createDirectory(dir);
          await vscode.workspace.fs.writeFile(temp, concat(await chunks));
          await vscode.workspace.fs.rename(temp, target, { overwrite: true });
        }
      } catch (e) {
        this.log.warn(`gallery: could not save the index snapshot: ${e instanceof Error ? e.message : String(e)}`);
        if (dir.scheme === 'file') await rm(temp.fsPath, { force: true }).catch(() => undefined);
        else await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      }
    });
    return this.writing;
  }
}

/** The chunks as one buffer (for a file system that takes a file whole). */
function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
