// Removing what outlived its retention, by modification time: the shared step of every prune Pixelsmith runs.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const DAY_MS = 86_400_000;

/** Delete the files directly in `dir` whose name matches and that were last modified over `maxAgeMs` ago; returns how many. */
export async function pruneFiles(dir: string, match: (name: string) => boolean, maxAgeMs: number, now = Date.now()): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!match(name)) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile() || now - stat.mtimeMs <= maxAgeMs) continue;
    await fs.rm(file, { force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}
