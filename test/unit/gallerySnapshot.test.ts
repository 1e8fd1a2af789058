// The gallery's fast start: the index snapshot (round trip, defensive parsing), reconciling a snapshot with the
// files (only changed sidecars read), newest-first progress during a cold load, one log line per bad sidecar,
// and search tokens computed lazily.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { GalleryIndex } from '../../src/core/gallery/index';
import { parseSnapshot, serializeSnapshot, SNAPSHOT_HEAD } from '../../src/core/gallery/snapshot';
import { GallerySync } from '../../src/core/gallery/sync';
import { TimeSlicer } from '../../src/core/timeSlice';
import { MemoryFs, sidecarFor, sidecarText } from './galleryFixtures';

const file = (relPath: string) => ({ key: `ws:/${relPath}`, relPath });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const all = () => true;

/** A workspace of `n` assets a0..a{n-1}; asset i has mtime 1000 + i and createdAt i minutes after 2026-01-01. */
function workspace(n: number) {
  const fs = new MemoryFs();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `set/a${i}.png`;
    names.push(rel);
    fs.put(`ws:/${rel}`, PNG);
    fs.put(`ws:/${rel}.json`, sidecarText(`asset number ${i}`, { createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }), 1000 + i);
  }
  const lists = () => ({ images: names.map(file), sidecars: names.map((r) => file(`${r}.json`)) });
  return { fs, names, lists };
}

async function snapshotOf(fs: MemoryFs, lists: () => { images: ReturnType<typeof file>[]; sidecars: ReturnType<typeof file>[] }) {
  const sync = new GallerySync(new GalleryIndex(), fs, quiet, { includeUntracked: false });
  const { images, sidecars } = lists();
  await sync.load(images, sidecars);
  return { text: await snapshotText(sync.index), index: sync.index };
}

/** The snapshot as written (its chunks one after the other), as text. */
async function snapshotText(index: GalleryIndex, slicer?: TimeSlicer): Promise<string> {
  return Buffer.concat(await serializeSnapshot(index, false, slicer)).toString('utf8');
}

/** parseSnapshot on text, as the bytes of a file. */
const parse = (text: string, includeUntracked: boolean, accept: (key: string, relPath: string) => boolean) =>
  parseSnapshot(new TextEncoder().encode(text), includeUntracked, accept);

