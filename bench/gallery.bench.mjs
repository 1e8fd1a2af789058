#!/usr/bin/env node
// Gallery benchmark: index time for 1k and 10k assets, cold (no snapshot: the folder walked as the host lists a
// local workspace, every sidecar stat'ed and read, newest first; "first batch" is when the first progress report
// lets the grid show, counted like "all" from the start of the listing) and warm (the snapshot of the last
// session parsed and shown, then reconciled with the files by stat alone), host memory of the index, the
// first-page message the host builds for the grid, search (the first one tokenizes the prompts), and the cost of
// one file's update, and the reconcile that runs when the view shows or a query runs (a stat per folder; "listed":
// every folder listed and every entry's stamp checked, as right after a load). Drives the compiled, vscode-free core in out/. The browser side is bench/gallery-browser.bench.mjs.
//   npm run compile-tests && node --expose-gc bench/gallery.bench.mjs [--sizes=1000,10000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeGalleryWorkspace } from './galleryWorkspace.mjs';

const require = createRequire(import.meta.url);
const out = new URL('../out/src/', import.meta.url).pathname;
const { GalleryIndex } = require(join(out, 'core/gallery/index.js'));
const { GallerySync } = require(join(out, 'core/gallery/sync.js'));
const { GalleryReconciler } = require(join(out, 'core/gallery/reconcile.js'));
const { walkFolder } = require(join(out, 'core/gallery/walk.js'));
const { globMatcher } = require(join(out, 'core/gallery/glob.js'));
const { parseSnapshot, serializeSnapshot } = require(join(out, 'core/gallery/snapshot.js'));
const { encodePng } = require(join(out, 'core/imaging/png.js'));
const { makePngThumbnail } = require(join(out, 'core/gallery/thumbnail.js'));

const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,10000').split(',').map(Number);
const gc = globalThis.gc ?? (() => {});

function makeWorkspace(n) {
  return writeGalleryWorkspace(mkdtempSync(join(tmpdir(), `gallery-bench-${n}-`)), n);
}

const wantedName = globMatcher(['*.{png,jpg,jpeg,webp,gif,svg,PNG,JPG,JPEG,WEBP,GIF,SVG,png.json,jpg.json,jpeg.json,webp.json,PNG.JSON,JPG.JSON,JPEG.JSON,WEBP.JSON}']);
const nodeFs = {
  async stat(key) { try { const s = await stat(key); return { size: s.size, mtime: s.mtimeMs, isFile: s.isFile() }; } catch { return undefined; } },
  read: (key) => readFile(key),
  async list(folder) {
    let entries;
    try { entries = await readdir(folder.key, { withFileTypes: true }); } catch { return undefined; }
    const child = (d) => ({ key: join(folder.key, d.name), relPath: folder.relPath ? `${folder.relPath}/${d.name}` : d.name });
    return { files: entries.filter((d) => d.isFile() && wantedName(d.name)).map(child), folders: entries.filter((d) => d.isDirectory()).map(child) };
  },
};

/** The host's listing of a local folder: the walk with files.exclude's defaults plus node_modules and .git. */
async function list(dir) {
  const exclude = globMatcher(['**/.git', '**/.svn', '**/.hg', '**/.DS_Store', '**/Thumbs.db', '**/node_modules']);
  const walked = await walkFolder(dir, { exclude, want: wantedName, followSymlinks: true, concurrency: 16 });
  const images = [];
  const sidecars = [];
  for (const w of walked) (/\.json$/i.test(w.relPath) ? sidecars : images).push({ key: w.path, relPath: w.relPath });
  return { images, sidecars };
}

