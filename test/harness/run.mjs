#!/usr/bin/env node
// Runs Pixelsmith's tests inside a real VS Code (code-server + headless Chromium), offline.
//
//   node test/harness/run.mjs integration [options]          mocha suite in the extension host
//   node test/harness/run.mjs e2e [name-filter...] [options] Playwright scripts, one fresh session per file
//
// Options:
//   --timeout <s>          per session (default: env PIXELSMITH_TEST_TIMEOUT or 900)
//   --env KEY=VALUE        extra environment for code-server and the extension host (repeatable)
//   --settings <json|file> extra VS Code user settings, as JSON text or a path to a JSON file
//   --grep <regexp>        integration: run only the matching mocha tests
//   --verbose              print every workbench log line (default: only the tests' output, warnings, errors)
//   --keep                 keep the session's temp dir (user data, logs) even when it passed
//   --untrusted            workspace trust on and the folder untrusted: VS Code runs it in Restricted Mode
// Needs `npm run build && npm run compile-tests` first (the npm scripts test:integration / test:e2e do that).
// The tools (Node 24, code-server) are installed into .cache/tools/ on first use.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runE2E } from './e2e.mjs';
import { withSession, withTimeout } from './session.mjs';
import { ensureTools } from './tools.mjs';
import { fmtMs, log, repoRoot, warn } from './util.mjs';

const USAGE = 'usage: node test/harness/run.mjs <integration|e2e> [filter...] [--timeout s] [--env K=V] [--settings json|file] [--grep re] [--verbose] [--keep] [--untrusted]';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      timeout: { type: 'string' }, env: { type: 'string', multiple: true }, settings: { type: 'string' },
      grep: { type: 'string' }, verbose: { type: 'boolean' }, keep: { type: 'boolean' }, untrusted: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [mode, ...filters] = positionals;
  if (values.help || !['integration', 'e2e'].includes(mode)) { console.log(USAGE); return values.help ? 0 : 2; }

  const timeout = Number(values.timeout ?? process.env.PIXELSMITH_TEST_TIMEOUT ?? 900);
  const env = parseEnv(values.env ?? []);
  const settings = parseSettings(values.settings);
  const common = { env, settings, quiet: !values.verbose, keep: values.keep, untrusted: values.untrusted };
  if (values.untrusted) env.PIXELSMITH_TEST_UNTRUSTED = '1';

  for (const f of ['dist/extension.js', 'package.json']) {
    if (!existsSync(join(repoRoot, f))) { warn(`${f} is missing: run \`npm run build\` first`); return 2; }
  }
  const started = Date.now();
  const tools = await ensureTools();
  if (tools.installedNow) log(`tool install took ${fmtMs(tools.installMs)}`);

  let code;
  if (mode === 'integration') {
    const testsPath = join(repoRoot, 'out', 'test', 'integration', 'index.js');
    if (!existsSync(testsPath)) { warn(`${relative(repoRoot, testsPath)} is missing: run \`npm run compile-tests\` first`); return 2; }
    if (values.grep) env.PIXELSMITH_TEST_GREP = values.grep;
    // The fixture extension registers a fake vision language model, the reader Check Text's tests use.
    const extraExtensions = [join(repoRoot, 'test', 'fixtures', 'lm-reader-extension')];
    code = await withSession({ ...common, tools, testsPath, extraExtensions, label: 'integration' },
      (s) => withTimeout(s.exit, timeout, 'integration tests'));
  } else {
    code = await runE2E({ ...common, tools, filters, timeout });
  }
  log(`${mode}: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${fmtMs(Date.now() - started)}`);
  return code;
}

function parseEnv(pairs) {
  const env = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`--env expects KEY=VALUE, got "${p}"`);
    env[p.slice(0, i)] = p.slice(i + 1);
  }
  return env;
}

function parseSettings(arg) {
  if (!arg) return {};
  const text = arg.trimStart().startsWith('{') ? arg : readFileSync(arg, 'utf8');
  const value = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('--settings must be a JSON object');
  return value;
}

main().then((code) => process.exit(code), (e) => { warn(e.stack ?? String(e)); process.exit(1); });
