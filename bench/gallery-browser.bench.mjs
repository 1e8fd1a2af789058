#!/usr/bin/env node
// Gallery webview benchmark in headless Chromium: the built page (dist/webview/gallery.js and .css) is served with the
// same CSP as in VS Code and a stand-in for `acquireVsCodeApi` that answers like the host does: the first-page
// message (every id in order plus the first 120 tiles) for N assets, then `gallery/tiles` requests while scrolling.
// Thumbnails are real 192×192 PNGs served over HTTP. Measures, from navigation start:
//   first tile  — the first tile's thumbnail has loaded and a frame was painted after it;
//   heap        — the page's JS heap after a GC (CDP Runtime.getHeapUsage), before and after scrolling;
//   DOM         — element count and tile count at the top and the most seen while scrolling to the end,
//                 showing that only visible tiles exist; frame time per scroll step (render of the new rows).
//   npm run build && npm run compile-tests && node bench/gallery-browser.bench.mjs [--sizes=1000,10000]
/* global window, document, requestAnimationFrame -- page.evaluate callbacks run in the page */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist/webview');
const { encodePng } = require(join(root, 'out/src/core/imaging/png.js'));
const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,10000').split(',').map(Number);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

// One small thumbnail per hue, as the host's cache holds them.
const thumbs = Array.from({ length: 16 }, (_, h) => {
  const w = 192;
  const rgba = new Uint8Array(w * w * 4);
  for (let i = 0; i < w * w; i++) rgba.set([(h * 16 + (i % w)) & 255, (h * 40 + Math.floor(i / w)) & 255, 128, 255], i * 4);
  return encodePng(rgba, w, w);
});
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

