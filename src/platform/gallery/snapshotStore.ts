// Where the gallery keeps its index snapshot: one JSON file in the extension's workspace storage (storageUri),
// written whole to a temporary name and renamed over the old one, so a crash never leaves half a snapshot.
// No storage (no workspace open) means no snapshot; a missing or unreadable snapshot means a cold load.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { GalleryEntryInput, GalleryIndex } from '../../core/gallery/index';
import { parseSnapshot, serializeSnapshot } from '../../core/gallery/snapshot';
import type { Logger } from '../../core/log';

const NAME = 'gallery-index.json';

export class GallerySnapshotStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: vscode.Uri | undefined, private readonly log: Logger) {}

  /** The snapshot's entries that lie in the open workspace folders, or undefined (none, unreadable, other setting). */
  async read(includeUntracked: boolean): Promise<GalleryEntryInput[] | undefined> {
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
    const entries = parseSnapshot(new TextDecoder().decode(bytes), includeUntracked, (key) => roots.some((r) => key.startsWith(r)));
    if (!entries) this.log.info('gallery: the index snapshot was not usable (another version or setting); indexing from the files');
    return entries;
  }

  /** Write the index (one write at a time; a later call waits for the one before). */
  write(index: GalleryIndex, includeUntracked: boolean): Promise<void> {
    const dir = this.dir;
    if (!dir) return Promise.resolve();
    const text = serializeSnapshot(index, includeUntracked);
    this.writing = this.writing.then(async () => {
      const target = vscode.Uri.joinPath(dir, NAME);
      const temp = vscode.Uri.joinPath(dir, `${NAME}.${process.pid}.tmp`);
      try {
        await vscode.workspace.fs.createDirectory(dir);
        await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
        await vscode.workspace.fs.rename(temp, target, { overwrite: true });
      } catch (e) {
        this.log.warn(`gallery: could not save the index snapshot: ${e instanceof Error ? e.message : String(e)}`);
        await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      }
    });
    return this.writing;
  }
}