describe('gallery snapshot', () => {
  it('a snapshot seeds the index so a reload reads nothing when no file changed', async () => {
    const { fs, lists } = workspace(5);
    const { text, index: first } = await snapshotOf(fs, lists);
    const seeded = new GalleryIndex();
    await seeded.upsertAll((await parse(text, false, all))!);
    assert.deepEqual(seeded.query({}).map((id) => seeded.get(id)!.relPath), first.query({}).map((id) => first.get(id)!.relPath));
    assert.deepEqual(seeded.query({ text: 'number' }).length, 5);
    fs.reads.length = 0;
    const report = await new GallerySync(seeded, fs, quiet, { includeUntracked: false }).load(lists().images, lists().sidecars);
    assert.deepEqual(report, { assets: 5, untracked: 0, skipped: 0, reused: 5, removed: 0 });
    assert.deepEqual(fs.reads, []);
  });

  it('reconciling reads only changed and new sidecars and drops what is gone', async () => {
    const { fs, names, lists } = workspace(4);
    const { text } = await snapshotOf(fs, lists);
    fs.put('ws:/set/a1.png.json', sidecarText('a changed prompt'), 5000);
    fs.files.delete('ws:/set/a2.png');
    fs.files.delete('ws:/set/a2.png.json');
    names.splice(2, 1);
    names.push('set/new.png');
    fs.put('ws:/set/new.png', PNG);
    fs.put('ws:/set/new.png.json', sidecarText('a brand new one'), 6000);
    const ix = new GalleryIndex();
    await ix.upsertAll((await parse(text, false, all))!);
    fs.reads.length = 0;
    const report = await new GallerySync(ix, fs, quiet, { includeUntracked: false }).load(lists().images, lists().sidecars);
    assert.deepEqual(fs.reads.sort(), ['ws:/set/a1.png.json', 'ws:/set/new.png.json']);
    assert.deepEqual(report, { assets: 4, untracked: 0, skipped: 0, reused: 2, removed: 1 });
    assert.equal(ix.byKey('ws:/set/a2.png'), undefined);
    assert.deepEqual(ix.query({ text: 'changed' }).map((id) => ix.get(id)!.name), ['a1.png']);
  });

  it('refuses a snapshot of another version or setting, and drops entries that are malformed or outside', async () => {
    const { fs, lists } = workspace(3);
    const { text } = await snapshotOf(fs, lists);
    assert.equal(await parse(text, true, all), undefined, 'built without untracked images');
    assert.equal(await parse('{ not json', false, all), undefined);
    assert.equal(await parse(text.replace('"version":2', '"version":3'), false, all), undefined);
    assert.equal((await parse(text, false, (key) => key !== 'ws:/set/a0.png'))!.length, 2);
    const [header, ...lines] = text.split('\n');
    const raw = lines.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const untouched = raw[2]!.relPath;
    raw[0]!.relPath = '../outside.png';
    raw[1]!.sidecar = { ...sidecarFor('x'), width: 'wide' };
    const tampered = [header, ...raw.map((e) => JSON.stringify(e)), ''].join('\n');
    assert.deepEqual((await parse(tampered, false, all))!.map((e) => e.relPath), [untouched]);
  });

  it('is JSON lines: a header counting the entries, then one entry a line; a file cut short is not used', async () => {
    const { fs, lists } = workspace(3);
    const { text } = await snapshotOf(fs, lists);
    const lines = text.split('\n');
    assert.deepEqual(lines.length, 5, 'a header, three entries, and the empty rest after the last line break');
    assert.deepEqual(JSON.parse(lines[0]!), { format: 'pixelsmith-gallery-index', version: 2, includeUntracked: false, entries: 3 });
    assert.equal(lines.at(-1), '');
    assert.equal(await parse(text.slice(0, -1), false, all), undefined, 'the last line break is missing');
    assert.equal(await parse(lines.slice(0, 3).join('\n') + '\n', false, all), undefined, 'an entry is missing');
    assert.equal((await parse(text.replace(lines[2]!, '{ broken'), false, all))!.length, 2, 'a broken line drops that entry only');
  });

  it('comes in chunks that each end with a line break, and keeps any text as it was', async () => {
    const fs = new MemoryFs();
    const names: string[] = [];
    const odd = 'un phare \u2028 au crépuscule, 灯台と夕暮れ 🌅 "quoted" \\ back\nslash ';
    for (let i = 0; i < 300; i++) {
      names.push(`set/b${i}.png`);
      fs.put(`ws:/set/b${i}.png`, PNG);
      fs.put(`ws:/set/b${i}.png.json`, sidecarText(`${odd.repeat(4)} ${i}`), 1000 + i);
    }
    const { index } = await snapshotOf(fs, () => ({ images: names.map(file), sidecars: names.map((r) => file(`${r}.json`)) }));
    const chunks = await serializeSnapshot(index, false);
    assert.ok(chunks.length > 3, `${chunks.length} chunks`);
    for (const c of chunks) assert.equal(c.at(-1), 0x0a);
    const parsed = (await parseSnapshot(Buffer.concat(chunks), false, all))!;
    assert.equal(parsed.length, 300);
    for (const e of parsed) assert.equal(e.sidecar?.prompt, index.byKey(e.key)?.sidecar?.prompt);
  });

  it('discards a version 1 snapshot (one JSON object) without reading its entries', async () => {
    const { fs, lists } = workspace(3);
    const { text } = await snapshotOf(fs, lists);
    const entries = text.split('\n').slice(1, -1).map((l) => JSON.parse(l) as unknown);
    const v1 = JSON.stringify({ format: 'pixelsmith-gallery-index', version: 1, includeUntracked: false, entries });
    assert.equal(await parse(v1, false, all), undefined);
    assert.equal(await parse(`${v1}\n`, false, all), undefined);
  });

  it('writes the entries the index held when asked, even if it changes while the text is made', async () => {
    const { fs, lists } = workspace(50);
    const { index } = await snapshotOf(fs, lists);
    let clock = 0;
    const slicer = new TimeSlicer(0, () => clock++); // every look at the clock finds the slice spent: a turn per entry
    const text = snapshotText(index, slicer);
    index.remove('ws:/set/a0.png');
    index.upsert({ key: 'ws:/set/late.png', relPath: 'set/late.png', kind: 'asset', format: 'png', sidecar: sidecarFor('late'), bytes: 1, time: 1, stamp: '1:1' });
    const parsed = (await parse(await text, false, all))!;
    assert.ok(slicer.yields > 0);
    assert.equal(parsed.length, 50);
    assert.ok(parsed.some((e) => e.key === 'ws:/set/a0.png') && !parsed.some((e) => e.key === 'ws:/set/late.png'));
  });
});

