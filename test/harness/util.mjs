// Small helpers shared by the harness scripts: logging, child processes, ports, temp dirs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const t0 = Date.now();
export const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(5) + 's';
export const log = (msg) => process.stdout.write(`[harness ${elapsed()}] ${msg}\n`);
export const warn = (msg) => process.stderr.write(`[harness ${elapsed()}] WARNING: ${msg}\n`);

/** Format a duration in milliseconds as "1m 02.3s" / "12.3s". */
export function fmtMs(ms) {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m ${(s % 60).toFixed(1).padStart(4, '0')}s`;
}

/**
 * Run a command; resolves with its exit code (never rejects on a non-zero code).
 * opts.capture: collect stdout+stderr and resolve { code, output } instead.
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const { capture, ...spawnOpts } = opts;
    const child = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...spawnOpts });
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const c = code ?? (signal ? 128 : 1);
      resolvePromise(capture ? { code: c, output } : c);
    });
  });
}

/** A free TCP port on 127.0.0.1 (or `preferred` if it is free). */
export function freePort(preferred = 0) {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', (e) => (preferred ? freePort(0).then(resolvePromise, reject) : reject(e)));
    srv.listen(preferred, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

export const makeTempDir = (prefix) => mkdtempSync(join(tmpdir(), prefix));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Environment without npm's lifecycle variables (they would leak e.g. the parent's user agent). */
export function cleanNpmEnv(extra = {}) {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  }
  return { ...env, ...extra };
}
