// Starts code-server (VS Code 1.139 web + the real node extension host) on a loopback port with fresh
// user-data, extensions and XDG dirs, in its own process group so that stop() ends everything it spawned.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { cleanNpmEnv, freePort, log, sleep } from './util.mjs';

/** The user settings every harness session starts with (callers may add or override). */
export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.dialogStyle': 'custom',
};

// Variables that would make code-server talk to another instance or read another config.
const UNSET = ['PORT', 'VSCODE_IPC_HOOK_CLI', 'VSCODE_OPTIONS', 'PASSWORD', 'HASHED_PASSWORD', 'CODE_SERVER_CONFIG',
  'VSCODE_PROXY_URI', 'ELECTRON_RUN_AS_NODE'];

/**
 * @param {object} o
 * @param {{ node24Bin: string, codeServerEntry: string }} o.tools
 * @param {string} o.work          session dir (created): user-data, extensions, xdg, logs live here
 * @param {string} [o.workspace]   folder to open; default <work>/workspace, seeded from o.fixture
 * @param {string} [o.fixture]     folder copied into the default workspace when it exists
 * @param {Record<string,string>} [o.env]        extra environment (the extension host inherits it)
 * @param {Record<string,unknown>} [o.settings]  extra user settings
 * @param {number} [o.port]        preferred port (0 / absent = any free port)
 * @param {string} [o.host]        bind address, default 127.0.0.1
 * @param {boolean} [o.echo]       echo code-server's output (default: only into <work>/logs/server.log)
 */
export async function startCodeServer(o) {
  const { tools, work } = o;
  const dirs = Object.fromEntries(['user-data/User', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'run', 'logs']
    .map((d) => [d, join(work, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  chmodSync(dirs.run, 0o700);
  // Fixture extensions (e.g. a test language model) are installed by copying them into the extensions folder, named
  // publisher.name-version as VS Code installs them; it lists them on first start (there is no extensions.json yet).
  for (const ext of o.extraExtensions ?? []) {
    const m = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
    cpSync(ext, join(dirs.extensions, `${m.publisher}.${m.name}-${m.version}`), { recursive: true });
  }
  const workspace = o.workspace ?? join(work, 'workspace');
  if (!o.workspace) {
    if (o.fixture && existsSync(o.fixture)) cpSync(o.fixture, workspace, { recursive: true });
    else mkdirSync(workspace, { recursive: true });
  }
  // untrusted: workspace trust on, the folder never trusted and no prompt asked, so VS Code opens it in Restricted Mode.
  const trust = o.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {};
  const settings = { ...BASE_SETTINGS, ...trust, ...(o.settings ?? {}) };
  writeFileSync(join(dirs['user-data/User'], 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(work, 'config.yaml'), 'auth: none\ncert: false\n'); // never the user's ~/.config/code-server

  const host = o.host ?? '127.0.0.1';
  const port = await freePort(o.port ?? 0);
  const env = cleanNpmEnv();
  for (const k of UNSET) delete env[k];
  Object.assign(env, o.env ?? {}, {
    PATH: `${tools.node24Bin}:${process.env.PATH}`,
    CODE_SERVER_CONFIG: join(work, 'config.yaml'),
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
    XDG_RUNTIME_DIR: dirs.run,
  });

  const args = [tools.codeServerEntry,
    '--auth', 'none', '--bind-addr', `${host}:${port}`,
    '--user-data-dir', join(work, 'user-data'), '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', ...(o.untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    // Without this flag the built workbench silently ignores the URL `payload` (extension under development, tests).
    '--vscode-option', 'enable-smoke-test-driver'];
  const logFile = join(dirs.logs, 'server.log');
  const out = o.echo ? 'inherit' : openSync(logFile, 'a');
  // detached: the child calls setsid(), so -pid addresses its whole process group.
  const child = spawn(join(tools.node24Bin, 'node'), args, { env, detached: true, stdio: ['ignore', out, out] });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  let alive = true;
  exited.then(() => (alive = false));

  const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL'); // last resort if our process dies without stop()
  process.on('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    killGroup('SIGTERM');
    for (let i = 0; i < 20 && groupAlive(child.pid); i++) await sleep(250);
    killGroup('SIGKILL');
  };

  const url = `http://${host}:${port}/`;
  for (let i = 0; ; i++) {
    if (!alive) throw new Error(`code-server exited during start-up; see ${logFile}`);
    if (await fetch(`${url}healthz`).then((r) => r.ok, () => false)) break;
    if (i > 300) { await stop(); throw new Error(`code-server did not answer on ${url} within 60 s; see ${logFile}`); }
    await sleep(200);
  }
  log(`code-server up on ${url} (pid ${child.pid})`);
  return { url, port, host, pid: child.pid, work, workspace, logs: dirs.logs, env, exited, stop };
}

function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** vscode-remote://host:port/abs/path: the authority must be the host:port the page was loaded from. */
export const remoteUri = (serverUrl, absPath) => `vscode-remote://${new URL(serverUrl).host}${absPath}`;

/** The workbench URL that opens `folder` with the extension under development (and optionally its tests). */
export function workbenchUrl(serverUrl, { folder, extensionPath, testsPath }) {
  const payload = [['skipWelcome', 'true'], ['extensionDevelopmentPath', remoteUri(serverUrl, extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(serverUrl, testsPath)]);
  return `${serverUrl}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