describe('gallery snapshot: the first screen first', () => {
  it('is written newest first, and onHead gets the newest entries before any later line is read', async () => {
    const { fs, lists } = workspace(450);
    const { text } = await snapshotOf(fs, lists);
    let accepted = 0;
    let head: { names: string[]; acceptedThen: number } | undefined;
    const parsed = await parseSnapshot(new TextEncoder().encode(text), false, () => { accepted++; return true; }, undefined, async (h) => {
      head = { names: h.map((e) => e.relPath), acceptedThen: accepted };
    });
    assert.equal(SNAPSHOT_HEAD, 200);
    assert.deepEqual(head!.names.slice(0, 2), ['set/a449.png', 'set/a448.png']);
    assert.equal(head!.names.length, 200);
    assert.equal(head!.names.at(-1), 'set/a250.png');
    assert.equal(head!.acceptedThen, 200, 'no line after the head was read before onHead');
    assert.equal(parsed!.length, 450);
  });

  it('a snapshot smaller than the head is handed over whole; a refused one not at all', async () => {
    const { fs, lists } = workspace(5);
    const { text } = await snapshotOf(fs, lists);
    const heads: number[] = [];
    const onHead = async (h: readonly unknown[]) => { heads.push(h.length); };
    assert.equal((await parseSnapshot(new TextEncoder().encode(text), false, all, undefined, onHead))!.length, 5);
    assert.equal(await parseSnapshot(new TextEncoder().encode(text.slice(0, -10)), false, all, undefined, onHead), undefined);
    assert.deepEqual(heads, [5]);
  });
});

