// GalleryReconciler: changes the file watcher never reported (a merged create and delete) are found from the
// folders' mtimes, and folders that did not change are neither listed nor read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GalleryIndex } from '../../src/core/gallery/index';
import { GalleryReconciler } from '../../src/core/gallery/reconcile';
import { GallerySync } from '../../src/core/gallery/sync';
import { silentLogger } from '../../src/core/log';
import { MemoryFs, sidecarText } from './galleryFixtures';

const file = (relPath: string) => ({ key: `ws:/${relPath}`, relPath });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

async function setup(names: string[], opts: { includeUntracked?: boolean; lag?: () => number } = {}) {
  const fs = new MemoryFs();
  for (const n of names) { fs.put(`ws:/${n}`, PNG); fs.put(`ws:/${n}.json`, sidecarText(`prompt of ${n}`)); }
  const sync = new GallerySync(new GalleryIndex(), fs, silentLogger, { includeUntracked: opts.includeUntracked ?? false });
  await sync.load(names.map(file), names.map((n) => file(`${n}.json`)));
  // Each look comes 10 s after the last change (unless a test says): no folder changed too recently to trust.
  const rec = new GalleryReconciler(sync, { now: () => fs.time + (opts.lag?.() ?? 10_000) });
  rec.watch({ key: 'ws:', relPath: '' });
  return { fs, sync, ix: sync.index, rec };
}

const paths = (ix: GalleryIndex) => [...ix.entries()].map((e) => e.relPath).sort();

describe('GalleryReconciler', () => {
  it('follows a rename whose events never arrived, and then lists only folders that changed', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png', 'a/owl.png', 'b/cat.png']);
    await rec.reconcile();
    fs.rename('ws:/a/fox.png', 'ws:/a/renamed.png');
    fs.rename('ws:/a/fox.png.json', 'ws:/a/renamed.png.json');
    fs.listed.length = 0;
    fs.reads.length = 0;
    const report = await rec.reconcile();
    assert.deepEqual(paths(ix), ['a/owl.png', 'a/renamed.png', 'b/cat.png']);
    assert.equal(ix.byKey('ws:/a/renamed.png')?.sidecar?.prompt, 'prompt of a/fox.png');
    assert.deepEqual(fs.listed, ['ws:/a'], 'only the changed folder is listed');
    assert.deepEqual(fs.reads, ['ws:/a/renamed.png.json'], 'only the new sidecar is read');
    assert.deepEqual(report, { folders: 3, listed: 1, refreshed: 2 });
    fs.listed.length = 0;
    assert.deepEqual(await rec.reconcile(), { folders: 3, listed: 0, refreshed: 0 });
    assert.deepEqual(fs.listed, []);
  });

  it('a sidecar replaced in a changed folder is read again; an untouched one is not', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png', 'a/owl.png']);
    await rec.reconcile();
    fs.put('ws:/a/tmp.json', 'x'); // the rename of an atomic write: a new name in the folder
    fs.put('ws:/a/fox.png.json', sidecarText('a fox, edited'), 2000);
    fs.remove('ws:/a/tmp.json');
    fs.reads.length = 0;
    await rec.reconcile();
    assert.equal(ix.byKey('ws:/a/fox.png')?.sidecar?.prompt, 'a fox, edited');
    assert.deepEqual(fs.reads, ['ws:/a/fox.png.json']);
  });

  it('removes every entry of a folder that is gone', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png', 'a/deep/owl.png', 'b/cat.png']);
    await rec.reconcile();
    for (const k of [...fs.files.keys()]) if (k.startsWith('ws:/a/')) fs.remove(k);
    await rec.reconcile();
    assert.deepEqual(paths(ix), ['b/cat.png']);
  });

  it('lists a folder an event touched, though it has no entry yet', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png']);
    await rec.reconcile();
    fs.put('ws:/a/old/bird.png', PNG); // a subfolder older than the last look: not entered on its own
    fs.put('ws:/a/old/bird.png.json', sidecarText('a bird'));
    await rec.reconcile();
    assert.deepEqual(paths(ix), ['a/fox.png']);
    rec.touched(file('a/old/bird.png')); // the image's event came; the sidecar's was lost
    await rec.reconcile();
    assert.deepEqual(paths(ix), ['a/fox.png', 'a/old/bird.png']);
  });

  it('finds a new folder of assets (nested) whose events never came, without entering old untouched folders', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png']);
    fs.put('ws:/node_like/x.txt', 'old, and no assets');
    await rec.reconcile();
    fs.later();
    fs.put('ws:/new/deep/bird.png', PNG);
    fs.put('ws:/new/deep/bird.png.json', sidecarText('a bird'));
    fs.listed.length = 0;
    await rec.reconcile();
    assert.deepEqual(paths(ix), ['a/fox.png', 'new/deep/bird.png']);
    assert.deepEqual(fs.listed.sort(), ['ws:', 'ws:/new', 'ws:/new/deep']);
  });

  it('lists again a folder that changed too recently to trust its mtime (a later change in the same tick)', async () => {
    let lag = 0;
    const { fs, ix, rec } = await setup(['a/fox.png'], { lag: () => lag });
    await rec.reconcile(); // the folder's mtime is "now": racy
    fs.rename('ws:/a/fox.png', 'ws:/a/renamed.png', true);
    fs.rename('ws:/a/fox.png.json', 'ws:/a/renamed.png.json', true);
    await rec.reconcile();
    assert.deepEqual(paths(ix), ['a/renamed.png']);
    // Once the mtime is old enough, an unchanged folder is trusted and no longer listed.
    lag = 10_000;
    await rec.reconcile();
    fs.listed.length = 0;
    await rec.reconcile();
    assert.deepEqual(fs.listed, []);
  });

  it('after a baseline, folders unchanged since the listing began are not listed; changed ones are', async () => {
    const { fs, ix, rec } = await setup(['a/fox.png', 'b/cat.png']);
    await rec.baseline(fs.time + 10_000);
    fs.rename('ws:/b/cat.png', 'ws:/b/kitten.png');
    fs.rename('ws:/b/cat.png.json', 'ws:/b/kitten.png.json');
    await rec.reconcile();
    assert.deepEqual(fs.listed, ['ws:/b']);
    assert.deepEqual(paths(ix), ['a/fox.png', 'b/kitten.png']);
  });

  it('an image that lost or gained its sidecar changes kind; untracked images appear only when asked', async () => {
    for (const includeUntracked of [false, true]) {
      const { fs, ix, rec } = await setup(['a/fox.png'], { includeUntracked });
      await rec.reconcile();
      fs.remove('ws:/a/fox.png.json');
      fs.put('ws:/a/plain.png', PNG);
      await rec.reconcile();
      assert.deepEqual([...ix.entries()].map((e) => `${e.relPath}:${e.kind}`).sort(), includeUntracked ? ['a/fox.png:untracked', 'a/plain.png:untracked'] : []);
    }
  });
});