const rows = [];
const ms = (t) => `${t.toFixed(1)} ms`;
for (const n of sizes) {
  const dir = makeWorkspace(n);
  try {
    let t = performance.now();
    const files = await list(dir);
    const listMs = performance.now() - t;
    if (files.sidecars.length !== n || files.images.length !== n) throw new Error(`listed ${files.images.length} images and ${files.sidecars.length} sidecars of ${n}`);
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    const sync = new GallerySync(new GalleryIndex(), nodeFs, quiet, { includeUntracked: false });
    t = performance.now();
    let firstBatchMs;
    const report = await sync.load(files.images, files.sidecars, { onProgress: () => { firstBatchMs ??= listMs + performance.now() - t; } });
    const loadMs = listMs + performance.now() - t;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
    if (report.assets !== n) throw new Error(`indexed ${report.assets} of ${n}`);
    // Warm start: the snapshot the host saved is read, parsed and shown, then reconciled (stat only, nothing read).
    const snapshotPath = join(dir, 'gallery-index.json');
    await writeFile(snapshotPath, await serializeSnapshot(sync.index, false));
    t = performance.now();
    const warm = new GallerySync(new GalleryIndex(), nodeFs, quiet, { includeUntracked: false });
    await warm.index.upsertAll(await parseSnapshot(await readFile(snapshotPath), false, () => true));
    const warmIds = warm.index.query({ sort: 'date' });
    const warmShownMs = performance.now() - t;
    const warmReport = await warm.load(files.images, files.sidecars);
    const warmMs = performance.now() - t;
    if (warmReport.reused !== n || warmIds.length !== n) throw new Error(`warm start reused ${warmReport.reused} of ${n}`);
    const snapshotKb = (await stat(snapshotPath)).size / 1024;
    // The first message of the grid: the query, every id in order, and the first 120 tiles (as the host sends it).
    t = performance.now();
    const ix = sync.index;
    const ids = ix.query({ sort: 'date' });
    const tiles = ids.slice(0, 120).map((id) => { const e = ix.get(id); return { id, name: e.name, relPath: e.relPath, uri: `file://${e.key}`, kind: e.kind, format: e.format, bytes: e.bytes, time: e.time, prompt: e.sidecar.prompt.slice(0, 300), model: e.sidecar.model }; });
    const message = JSON.stringify({ type: 'gallery/results', ids, tiles, facets: ix.facets() });
    const firstMs = performance.now() - t;
    t = performance.now();
    const hits = ix.query({ text: 'lighthouse' }).length;
    const firstSearchMs = performance.now() - t;
    t = performance.now();
    ix.query({ text: 'dragon' });
    const searchMs = performance.now() - t;
    // One sidecar changed on disk: re-read and re-index that file only.
    const one = files.sidecars[Math.floor(n / 2)];
    const text = (await readFile(one.key, 'utf8')).replace('number', 'changed');
    writeFileSync(one.key, text);
    t = performance.now();
    await sync.changed(one);
    ix.query({ text: 'changed' });
    const updateMs = performance.now() - t;
    // Reconcile: every folder listed and every entry's stamp checked (no baseline yet), then the steady state (a stat
    // per folder, nothing changed), then after a rename the watcher never reported (one folder listed again).
    const rec = new GalleryReconciler(sync, { now: () => Date.now() + 10_000 });
    rec.watch({ key: dir, relPath: '' });
    t = performance.now();
    const full = await rec.reconcile();
    const reconcileFullMs = performance.now() - t;
    t = performance.now();
    const steady = await rec.reconcile();
    const reconcileMs = performance.now() - t;
    const moved = files.images[0].key;
    await rename(moved, moved.replace(/\.png$/, '-renamed.png'));
    await rename(`${moved}.json`, moved.replace(/\.png$/, '-renamed.png.json'));
    t = performance.now();
    const after = await rec.reconcile();
    const reconcileRenameMs = performance.now() - t;
    if (steady.listed !== 0 || after.listed !== 1 || after.refreshed !== 2) throw new Error(`reconcile: ${JSON.stringify({ full, steady, after })}`);
    rows.push({
      assets: n, 'list files': ms(listMs), 'cold: first batch': ms(firstBatchMs), 'cold: all': ms(loadMs),
      'warm: shown': ms(warmShownMs), 'warm: reconciled': ms(warmMs), snapshot: `${(snapshotKb / 1024).toFixed(1)} MB`, 'heap': `${heapMb.toFixed(1)} MB`,
      'first page': `${ms(firstMs)} / ${(message.length / 1024).toFixed(0)} KB`, 'first search': `${ms(firstSearchMs)} (${hits} hits)`, 'next search': ms(searchMs), 'one-file update': ms(updateMs),
      'reconcile: listed': `${ms(reconcileFullMs)} (${full.listed} folders)`, 'reconcile: unchanged': `${ms(reconcileMs)} (${steady.folders} stats)`, 'reconcile: a rename': ms(reconcileRenameMs),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A thumbnail of a 1024×1024 PNG (the host makes each once, then serves it from the cache).
const big = new Uint8Array(1024 * 1024 * 4);
for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 255;
const src = encodePng(big, 1024, 1024, { alpha: true, level: 1 });
let t = performance.now();
const thumb = makePngThumbnail(src);
const thumbMs = performance.now() - t;

console.log(`Gallery index (core, Node ${process.versions.node}, ${process.platform}, ${(await import('node:os')).cpus().length} CPUs)\n`);
const cols = Object.keys(rows[0]);
console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
console.log('');
console.log(`thumbnail of a 1024×1024 PNG (${(src.length / 1024).toFixed(0)} KB): ${ms(thumbMs)} → ${thumb.width}×${thumb.height}, ${(thumb.png.length / 1024).toFixed(1)} KB`);