describe('GallerySync cold load', () => {
  it('reads no sidecar after the first batch until afterFirstBatch resolves (the page shows the first screen first)', async () => {
    const { fs, lists } = workspace(450);
    const ix = new GalleryIndex();
    let release!: () => void;
    const pageShown = new Promise<void>((r) => { release = r; });
    let waiting = false;
    const load = new GallerySync(ix, fs, quiet, { includeUntracked: false }).load(lists().images, lists().sidecars, {
      afterFirstBatch: () => { waiting = true; return pageShown; },
    });
    for (let i = 0; i < 10_000 && !waiting; i++) await turn();
    assert.ok(waiting, 'the load reached the first screen');
    const readsThen = fs.reads.length;
    for (let i = 0; i < 50; i++) await turn();
    assert.equal(ix.size, 200);
    assert.equal(fs.reads.length, readsThen, 'nothing more was read while the page had not shown the first screen');
    release();
    assert.equal((await load).assets, 450);
    assert.equal(ix.size, 450);
  });

  it('reads the newest sidecars first and reports progress after the first batch', async () => {
    const { fs, lists } = workspace(450);
    const ix = new GalleryIndex();
    const seen: number[] = [];
    let firstBatch: string[] | undefined;
    await new GallerySync(ix, fs, quiet, { includeUntracked: false }).load(lists().images, lists().sidecars, {
      onProgress: () => { seen.push(ix.size); firstBatch ??= ix.query({}).map((id) => ix.get(id)!.name); },
    });
    assert.deepEqual(seen, [200, 450]);
    assert.deepEqual(firstBatch!.slice(0, 3), ['a449.png', 'a448.png', 'a447.png']);
    assert.equal(firstBatch!.at(-1), 'a250.png');
  });

  it('gives the event loop turns as it goes, with the same progress batches and the same result', async () => {
    const { fs, lists } = workspace(450);
    let clock = 0;
    const slicer = new TimeSlicer(0, () => clock++); // every look at the clock finds the slice spent
    const ix = new GalleryIndex();
    const seen: number[] = [];
    const report = await new GallerySync(ix, fs, quiet, { includeUntracked: false, slicer }).load(lists().images, lists().sidecars, {
      onProgress: () => seen.push(ix.size),
    });
    assert.deepEqual(seen, [200, 450]);
    assert.deepEqual(report, { assets: 450, untracked: 0, skipped: 0, reused: 0, removed: 0 });
    assert.ok(slicer.yields >= 450, `${slicer.yields} turns`);
    const plain = new GalleryIndex();
    await new GallerySync(plain, fs, quiet, { includeUntracked: false }).load(lists().images, lists().sidecars);
    const names = (i: GalleryIndex) => i.query({}).map((id) => i.get(id)!.relPath);
    assert.deepEqual(names(ix), names(plain));
  });

  it('logs a bad sidecar once, even when the image and the sidecar both report a change', async () => {
    const fs = new MemoryFs();
    const lines: string[] = [];
    const sync = new GallerySync(new GalleryIndex(), fs, { ...quiet, warn: (m: string) => lines.push(m) }, { includeUntracked: false });
    fs.put('ws:/bad.png', PNG);
    fs.put('ws:/bad.png.json', '{ nope', 2000);
    await sync.changed(file('bad.png'));
    await sync.changed(file('bad.png.json'));
    assert.equal(lines.length, 1, lines.join('\n'));
    fs.put('ws:/bad.png.json', '{ still nope', 3000);
    await sync.changed(file('bad.png.json'));
    assert.equal(lines.length, 2, 'a new version of the file is read and logged again');
    fs.put('ws:/bad.png.json', sidecarText('fixed'), 4000);
    await sync.changed(file('bad.png.json'));
    assert.equal(sync.index.byKey('ws:/bad.png')?.sidecar?.prompt, 'fixed');
  });
});

describe('GalleryIndex search tokens', () => {
  it('are computed at the first search (or when prepared), not when entries are added', () => {
    const ix = new GalleryIndex();
    for (let i = 0; i < 10; i++) {
      const sidecar = sidecarFor(`lighthouse ${i}`);
      ix.upsert({ key: `ws:/${i}.png`, relPath: `${i}.png`, kind: 'asset', format: 'png', sidecar, bytes: 1, time: i });
    }
    assert.equal(ix.prepareSearch(0), 10);
    assert.equal(ix.prepareSearch(4), 6);
    assert.equal(ix.query({ text: 'lighthouse' }).length, 10);
    assert.equal(ix.prepareSearch(0), 0);
    ix.remove('ws:/3.png');
    assert.equal(ix.query({ text: 'lighthouse' }).length, 9);
  });

  it('can be prepared in slices, with turns of the event loop, and stopped', async () => {
    const ix = new GalleryIndex();
    for (let i = 0; i < 100; i++) ix.upsert({ key: `ws:/${i}.png`, relPath: `${i}.png`, kind: 'asset', format: 'png', sidecar: sidecarFor(`owl ${i}`), bytes: 1, time: i });
    let clock = 0;
    const slicer = new TimeSlicer(0, () => clock++);
    let asked = 0;
    await ix.prepareSearchInSlices(() => ++asked > 2, slicer);
    assert.ok(ix.prepareSearch(0) > 0 && ix.prepareSearch(0) < 100, 'stopped after two steps');
    await ix.prepareSearchInSlices(undefined, slicer);
    assert.equal(ix.prepareSearch(0), 0);
    assert.ok(slicer.yields > 0);
    assert.equal(ix.query({ text: 'owl' }).length, 100);
  });
});
