// Atomic file writes on the local file system: a temporary file beside the target, then rename.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The temporary files writeFileAtomic makes (`.<name>.<8 hex>.tmp`); one left behind means a write was cut short. */
export const ATOMIC_TEMP_NAME = /^\..+\.[0-9a-f]{8}\.tmp$/;

/** A fresh temporary name beside `file`, matching ATOMIC_TEMP_NAME. */
export function atomicTempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = atomicTempPath(file);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
