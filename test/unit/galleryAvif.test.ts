// AVIF in the gallery: a web copy (`hero.800w.avif` with a sidecar saying `format: "avif"`) is an asset, an AVIF
// without a sidecar is listed only with includeUntracked, both survive the snapshot, and no AVIF goes to the PNG
// thumbnailer. AVIF stays out of the output formats (providers are never offered it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GalleryIndex } from '../../src/core/gallery/index';
import { GalleryReconciler } from '../../src/core/gallery/reconcile';
import { parseSnapshot, serializeSnapshot } from '../../src/core/gallery/snapshot';
import { GallerySync, imageOfSidecar } from '../../src/core/gallery/sync';
import { makesThumbnail } from '../../src/core/gallery/thumbnail';
import { galleryFormatOf } from '../../src/core/gallery/types';
import { formatFromFileName } from '../../src/core/imaging/formats';
import { silentLogger } from '../../src/core/log';
import { FORMATS } from '../../src/core/modelSpec';
import { MemoryFs, sidecarText } from './galleryFixtures';

const file = (relPath: string) => ({ key: `ws:/${relPath}`, relPath });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The start of an AVIF file: an `ftyp` box of brand `avif` (the sync never reads images; the bytes only look right). */
const AVIF = new Uint8Array([0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66, 0, 0, 0, 0]);
const all = () => true;

/** A workspace with hero.png (an asset), its AVIF web copy hero.800w.avif (an asset) and photo.avif (no sidecar). */
function workspace(includeUntracked: boolean) {
  const fs = new MemoryFs();
  fs.put('ws:/img/hero.png', PNG, 1000);
  fs.put('ws:/img/hero.png.json', sidecarText('a harbour at dusk', { createdAt: '2026-01-01T12:00:00.000Z' }), 1000);
  fs.put('ws:/img/hero.800w.avif', AVIF, 2000);
  fs.put('ws:/img/hero.800w.avif.json', sidecarText('a harbour at dusk', {
    createdAt: '2026-01-01T12:05:00.000Z', format: 'avif', bytes: AVIF.length, parent: { file: 'img/hero.png', sha256: 'a'.repeat(64) },
  }), 2000);
  fs.put('ws:/img/photo.avif', AVIF, 3000);
  const images = ['img/hero.png', 'img/hero.800w.avif', 'img/photo.avif'].map(file);
  const sidecars = ['img/hero.png.json', 'img/hero.800w.avif.json'].map(file);
  const sync = new GallerySync(new GalleryIndex(), fs, silentLogger, { includeUntracked });
  return { fs, sync, ix: sync.index, images, sidecars };
}

const listed = (ix: GalleryIndex) => ix.query({}).map((id) => { const e = ix.get(id)!; return [e.relPath, e.kind, e.format]; });

describe('gallery: AVIF web copies', () => {
  it('indexes an AVIF with a sidecar whose format is avif as an asset of format avif, found by its prompt', async () => {
    const { sync, ix, images, sidecars } = workspace(false);
    const report = await sync.load(images, sidecars);
    assert.deepEqual(report, { assets: 2, untracked: 0, skipped: 0, reused: 0, removed: 0 });
    assert.deepEqual(listed(ix), [['img/hero.800w.avif', 'asset', 'avif'], ['img/hero.png', 'asset', 'png']]);
    const copy = ix.byKey('ws:/img/hero.800w.avif')!;
    assert.equal(copy.sidecar?.format, 'avif');
    assert.equal(copy.sidecar?.parent?.file, 'img/hero.png');
    assert.deepEqual(ix.query({ text: 'harbour' }).length, 2);
  });

  it('lists an AVIF without a sidecar only with includeUntracked', async () => {
    const off = workspace(false);
    const on = workspace(true);
    for (const w of [off, on]) await w.sync.load(w.images, w.sidecars);
    assert.equal(off.ix.byKey('ws:/img/photo.avif'), undefined);
    const photo = on.ix.byKey('ws:/img/photo.avif')!;
    assert.deepEqual([photo.kind, photo.format, photo.bytes, photo.time], ['untracked', 'avif', AVIF.length, 3000]);
  });

  it('survives a snapshot round trip, and a reload from it reads nothing', async () => {
    for (const includeUntracked of [false, true]) {
      const { fs, sync, ix, images, sidecars } = workspace(includeUntracked);
      await sync.load(images, sidecars);
      const parsed = (await parseSnapshot(Buffer.concat(await serializeSnapshot(ix, includeUntracked)), includeUntracked, all))!;
      const seeded = new GalleryIndex();
      await seeded.upsertAll(parsed);
      assert.deepEqual(listed(seeded), listed(ix));
      assert.equal(seeded.byKey('ws:/img/hero.800w.avif')?.sidecar?.format, 'avif');
      fs.reads.length = 0;
      const report = await new GallerySync(seeded, fs, silentLogger, { includeUntracked }).load(images, sidecars);
      assert.deepEqual([report.reused, report.removed, fs.reads], [includeUntracked ? 3 : 2, 0, []]);
    }
  });

  it('picks up a new AVIF copy from a file event and from a folder listing (no event)', async () => {
    const { fs, sync, ix, images, sidecars } = workspace(false);
    await sync.load(images, sidecars);
    fs.put('ws:/img/hero.400w.avif', AVIF, 4000);
    fs.put('ws:/img/hero.400w.avif.json', sidecarText('a harbour at dusk', { format: 'avif' }), 4000);
    assert.deepEqual(imageOfSidecar(file('img/hero.400w.avif.json')), file('img/hero.400w.avif'));
    await sync.changed(file('img/hero.400w.avif.json'));
    assert.equal(ix.byKey('ws:/img/hero.400w.avif')?.format, 'avif');

    const rec = new GalleryReconciler(sync, { now: () => fs.time + 10_000 });
    rec.watch({ key: 'ws:', relPath: '' });
    await rec.reconcile();
    fs.put('ws:/img/hero.200w.avif', AVIF, 5000);
    fs.put('ws:/img/hero.200w.avif.json', sidecarText('a harbour at dusk', { format: 'avif' }), 5000);
    await rec.reconcile();
    assert.equal(ix.byKey('ws:/img/hero.200w.avif')?.format, 'avif');
  });

  it('never hands an AVIF to the PNG thumbnailer: only PNG entries get a shrunk thumbnail', async () => {
    const { sync, ix, images, sidecars } = workspace(true);
    await sync.load(images, sidecars);
    const thumbnailed = [...ix.entries()].filter((e) => makesThumbnail(e.format)).map((e) => e.relPath);
    assert.deepEqual(thumbnailed, ['img/hero.png']);
  });

  it('is a gallery format (any case), never an output format', () => {
    assert.equal(galleryFormatOf('a/b.800w.AVIF'), 'avif');
    assert.equal(galleryFormatOf('a/b.avif.txt'), undefined);
    assert.equal(formatFromFileName('a/b.avif'), undefined, 'the output-format table does not know AVIF');
    assert.ok(!(FORMATS as readonly string[]).includes('avif'));
  });
});