const page = (origin) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin}; style-src ${origin}; font-src ${origin}; script-src 'nonce-bench' ${origin}">
<title>Pixelsmith Gallery</title>
<link rel="stylesheet" href="${origin}/dist/codicons/codicon.css"><link rel="stylesheet" href="${origin}/dist/gallery.css">
<script nonce="bench" src="${origin}/stub.js"></script>
</head><body data-init='{"platform":"other","noWorkspace":false}'><p class="placeholder">Loading the gallery…</p>
<script type="module" nonce="bench" src="${origin}/dist/gallery.js"></script></body></html>`;

// The host stand-in, run in the page before the gallery script. Tiles are built like TileMaker builds them.
const stub = (origin, n) => `(() => {
  const N = ${n}, origin = ${JSON.stringify(origin)};
  const WORDS = 'fox owl lighthouse city neon rain mountain lake rocket icon'.split(' ');
  const tile = (id) => ({ id, name: 'asset-' + id + '.png', relPath: 'assets/set-' + (id % 50) + '/asset-' + id + '.png',
    uri: 'file:///ws/assets/asset-' + id + '.png', kind: 'asset', format: 'png', bytes: 180000 + id, time: 1767225600000 + id * 60000,
    width: 1024, height: 1024, model: 'gpt-image-2', provider: 'openai', costUsd: 0.011,
    prompt: 'A ' + WORDS[id % 10] + ' and a ' + WORDS[(id * 7) % 10] + ' number ' + id, src: origin + '/thumb/' + (id % 16) + '.png' });
  const send = (data) => setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data })), 0);
  window.__bench = { requests: 0 };
  let state;
  window.acquireVsCodeApi = () => ({
    getState: () => state, setState: (s) => { state = s; },
    postMessage(m) {
      if (m.type === 'gallery/ready') {
        const ids = Array.from({ length: N }, (_, i) => N - i);
        window.__bench.resultsAt = performance.now();
        send({ type: 'gallery/results', seq: 1, total: N, ids, tiles: ids.slice(0, 120).map(tile),
          facets: { models: ['gpt-image-2'], providers: ['openai'], presets: [], folders: ['assets'] }, assets: N, loading: false });
      } else if (m.type === 'gallery/tiles') {
        window.__bench.requests++;
        send({ type: 'reply', messageId: m.messageId, ok: true, value: m.ids.map(tile) });
      }
    },
  });
  // First tile: its image loaded, then the next frame painted.
  new MutationObserver((_, obs) => {
    const img = document.querySelector('.tile img');
    if (!img) return;
    obs.disconnect();
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => { window.__bench.firstTile = performance.now(); }));
    if (img.complete) done(); else img.addEventListener('load', done, { once: true });
  }).observe(document, { childList: true, subtree: true });
})();`;

async function measure(browser, n) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (body, type) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
    if (url.pathname === '/') return send(page(origin), 'text/html');
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname === '/stub.js') return send(stub(origin, n), 'text/javascript');
    const t = url.pathname.match(/^\/thumb\/(\d+)\.png$/);
    if (t) return send(thumbs[Number(t[1]) % thumbs.length], 'image/png');
    if (url.pathname.startsWith('/dist/') && !url.pathname.includes('..')) {
      try { return send(readFileSync(join(dist, url.pathname.slice(6))), TYPES[extname(url.pathname)] ?? 'application/octet-stream'); } catch { /* 404 below */ }
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: { width: 320, height: 900 } });
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  const cdp = await context.newCDPSession(p);
  try {
    await p.goto(origin);
    await p.waitForFunction(() => window.__bench.firstTile !== undefined, null, { timeout: 30_000 });
    const { firstTile, resultsAt } = await p.evaluate(() => window.__bench);
    const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024; };
    const dom = () => p.evaluate(() => ({ nodes: document.getElementsByTagName('*').length, tiles: document.querySelectorAll('.tile').length }));
    const heapTop = await heap();
    const top = await dom();
    // Scroll to the end in viewport steps, letting each step render (and fetch its tiles) before the next.
    const steps = [];
    let most = top;
    for (;;) {
      const step = await p.evaluate(async () => {
        const sc = document.querySelector('.scroller');
        const t0 = performance.now();
        sc.scrollTop += sc.clientHeight;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { ms: performance.now() - t0, end: sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 1 };
      });
      steps.push(step.ms);
      const d = await dom();
      if (d.nodes > most.nodes) most = d;
      if (step.end || steps.length > 5000) break;
    }
    await p.waitForFunction((n) => document.querySelector('.tile:last-child .caption')?.textContent !== '' || n === 0, n);
    const last = await p.evaluate(() => [...document.querySelectorAll('.tile .caption')].map((c) => c.textContent).at(-1));
    if (last !== 'asset-1.png') throw new Error(`the last tile is ${last}, expected asset-1.png`);
    const heapEnd = await heap();
    steps.sort((a, b) => a - b);
    const q = (f) => steps[Math.min(steps.length - 1, Math.floor(steps.length * f))].toFixed(1);
    if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
    return {
      assets: n, 'first tile': `${firstTile.toFixed(0)} ms`, 'results received': `${resultsAt.toFixed(0)} ms`,
      'heap top / after scroll': `${heapTop.toFixed(1)} / ${heapEnd.toFixed(1)} MB`,
      'DOM elements (tiles) top / max scrolling': `${top.nodes} (${top.tiles}) / ${most.nodes} (${most.tiles})`,
      'scroll steps': steps.length, 'frame per step p50 / p95 / max': `${q(0.5)} / ${q(0.95)} / ${steps.at(-1).toFixed(1)} ms`,
    };
  } finally {
    await context.close();
    server.close();
  }
}

const browser = await chromium.launch({ executablePath, args: ['--enable-precise-memory-info'] });
const rows = [];
const version = browser.version();
try {
  for (const n of sizes) rows.push(await measure(browser, n));
} finally {
  await browser.close();
}
console.log(`Gallery webview in headless Chromium ${version} (320×900 viewport; times from navigation start)\n`);
const cols = Object.keys(rows[0]);
console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
