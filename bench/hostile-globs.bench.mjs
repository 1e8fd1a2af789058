#!/usr/bin/env node
// Hostile globs and regexes from workspace settings (issue 13): the time of each case with today's matchers and
// with main's (the regular expressions they replaced, transpiled from `git show main:…`), and with picomatch for
// the copyFiles globs. A case that does not finish is stopped after --limit seconds and shown as "> limit".
//   npm run bench:hostile-globs [-- --limit=10 --base=main]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'out/src/core');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const limitMs = Number(arg('limit', '10')) * 1000;
const base = arg('base', 'main');

const CASES = [
  { name: 'files.exclude **/**/…(10)/x, 30 folders deep', kind: 'exclude', pattern: `${'**/'.repeat(10)}x`, input: `${'a/'.repeat(30)}y` },
  { name: 'files.exclude *a*a*…(12)*b, 60 a', kind: 'exclude', pattern: `*${'a*'.repeat(12)}b`, input: 'a'.repeat(60) },
  { name: 'copyFiles **/*a*a*…(11)*b, /+60 a', kind: 'copyGlob', pattern: `**/*${'a*'.repeat(11)}b`, input: `/${'a'.repeat(60)}` },
  { name: 'copyFiles **/**/…(10)/x, 30 deep', kind: 'copyGlob', pattern: `${'**/'.repeat(10)}x`, input: `/${'a/'.repeat(30)}y` },
  { name: 'copyFiles {a,a}×30 b, 30 a', kind: 'copyGlob', pattern: `**/${'{a,a}'.repeat(30)}b`, input: `/${'a'.repeat(30)}` },
  { name: 'regex (a+)+$ on 60 a', kind: 'fill', pattern: '${documentBaseName/(a+)+$/x/}', input: `/ws/${'a'.repeat(60)}!.md` },
  { name: 'regex (a|aa)*c on 60 a', kind: 'fill', pattern: '${documentBaseName/(a|aa)*c/x/}', input: `/ws/${'a'.repeat(60)}.md` },
  { name: 'regex a*×8 b on 3000 a (step bound)', kind: 'fill', pattern: `\${documentBaseName/${'a*'.repeat(8)}b/x/}`, input: `/ws/${'a'.repeat(3000)}.md` },
  { name: 'destination ${a/ + \\/×20000', kind: 'fill', pattern: `\${a/${'\\/'.repeat(20000)}x`, input: '/ws/a.md' },
];

/** The case as a function, with the matchers `load` gives (modules loaded and matcher built outside the timing). */
function prepare(c, load) {
  if (c.kind === 'exclude') { const m = load('gallery/glob.js').globMatcher; return () => m([c.pattern])(c.input); }
  if (c.kind === 'picomatch') { const pm = require('picomatch'); return () => pm.isMatch(c.input, c.pattern, { dot: true }); }
  const m = load('copyFilesDestination.js');
  if (c.kind === 'copyGlob') return m.copyGlobMatcher ? () => m.copyGlobMatcher(c.pattern)(c.input) : () => m.globToRegExp(c.pattern).test(c.input);
  const ctx = { documentPath: c.input, workspaceFolder: '/ws', fileName: 'x.png', now: new Date() };
  return () => m.fillCopyDestination(c.pattern, ctx);
}

/** Milliseconds of one run of `fn` (matcher compilation included: settings are read anew each time). */
function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** `base`'s version of a core module, transpiled and loaded next to today's compiled modules (its imports resolve there). */
function baseLoader() {
  const ts = require('typescript');
  const Module = require('node:module');
  const cache = new Map();
  return (rel) => {
    if (cache.has(rel)) return cache.get(rel);
    const src = execFileSync('git', ['show', `${base}:src/core/${rel.replace(/\.js$/, '.ts')}`], { cwd: root, encoding: 'utf8' });
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const filename = join(out, rel.replace(/\.js$/, `.${base}.js`));
    const m = new Module(filename);
    m.filename = filename;
    m.paths = Module._nodeModulePaths(join(out, rel, '..'));
    m._compile(js, filename);
    cache.set(rel, m.exports);
    return m.exports;
  };
}

const currentLoader = (rel) => require(join(out, rel));

/** The case in a worker, stopped after the limit: `undefined` when it did not finish. */
function inWorker(c, which) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { argv: [`--worker=${which}`, `--base=${base}`], workerData: c });
    const timer = setTimeout(() => { void w.terminate(); resolve(undefined); }, limitMs);
    w.once('message', (ms) => { clearTimeout(timer); void w.terminate(); resolve(ms); });
    w.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

const fmt = (ms) => (ms === undefined ? `> ${limitMs / 1000} s` : ms < 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);

const { isMainThread, parentPort, workerData } = await import('node:worker_threads');
if (!isMainThread) {
  const which = arg('worker', 'current');
  const load = which === 'base' ? baseLoader() : currentLoader;
  parentPort.postMessage(time(prepare(workerData, load)));
} else {
  console.log(`hostile globs and regexes: first run in a fresh thread (cold), median and worst of 11 warm runs today; ${base} and picomatch cold, stopped after ${limitMs / 1000} s`);
  console.log(['case', 'today cold', 'warm median', 'warm max', base, 'picomatch'].join(' | '));
  for (const c of CASES) {
    const cold = await inWorker(c, 'current');
    const run = prepare(c, currentLoader);
    const runs = Array.from({ length: 11 }, () => time(run)).sort((a, b) => a - b);
    const before = await inWorker(c, 'base');
    const pico = c.kind === 'copyGlob' ? fmt(await inWorker({ ...c, kind: 'picomatch' }, 'current')) : '';
    console.log([c.name, fmt(cold), fmt(runs[5]), fmt(runs[10]), fmt(before), pico].join(' | '));
  }
}
