// The thumbnail cache's file system on node:fs, for unit tests and benchmarks (the host uses vscode.workspace.fs).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ThumbnailFs } from '../../src/core/gallery/thumbnailCache';

export function nodeThumbnailFs(dir: string): ThumbnailFs<string> {
  const at = (name: string) => path.join(dir, name);
  return {
    list: () => fs.readdir(dir).catch(() => []),
    mtime: async (name) => (await fs.stat(at(name)).catch(() => undefined))?.mtimeMs,
    write: async (name, bytes) => { await fs.mkdir(dir, { recursive: true }); await fs.writeFile(at(name), bytes); },
    rename: (from, to) => fs.rename(at(from), at(to)),
    remove: (name) => fs.rm(at(name)),
    sourceSize: async (source) => (await fs.stat(source)).size,
    readSource: (source) => fs.readFile(source),
    describe: (source) => path.basename(source),
  };
}
