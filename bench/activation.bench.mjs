// Activation cost of the built extension (dist/extension.js): require + activate(), with a stand-in `vscode`
// module that answers every API call instantly, so only Pixelsmith's own work is measured.
// Run: npm run build && node bench/activation.bench.mjs [runs=20]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 20);

if (process.argv[3] !== '--child') {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    // A fresh process each time: a cold require is what a user's window pays.
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '1', '--child'], { encoding: 'utf8' });
    samples.push(JSON.parse(out));
  }
  const stat = (k) => { const v = samples.map((s) => s[k]).sort((a, b) => a - b); return { median: v[Math.floor(v.length / 2)], p90: v[Math.floor(v.length * 0.9)], min: v[0] }; };
  const fmt = (o) => `median ${o.median.toFixed(1)} ms, p90 ${o.p90.toFixed(1)} ms, min ${o.min.toFixed(1)} ms`;
  console.log(`activation bench: ${runs} cold runs of dist/extension.js (Node ${process.version})`);
  console.log(`  require(dist/extension.js): ${fmt(stat('requireMs'))}`);
  console.log(`  activate():                 ${fmt(stat('activateMs'))}`);
  console.log(`  total:                      ${fmt(stat('totalMs'))}`);
  process.exit(0);
}

// A stand-in for every vscode API: callable, constructible, assignable, and any property is another stand-in.
function stub(name = 'vscode') {
  const fn = function () { return stub(`${name}()`); };
  return new Proxy(fn, {
    get: (_t, prop) => {
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'then') return undefined;
      if (prop === 'fsPath' || prop === 'path') return `/tmp/pixelsmith-bench/${name}`;
      return stub(`${name}.${String(prop)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
    // Assignments (statusBarItem.name = …) are taken and forgotten.
    set: () => true,
  });
}

const require = createRequire(import.meta.url);
const Module = require('node:module');
const original = Module._load;
// The bundle copies the module's own property names (esbuild's __toESM), so the top level lists the real API's
// names, read from @types/vscode.
const dts = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = [...new Set([...dts.matchAll(/^\s*export (?:namespace|class|enum|const|function) (\w+)/gm)].map((m) => m[1]))];
const api = Object.fromEntries(names.map((n) => [n, stub(`vscode.${n}`)]));
Module._load = function (request, ...rest) { return request === 'vscode' ? api : original.call(this, request, ...rest); };

// The extension host has loaded these Node built-ins before any extension activates (code-server 4.139's host,
// Node 24: every one of them is in its process.moduleLoadList at a `*` activation; node:vm is not): loading them
// here first leaves only Pixelsmith's own work in the figure.
for (const m of ['path', 'crypto', 'fs', 'fs/promises', 'os', 'zlib', 'worker_threads', 'perf_hooks']) require(`node:${m}`);

const t0 = performance.now();
const ext = require(path.join(here, '..', 'dist', 'extension.js'));
const t1 = performance.now();
// The extension context: a real subscriptions list, a stand-in for anything else activate() reads.
const context = new Proxy({ subscriptions: [] }, { get: (t, prop) => (prop in t ? t[prop] : stub(`context.${String(prop)}`)) });
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0 }));
process.exit(0);
