// The asset manifest's file operations on Node's file system for `node dist/mcp.js build`: inside the workspace
// folder only (real paths, so a link that leads out is outside too), new files linked into place (never
// overwriting), replacements renamed into place.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../core/savePlan';
import { writeFileAtomic } from '../core/atomic';
import { PixelsmithError } from '../core/errors';
import type { ManifestFiles } from '../core/manifest/output';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { realPath, writeNew } from './saveFiles';

const posix = (p: string): string => p.replace(/\\/g, '/');

export function nodeManifestFiles(workspace: string): ManifestFiles {
  const inside = async (relative: string): Promise<string> => {
    const file = path.resolve(workspace, ...relative.split('/'));
    const [root, real] = await Promise.all([realPath(workspace), realPath(file)]);
    if (!isInside(posix(root), posix(real))) {
      throw new PixelsmithError('outside-workspace', `${MANIFEST_FILE}: ${relative} is outside the workspace folder ${workspace}; outputs and references stay inside it.`, { field: 'output' });
    }
    return file;
  };
  return {
    exists: async (relative) => fs.stat(await inside(relative)).then(() => true, () => false),
    read: async (relative) => fs.readFile(await inside(relative)),
    writeNew: async (relative, data) => {
      const file = await inside(relative);
      await fs.mkdir(path.dirname(file), { recursive: true });
      return writeNew(file, data);
    },
    replace: async (relative, data) => {
      const file = await inside(relative);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, data);
    },
  };
}
