// Containment by real path: symbolic links resolved, so `assets/images -> /elsewhere` is seen as /elsewhere.
// The one test used by workspace writes, deletes and renames (platform/workspaceUri.ts) and by the gallery walk.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** True when the real path of `p` is `root`'s real path or below it. */
export async function realPathInside(root: string, p: string): Promise<boolean> {
  const [real, realRoot] = await Promise.all([realPath(p), realPath(root)]);
  return isBelow(realRoot, real);
}

/** `p` is `root` or below it (both absolute and already resolved). */
export function isBelow(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real path of `p`, or of its nearest existing ancestor joined with the rest (a file about to be written).
 * A dangling link counts as where it points: writing through it would create its target.
 */
export async function realPath(p: string, hops = 0): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    const link = hops < 40 ? await fs.readlink(p).catch(() => undefined) : undefined;
    if (link !== undefined) return realPath(path.resolve(path.dirname(p), link), hops + 1);
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await realPath(parent, hops), path.basename(p));
  }
}
