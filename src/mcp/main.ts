// `node dist/mcp.js --workspace <folder>`: Pixelsmith as a stdio MCP server for Claude Code, Codex, Cursor and any
// MCP client (and VS Code's own, through the extension's server definition). stdout carries the protocol only;
// the log goes to stderr, redacted.
import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { redactingLogger, type Logger } from '../core/log';
import { ImageWorker } from '../core/work/imageWorkerClient';
import { BUILD_USAGE, parseBuildCommand, runBuildCommand } from './build';
import { parseOptions, USAGE } from './options';
import { createServer } from './server';

declare const PIXELSMITH_VERSION: string | undefined;

async function main(): Promise<void> {
  if (process.argv[2] === 'build') return build(process.argv.slice(3));
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`pixelsmith-mcp: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const log = stderrLog();
  const images = new ImageWorker(path.join(__dirname, 'imageWorker.js'));
  const version = typeof PIXELSMITH_VERSION === 'string' ? PIXELSMITH_VERSION : '0.0.0';
  const { server, dispose } = createServer(options, process.env, log, images, version);
  const close = () => { dispose(); images.dispose(); };
  server.onclose = close;
  await server.connect(new StdioServerTransport());
  log.info(`serving ${options.workspace} (history ${options.history})`);
}

function stderrLog(): Logger {
  const line = (level: string) => (m: string) => process.stderr.write(`[pixelsmith ${level}] ${m}\n`);
  return redactingLogger({ info: line('info'), warn: line('warn'), error: line('error'), debug: process.env.PIXELSMITH_DEBUG ? line('debug') : () => undefined });
}

/** `build`: the asset manifest, headless (CI); the exit code says whether the manifest is satisfied. */
async function build(argv: readonly string[]): Promise<void> {
  let command;
  try {
    command = parseBuildCommand(argv, process.env);
  } catch (e) {
    process.stderr.write(`pixelsmith build: ${(e as Error).message}\n${BUILD_USAGE}\n`);
    process.exit(2);
  }
  const images = new ImageWorker(path.join(__dirname, 'imageWorker.js'));
  const ctl = new AbortController();
  process.once('SIGINT', () => ctl.abort());
  try {
    process.exitCode = await runBuildCommand(command, process.env, stderrLog(), images, (l) => process.stdout.write(`${l}\n`), ctl.signal);
  } finally {
    images.dispose();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`pixelsmith-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
