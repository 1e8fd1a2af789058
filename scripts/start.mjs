#!/usr/bin/env node
// `npm start`: build Pixelsmith and open it in VS Code with the sample workspace.
//   - With a desktop VS Code (`code` on PATH, and a display) it launches that, with the extension under development.
//   - Otherwise it serves VS Code in the browser through code-server on 127.0.0.1 and prints the URL to open.
// No API key is needed: until one is set, Pixelsmith uses its offline placeholder provider.
// esbuild keeps watching, so a change in src/ or webview/ is picked up by "Developer: Reload Window".
//   node scripts/start.mjs [--port 8080] [--browser]   (--browser: use code-server even when `code` exists)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, workbenchUrl } from '../test/harness/server.mjs';
import { ensureTools } from '../test/harness/tools.mjs';
import { log, repoRoot } from '../test/harness/util.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' }, browser: { type: 'boolean' } } });
const sample = join(repoRoot, 'sample-workspace');
const state = join(repoRoot, '.cache', 'start'); // user data, extensions and a working copy of the sample, kept between runs

function build() {
  log('building the extension (esbuild)…');
  const r = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Keep rebuilding on change for the whole session; it ends with this process.
  const watcher = spawn(process.execPath, [join(repoRoot, 'esbuild.mjs'), '--watch'], { cwd: repoRoot, stdio: 'ignore' });
  process.on('exit', () => watcher.kill());
}

function desktopCode() {
  if (values.browser || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux')) return undefined;
  const r = spawnSync('code', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'code' : undefined;
}

/** The sample workspace is copied once into .cache/start/workspace, so what you generate never dirties the repository. */
function workspaceCopy() {
  const ws = join(state, 'workspace');
  if (!existsSync(ws)) cpSync(sample, ws, { recursive: true });
  return ws;
}

async function main() {
  build();
  mkdirSync(state, { recursive: true });
  const ws = workspaceCopy();
  const code = desktopCode();
  if (code) {
    log(`opening desktop VS Code on ${ws}`);
    spawnSync(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, ws], { stdio: 'inherit' });
    return;
  }
  const tools = await ensureTools();
  const server = await startCodeServer({
    tools, work: state, workspace: ws, echo: false,
    port: Number(values.port ?? process.env.PIXELSMITH_PORT ?? 8080),
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
  const url = workbenchUrl(server.url, { folder: ws, extensionPath: repoRoot });
  console.log(`\nPixelsmith is running in VS Code (code-server ${tools.stamp.codeServer}).\nOpen this URL in a browser:\n\n  ${url}\n`);
  console.log(`No API key yet: images come from the offline placeholder. Set one with "Pixelsmith: Set API Key…".`);
  console.log(`Logs: ${server.logs}. Press Ctrl+C to stop.`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const why = await server.exited;
  console.error(`code-server stopped (${why}).`);
  process.exit(1);
}

main().catch((e) => { console.error(e.stack ?? String(e)); process.exit(1); });
