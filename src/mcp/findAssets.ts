// find_assets for the MCP server: the gallery's own index (core/gallery) over the workspace's images and sidecars,
// listed with the gallery's Node walker and loaded fresh for each call (a server may outlive many edits).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GalleryIndex } from '../core/gallery/index';
import { GallerySync, type GalleryFile, type GalleryFileSystem } from '../core/gallery/sync';
import { galleryFormatOf } from '../core/gallery/types';
import { walkFolder } from '../core/gallery/walk';
import type { Logger } from '../core/log';
import type { FindAssetsInput } from '../core/toolArgs';

export interface FoundAsset { readonly path: string; readonly relPath: string; readonly prompt?: string; readonly model?: string; readonly createdAt: string }

const EXCLUDED = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

const nodeFs: GalleryFileSystem = {
  stat: async (key) => {
    try {
      const s = await fs.stat(key);
      return { size: s.size, mtime: s.mtimeMs, isFile: s.isFile() };
    } catch {
      return undefined;
    }
  },
  read: (key) => fs.readFile(key),
  list: async () => undefined,
};

export async function findAssets(workspace: string, q: FindAssetsInput, log: Logger): Promise<FoundAsset[]> {
  const walked = await walkFolder(workspace, {
    exclude: (rel) => rel.split('/').some((s) => EXCLUDED.has(s)),
    want: (name) => galleryFormatOf(name) !== undefined || name.toLowerCase().endsWith('.json'),
    followSymlinks: false,
    onError: (rel, e) => log.debug(`find_assets: skipped ${rel}: ${String(e)}`),
  });
  const images: GalleryFile[] = [];
  const sidecars: GalleryFile[] = [];
  for (const f of walked) (f.relPath.toLowerCase().endsWith('.json') ? sidecars : images).push({ key: f.path, relPath: f.relPath });
  const index = new GalleryIndex();
  await new GallerySync(index, nodeFs, log, { includeUntracked: false }).load(images, sidecars);
  const { limit, ...filter } = q;
  return index.query({ ...filter, kind: 'asset' }).slice(0, limit ?? 20).map((id) => {
    const e = index.get(id)!;
    return {
      path: path.resolve(e.key), relPath: e.relPath, createdAt: new Date(e.time).toISOString(),
      ...(e.sidecar ? { prompt: e.sidecar.prompt, model: e.sidecar.model } : {}),
    };
  });
}
