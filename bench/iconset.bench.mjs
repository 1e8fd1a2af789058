#!/usr/bin/env node
// Icon sets and web copies: how long each takes in the image worker, and the worst event-loop block of the host
// (this Node process stands for it) while it runs. The host's side is what the commands do around the job: the
// request to the thread (source bytes copied, not shared) and the files coming back; decoding, resampling and encoding
// run on the worker thread (out/src/core/work/imageWorker.js, as the bundle starts dist/imageWorker.js).
// Blocking is measured as in eventloop.bench.mjs: the most CPU time the main thread used between two ticks of a 1 ms
// timer (Linux schedstat; elsewhere the largest gap between ticks). Target: under 50 ms.
//   Scenarios: every icon set from a 1024² PNG (first run: wasm compiled; then warm); the same from an SVG;
//   a WebP web copy (quality 80, max width 1600) of a 3840×2160 PNG; the same as AVIF (first run: the AVIF encoder's
//   wasm compiled; then warm).
//   npm run compile-tests && node --expose-gc bench/iconset.bench.mjs [--runs=3]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const out = new URL('../out/', import.meta.url).pathname;
const { ImageWorker } = require(join(out, 'src/core/work/imageWorkerClient.js'));
const { encodePng } = require(join(out, 'src/core/imaging/png.js'));
const { imageWorkerScript } = require(join(out, 'test/fake-provider/engine-rig.js'));

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const TARGET_MS = 50;
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const mainCpuMs = (() => { try { readFileSync(schedstat); return () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6; } catch { return () => undefined; } })();

async function watched(fn) {
  let last = performance.now();
  let lastCpu = mainCpuMs();
  let gap = 0;
  let busy = 0;
  const tick = () => {
    const now = performance.now();
    const cpu = mainCpuMs();
    gap = Math.max(gap, now - last);
    if (cpu !== undefined) busy = Math.max(busy, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, 1);
  const t0 = performance.now();
  const detail = await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 25));
  tick();
  clearInterval(timer);
  return { ms, block: mainCpuMs() === undefined ? gap - 1 : busy, gap: gap - 1, detail };
}

/** A photo-like picture: smooth gradients, a disc, and noise (so PNG and WebP sizes are realistic). */
function picture(w, h) {
  const px = new Uint8Array(w * h * 4);
  let s = 7;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = (s >>> 27) - 16;
      const disc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (Math.min(w, h) * 0.35) ** 2;
      const i = (y * w + x) * 4;
      px[i] = Math.max(0, Math.min(255, (disc ? 40 : (x * 255) / w) + n));
      px[i + 1] = Math.max(0, Math.min(255, (disc ? 90 : (y * 255) / h) + n));
      px[i + 2] = Math.max(0, Math.min(255, (disc ? 220 : 128) + n));
      px[i + 3] = 255;
    }
  }
  return encodePng(px, w, h, { alpha: false, level: 6 });
}

const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/><stop offset="1" stop-color="#08f"/></linearGradient></defs><rect x="5" y="5" width="90" height="90" rx="20" fill="url(#g)"/><path d="M20 70 L50 20 L80 70 Z" fill="#fff" stroke="#000" stroke-width="2"/></svg>');
const icon = picture(1024, 1024);
const photo = picture(3840, 2160);
const ALL = ['web', 'apple', 'pwa', 'android'];

const rows = [];
const worker = new ImageWorker(imageWorkerScript());
try {
  const scenarios = [
    ['icon set, 1024² PNG, first run (wasm compiled)', () => worker.run({ kind: 'iconSet', bytes: icon, sets: ALL })],
    ['icon set, 1024² PNG', () => worker.run({ kind: 'iconSet', bytes: icon, sets: ALL })],
    ['icon set, SVG source (first run loads resvg)', () => worker.run({ kind: 'iconSet', bytes: svg, sets: ALL })],
    ['icon set, SVG source', () => worker.run({ kind: 'iconSet', bytes: svg, sets: ALL })],
    ['WebP web copy, 3840×2160 PNG → 1600 wide', () => worker.run({ kind: 'webCopy', bytes: photo, format: 'webp', quality: 80, maxWidth: 1600 })],
    ['AVIF web copy, 3840×2160 PNG → 1600 wide, first run (AVIF encoder compiled)', () => worker.run({ kind: 'webCopy', bytes: photo, format: 'avif', quality: 80, maxWidth: 1600 })],
    ['AVIF web copy, 3840×2160 PNG → 1600 wide', () => worker.run({ kind: 'webCopy', bytes: photo, format: 'avif', quality: 80, maxWidth: 1600 })],
  ];
  for (const [name, run] of scenarios) {
    const once = name.includes('first run');
    const results = [];
    for (let i = 0; i < (once ? 1 : RUNS); i++) {
      globalThis.gc?.(); // the fixtures' garbage (a 33 MB 4K picture) is collected before the window opens, not in it
      results.push(await watched(async () => {
        const r = await run();
        return r.files ? `${r.files.length} files, ${(r.files.reduce((n, f) => n + f.bytes.length, 0) / 1000).toFixed(0)} kB` : `${r.width}×${r.height}, ${(photo.length / 1e6).toFixed(1)} MB → ${(r.bytes.length / 1000).toFixed(0)} kB`;
      }));
    }
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    rows.push({ name, median: ms[Math.floor(ms.length / 2)], block: Math.max(...results.map((r) => r.block)), gap: Math.max(...results.map((r) => r.gap)), detail: results[0].detail });
  }
} finally {
  worker.dispose();
}

console.log(`node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; runs ${RUNS} (median shown); blocking target < ${TARGET_MS} ms`);
console.log('| scenario | time (median) | host worst block (main-thread CPU between ticks) | largest timer gap | result |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(0)} ms | ${r.block.toFixed(1)} ms${r.block >= TARGET_MS ? ' ⚠' : ''} | ${r.gap.toFixed(0)} ms | ${r.detail} |`);
