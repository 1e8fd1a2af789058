// One VS Code session: (fake provider) → code-server → Chromium workbench → fn(session) → cleanup.
// Cleanup always runs: on success, failure, timeout and Ctrl+C; the temp dir is kept when something failed.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openWorkbench } from './browser.mjs';
import { startCodeServer } from './server.mjs';
import { log, makeTempDir, repoRoot, warn } from './util.mjs';

export const FIXTURE = join(repoRoot, 'test', 'fixtures', 'workspace');
const FAKE_PROVIDER = join(repoRoot, 'out', 'test', 'fake-provider', 'server.js');
/** Marks the extension host's console lines so that quiet mode can show them (see test/integration/index.ts). */
export const LOG_MARK = '\u2063';

const active = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    warn(`${sig}: stopping`);
    await Promise.allSettled([...active].map((c) => c()));
    process.exit(130);
  });
}

/**
 * @param {object} o
 * @param {object} o.tools      from ensureTools()
 * @param {string} [o.testsPath] extension tests module; absent = UI-only session
 * @param {string} [o.extensionPath] the extension under development (default: Pixelsmith, the repository root)
 * @param {Record<string,string>} [o.env]  extra env for code-server and the extension host
 * @param {Record<string,unknown>} [o.settings]  extra user settings
 * @param {boolean} [o.quiet]   only tests' output + warnings/errors (default true)
 * @param {boolean} [o.keep]    keep the temp dir even when the session passed
 * @param {boolean} [o.untrusted] workspace trust on and the folder untrusted (Restricted Mode)
 * @param {string} [o.label]    for messages
 * @param {(s: object) => Promise<number>} fn  returns the exit code
 */
export async function withSession(o, fn) {
  const work = makeTempDir('pixelsmith-test-');
  const logs = join(work, 'logs');
  let fake, server, wb, code = 1;
  const cleanup = async () => {
    await wb?.close();
    await server?.stop();
    await fake?.close().catch((e) => warn(`fake provider close: ${e.message}`));
    wb = server = fake = undefined;
  };
  active.add(cleanup);
  try {
    fake = await startFake();
    // The walkthrough opens itself on a first activation (every session is one): not in tests unless a file asks.
    const env = { PIXELSMITH_SKIP_WALKTHROUGH: '1', ...(o.env ?? {}), PIXELSMITH_TEST_LOG_MARK: LOG_MARK };
    if (fake) env.PIXELSMITH_TEST_FAKE_URL = fake.url;
    server = await startCodeServer({ tools: o.tools, work, fixture: FIXTURE, env, settings: o.settings, untrusted: o.untrusted });
    wb = await openWorkbench({
      serverUrl: server.url, folder: server.workspace, extensionPath: o.extensionPath ?? repoRoot, testsPath: o.testsPath,
      chromium: o.tools.chromium, logDir: logs, quiet: o.quiet ?? true, mark: LOG_MARK,
    });
    code = await fn({ ...wb, server, workspace: server.workspace, env, fake, logs, work });
    if (code !== 0) await wb.screenshot(join(logs, 'failure.png'));
    return code;
  } catch (e) {
    warn(`${o.label ?? 'session'}: ${e.stack ?? e}`);
    if (wb) await wb.screenshot(join(logs, 'failure.png'));
    return (code = code || 1);
  } finally {
    await cleanup();
    active.delete(cleanup);
    if (code === 0 && !o.keep) rmSync(work, { recursive: true, force: true });
    else log(`${code === 0 ? 'logs' : 'FAILED — full logs'} kept in ${work} (logs/: automation.log, server.log, failure.png; user-data/logs/: extension host)`);
  }
}

/** Start the project's fake image provider (test/fake-provider) if it has been built. */
async function startFake() {
  if (!existsSync(FAKE_PROVIDER)) return undefined;
  const mod = await import(pathToFileURL(FAKE_PROVIDER).href);
  const start = mod.startFakeProvider ?? mod.default?.startFakeProvider;
  if (typeof start !== 'function') { warn(`${FAKE_PROVIDER} does not export startFakeProvider()`); return undefined; }
  const fake = await start();
  log(`fake provider on ${fake.url}`);
  return fake;
}

/** Resolve with `code` from `promise`, or 124 after `seconds`. */
export function withTimeout(promise, seconds, what) {
  let timer;
  const timeout = new Promise((r) => {
    timer = setTimeout(() => { warn(`${what} timed out after ${seconds} s`); r(124); }, seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
