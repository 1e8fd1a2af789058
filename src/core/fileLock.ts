// A lock file shared by processes (two VS Code windows are two extension hosts on one globalStorage): created
// with O_EXCL, broken when its holder is gone or it is older than `staleMs`, waited for with a bounded backoff.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';

export interface FileLockOptions {
  /** A lock older than this was left by a holder that hung or died (holders keep it for milliseconds). */
  readonly staleMs?: number;
  /** Give up after waiting this long; longer than staleMs, so a dead holder's lock is always broken first. */
  readonly maxWaitMs?: number;
}

const LOCK_DEFAULTS = { staleMs: 10_000, maxWaitMs: 20_000 } as const;

/** Run `work` while holding the lock file `lockPath` (its folder must exist). */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const token = await acquire(lockPath, opts);
  try {
    return await work();
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, opts: FileLockOptions): Promise<string> {
  const staleMs = opts.staleMs ?? LOCK_DEFAULTS.staleMs;
  const maxWaitMs = opts.maxWaitMs ?? LOCK_DEFAULTS.maxWaitMs;
  const token = `${process.pid}@${os.hostname()} ${randomBytes(6).toString('hex')}`;
  const started = Date.now();
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      await fs.writeFile(lockPath, token, { flag: 'wx' });
      return token;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const stale = await staleToken(lockPath, staleMs);
    if (stale !== undefined) {
      // Only the lock judged stale is removed, not one another waiter broke and took meanwhile (a narrow race is left).
      if ((await fs.readFile(lockPath, 'utf8').catch(() => undefined)) === stale) await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() - started > maxWaitMs) throw new Error(`Another window has held ${lockPath} for over ${maxWaitMs} ms.`);
    // Jitter, so two waiters do not retry in step.
    await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
  }
}

/** Removes the lock only if it is still ours: a lock held past staleMs may have been broken and taken by another. */
async function release(lockPath: string, token: string): Promise<void> {
  const held = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
  if (held === token) await fs.rm(lockPath, { force: true });
}

/** The token of a lock older than `staleMs` or held by a process of this machine that no longer runs; else undefined. */
async function staleToken(lockPath: string, staleMs: number): Promise<string | undefined> {
  const held = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
  const stat = await fs.stat(lockPath).catch(() => undefined);
  if (held === undefined || !stat) return undefined; // released meanwhile: just try again
  if (Date.now() - stat.mtimeMs > staleMs) return held;
  const m = /^(\d+)@(\S+) /.exec(held);
  return m !== null && m[2] === os.hostname() && !isRunning(Number(m[1])) ? held : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
