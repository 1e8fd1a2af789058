#!/usr/bin/env node
// `npm test`: every level in order, stopping at the first failure, then a timing table.
//   node test/run-all.mjs                 build, typecheck, lint, compile-tests, unit, tools, codecs, integration, restricted, e2e
//   node test/run-all.mjs unit e2e        only the named levels (in the order above)
// The harness tools (Node 24 + code-server) are installed into .cache/tools/ on the first run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureTools } from './harness/tools.mjs';
import { fmtMs, repoRoot } from './harness/util.mjs';

const npmRun = (script) => () => sh('npm', ['run', '--silent', script]);
const harness = (mode, ...args) => () => sh(process.execPath, [join(repoRoot, 'test', 'harness', 'run.mjs'), mode, ...args]);

const LEVELS = [
  // The production build: the tests run the minified files the .vsix ships (a development build once hid a bug that
  // only minification made: OpenAI edits failed in every packaged copy while every test passed).
  { name: 'build', run: () => sh(process.execPath, [join(repoRoot, 'esbuild.mjs'), '--production']) },
  { name: 'typecheck', run: npmRun('typecheck') },
  { name: 'lint', run: npmRun('lint') },
  { name: 'compile-tests', run: npmRun('compile-tests') },
  { name: 'unit', run: unit },
  { name: 'tools', run: tools },
  { name: 'codecs', run: codecs },
  { name: 'integration', run: harness('integration') },
  // A second VS Code with workspace trust on and the folder untrusted: what Restricted Mode keeps and ignores.
  { name: 'restricted', run: harness('integration', '--untrusted', '--grep', '^Restricted Mode') },
  { name: 'e2e', run: harness('e2e') },
];

function sh(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', (e) => { console.error(e.message); resolve(127); });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

// node:test on the compiled unit tests (Node 20's --test takes no globs, so we list the files).
async function unit(row) {
  const dir = join(repoRoot, 'out', 'test', 'unit');
  let files = [];
  try { files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.test.js')).map((f) => join(dir, f)).sort(); }
  catch { /* none compiled */ }
  if (files.length === 0) { row.note = `no *.test.js in ${relative(repoRoot, dir)}: run compile-tests first`; console.error(`[run-all] unit: ${row.note}`); return 1; }
  row.note = `${files.length} file(s)`;
  // A second reporter (TAP into a file) gives the count: a level that ran no test fails.
  const tap = join(mkdtempSync(join(tmpdir(), 'pixelsmith-unit-')), 'report.tap');
  const code = await sh(process.execPath, ['--test', '--test-timeout=60000', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(readFileSync(tap, 'utf8'))?.[1] ?? 0);
  const tests = count('tests');
  row.note += `, ${tests} tests`;
  if (code === 0 && tests === 0) { console.error('[run-all] unit: no test ran'); return 1; }
  return code;
}

// The hand-written encoders checked against an independent decoder (Chromium's).
async function codecs(row) {
  const { chromium } = await ensureTools();
  row.note = 'encoders vs Chromium';
  return sh(process.execPath, [join(repoRoot, 'out', 'test', 'tools', 'verify-codecs.js'), chromium]);
}

async function tools(row) {
  try {
    const t = await ensureTools();
    row.note = t.installedNow ? `installed now (${fmtMs(t.installMs)})` : `cached in .cache/tools (first install took ${fmtMs(t.installMs)})`;
    return 0;
  } catch (e) {
    console.error(`[run-all] ${e.message}`);
    return 1;
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !LEVELS.some((l) => l.name === w));
  if (unknown.length) { console.error(`unknown level(s): ${unknown.join(', ')}; levels: ${LEVELS.map((l) => l.name).join(' ')}`); return 2; }
  const levels = wanted.length ? LEVELS.filter((l) => wanted.includes(l.name)) : LEVELS;
  const rows = [];
  const started = Date.now();
  let code = 0;
  for (const level of levels) {
    console.log(`\n━━ ${level.name} ${'━'.repeat(Math.max(3, 60 - level.name.length))}`);
    const row = { name: level.name, ms: 0, status: 'running', note: '' };
    rows.push(row);
    const t = Date.now();
    code = await level.run(row);
    row.ms = Date.now() - t;
    row.status = code === 0 ? 'ok' : `FAILED (${code})`;
    if (code !== 0) break;
  }
  for (const l of levels.slice(rows.length)) rows.push({ name: l.name, ms: 0, status: 'skipped', note: '' });
  console.log('\n  level            time       result');
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(16)} ${(r.status === 'skipped' ? '-' : fmtMs(r.ms)).padStart(9)}  ${r.status}${r.note ? `  ${r.note}` : ''}`);
  }
  console.log(`  ${'total'.padEnd(16)} ${fmtMs(Date.now() - started).padStart(9)}  ${code === 0 ? 'PASSED' : 'FAILED'}`);
  return code;
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
