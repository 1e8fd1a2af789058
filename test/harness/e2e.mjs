// Runs the Playwright e2e scripts out/test/e2e/**/*.e2e.js, each in a fresh VS Code session
// (fresh code-server, user data, global storage, workspace and fake provider: no state leaks between files).
// A script module exports (see test/e2e/index.ts for the types):
//   default: async (page, h) => {}                 one script, or
//   steps:   [{ name, run: async (page, h) => {} }]  named steps run in order, stopping at the first failure
//   settings?: { ... }  extra user settings;   env?: { ... }  extra environment for the extension host
//   timeout?: seconds for the whole file
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { makeHelpers } from './helpers.mjs';
import { withSession, withTimeout } from './session.mjs';
import { fmtMs, log, repoRoot, warn } from './util.mjs';

const require = createRequire(import.meta.url);
const E2E_DIR = join(repoRoot, 'out', 'test', 'e2e');

export function findE2EFiles(filters = []) {
  let files = [];
  try {
    files = readdirSync(E2E_DIR, { recursive: true }).filter((f) => f.endsWith('.e2e.js')).map((f) => join(E2E_DIR, f));
  } catch { /* no compiled e2e tests */ }
  if (filters.length) files = files.filter((f) => filters.some((p) => relative(E2E_DIR, f).includes(p)));
  return files.sort();
}

/** @returns {Promise<number>} 0 when every file passed */
export async function runE2E({ tools, filters, env, settings, timeout, quiet, keep }) {
  const files = findE2EFiles(filters);
  if (files.length === 0) { warn(`no e2e files in ${relative(repoRoot, E2E_DIR)} match`); return 1; }
  const results = [];
  for (const file of files) {
    const name = relative(E2E_DIR, file).replace(/\.e2e\.js$/, '');
    const started = Date.now();
    log(`e2e ${name}: starting a fresh VS Code session`);
    let mod;
    try { mod = require(file); } catch (e) { warn(`${name}: cannot load: ${e.stack ?? e}`); results.push({ name, code: 1, ms: 0 }); continue; }
    const steps = normalize(mod);
    if (!steps) { warn(`${name}: exports neither a default function nor steps[]`); results.push({ name, code: 1, ms: 0 }); continue; }
    const code = await withSession({
      tools, quiet, keep, label: `e2e ${name}`,
      env: { ...env, ...(mod.env ?? {}) }, settings: { ...settings, ...(mod.settings ?? {}) },
    }, async (s) => {
      await s.page.locator('.statusbar').waitFor({ timeout: 60_000 });
      const h = makeHelpers(s.page, s);
      return withTimeout(runSteps(name, steps, s.page, h), mod.timeout ?? timeout, `e2e ${name}`);
    });
    results.push({ name, code, ms: Date.now() - started });
  }
  log('e2e results:');
  for (const r of results) log(`  ${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.name.padEnd(40)} ${fmtMs(r.ms)}`);
  const failed = results.filter((r) => r.code !== 0).length;
  log(failed ? `${failed} of ${results.length} e2e file(s) failed` : `${results.length} e2e file(s) passed`);
  return failed ? 1 : 0;
}

function normalize(mod) {
  if (Array.isArray(mod.steps)) return mod.steps.map((s, i) => ({ name: s.name ?? `step ${i + 1}`, run: s.run }));
  const fn = typeof mod === 'function' ? mod : mod.default;
  return typeof fn === 'function' ? [{ name: 'script', run: fn }] : undefined;
}

async function runSteps(file, steps, page, h) {
  for (const step of steps) {
    const started = Date.now();
    try {
      await step.run(page, h);
      log(`  ✔ ${step.name} (${fmtMs(Date.now() - started)})`);
    } catch (e) {
      log(`  ✘ ${step.name} (${fmtMs(Date.now() - started)})`);
      warn(`${file} › ${step.name}: ${e.stack ?? e}`);
      return 1;
    }
  }
  return 0;
}
