// GallerySync: full load from file lists, hostile sidecars skipped with a log line, and one-file updates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GalleryIndex } from '../../src/core/gallery/index';
import { GallerySync, imageOfSidecar } from '../../src/core/gallery/sync';
import { MemoryFs, sidecarFor, sidecarText } from './galleryFixtures';

function memoryLog() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m), debug() {} } };
}

const file = (relPath: string) => ({ key: `ws:/${relPath}`, relPath });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

function setup(includeUntracked = false) {
  const fs = new MemoryFs();
  const { lines, log } = memoryLog();
  const sync = new GallerySync(new GalleryIndex(), fs, log, { includeUntracked });
  return { fs, lines, sync, ix: sync.index };
}

describe('GallerySync.load', () => {
  it('indexes images with a valid sidecar and reads only sidecars, never images', async () => {
    const { fs, sync, ix } = setup();
    fs.put('ws:/a/fox.png', PNG);
    fs.put('ws:/a/fox.png.json', sidecarText('a fox'));
    fs.put('ws:/a/plain.png', PNG);
    fs.put('ws:/orphan.png.json', sidecarText('no image'));
    const report = await sync.load([file('a/fox.png'), file('a/plain.png')], [file('a/fox.png.json'), file('orphan.png.json')]);
    assert.deepEqual(report, { assets: 1, untracked: 0, skipped: 0, reused: 0, removed: 0 });
    assert.equal(ix.size, 1);
    assert.equal(ix.byKey('ws:/a/fox.png')?.sidecar?.prompt, 'a fox');
    assert.deepEqual(fs.reads, ['ws:/a/fox.png.json']);
  });

  it('skips hostile sidecars with a log line and keeps the rest', async () => {
    const { fs, sync, ix, lines } = setup();
    const bad: Record<string, string> = {
      'json.png': '{ not json',
      'types.png': JSON.stringify({ ...sidecarFor('x'), width: 'wide' }),
      'outside.png': JSON.stringify({ ...sidecarFor('x'), parent: { file: '../../etc/passwd', sha256: 'f'.repeat(64) } }),
      'absolute.png': JSON.stringify({ ...sidecarFor('x'), source: { document: '/etc/passwd' } }),
      'array.png': '[1,2,3]',
    };
    const images = [file('good.png')];
    const sidecars = [file('good.png.json')];
    fs.put('ws:/good.png', PNG);
    fs.put('ws:/good.png.json', sidecarText('the good one'));
    for (const [name, text] of Object.entries(bad)) {
      fs.put(`ws:/${name}`, PNG);
      fs.put(`ws:/${name}.json`, text);
      images.push(file(name));
      sidecars.push(file(`${name}.json`));
    }
    // 50 MB: rejected by its size (stat), never read.
    fs.put('ws:/huge.png', PNG);
    fs.put('ws:/huge.png.json', new Uint8Array(50 * 1024 * 1024));
    images.push(file('huge.png'));
    sidecars.push(file('huge.png.json'));
    const report = await sync.load(images, sidecars);
    assert.deepEqual(report, { assets: 1, untracked: 0, skipped: 6, reused: 0, removed: 0 });
    assert.deepEqual([...ix.query({})].map((id) => ix.get(id)!.name), ['good.png']);
    assert.ok(!fs.reads.includes('ws:/huge.png.json'), 'the 50 MB sidecar was read');
    for (const name of [...Object.keys(bad), 'huge.png']) {
      assert.ok(lines.some((l) => l.startsWith(`gallery: skipped ${name}.json: `)), `no log line for ${name}: ${lines.join('\n')}`);
    }
    assert.ok(lines.some((l) => /huge\.png\.json: 52428800 bytes is larger/.test(l)));
    assert.ok(lines.some((l) => /outside\.png\.json: .*parent/.test(l)));
  });

  it('includes images without a sidecar only when asked, with file size and time from stat', async () => {
    const off = setup(false);
    const on = setup(true);
    for (const s of [off, on]) {
      s.fs.put('ws:/logo.svg', '<svg/>', 5000);
      s.fs.put('ws:/a.png', PNG, 6000);
      s.fs.put('ws:/a.png.json', sidecarText('asset'));
      await s.sync.load([file('logo.svg'), file('a.png')], [file('a.png.json')]);
    }
    assert.equal(off.ix.size, 1);
    assert.equal(on.ix.size, 2);
    const svg = on.ix.byKey('ws:/logo.svg')!;
    assert.equal(svg.kind, 'untracked');
    assert.equal(svg.format, 'svg');
    assert.equal(svg.bytes, 6);
    assert.equal(svg.time, 5000);
  });
});

describe('GallerySync incremental updates', () => {
  it('adds, changes and removes one entry per event', async () => {
    const { fs, sync, ix } = setup();
    await sync.load([], []);
    fs.put('ws:/new.png', PNG);
    await sync.changed(file('new.png'));
    assert.equal(ix.size, 0, 'an image without sidecar is not an asset');
    fs.put('ws:/new.png.json', sidecarText('a lighthouse at dawn'));
    await sync.changed(file('new.png.json'));
    const e = ix.byKey('ws:/new.png')!;
    assert.equal(e.sidecar?.prompt, 'a lighthouse at dawn');
    fs.reads.length = 0;
    fs.put('ws:/new.png.json', sidecarText('a lighthouse at dusk'));
    await sync.changed(file('new.png.json'));
    assert.deepEqual(fs.reads, ['ws:/new.png.json'], 'only the changed sidecar is read');
    assert.deepEqual(ix.query({ text: 'dusk' }), [e.id]);
    fs.files.delete('ws:/new.png');
    await sync.deleted(file('new.png'));
    assert.equal(ix.size, 0);
  });

  it('a deleted sidecar turns the asset into an untracked image when those are shown, else removes it', async () => {
    for (const includeUntracked of [true, false]) {
      const { fs, sync, ix } = setup(includeUntracked);
      fs.put('ws:/x.png', PNG);
      fs.put('ws:/x.png.json', sidecarText('x'));
      await sync.load([file('x.png')], [file('x.png.json')]);
      fs.files.delete('ws:/x.png.json');
      await sync.deleted(file('x.png.json'));
      assert.equal(ix.byKey('ws:/x.png')?.kind, includeUntracked ? 'untracked' : undefined);
    }
  });

  it('a corrupted sidecar removes its entry (logged), a repaired one brings it back', async () => {
    const { fs, sync, ix, lines } = setup();
    fs.put('ws:/y.png', PNG);
    fs.put('ws:/y.png.json', sidecarText('y'));
    await sync.load([file('y.png')], [file('y.png.json')]);
    fs.put('ws:/y.png.json', '{"schemaVersion": 1');
    await sync.changed(file('y.png.json'));
    assert.equal(ix.size, 0);
    assert.ok(lines.some((l) => l.includes('y.png.json: Sidecar: not valid JSON')));
    fs.put('ws:/y.png.json', sidecarText('y again'));
    await sync.changed(file('y.png.json'));
    assert.equal(ix.byKey('ws:/y.png')?.sidecar?.prompt, 'y again');
  });

  it('a deleted folder removes every entry under it', async () => {
    const { fs, sync, ix } = setup();
    for (const n of ['d/1.png', 'd/e/2.png', 'dd/3.png']) {
      fs.put(`ws:/${n}`, PNG);
      fs.put(`ws:/${n}.json`, sidecarText(n));
    }
    await sync.load(['d/1.png', 'd/e/2.png', 'dd/3.png'].map(file), ['d/1.png.json', 'd/e/2.png.json', 'dd/3.png.json'].map(file));
    await sync.deleted(file('d'));
    assert.deepEqual([...ix.query({})].map((id) => ix.get(id)!.relPath), ['dd/3.png']);
  });

  it('knows which names are sidecars', () => {
    assert.deepEqual(imageOfSidecar(file('a/b.png.json')), file('a/b.png'));
    assert.deepEqual(imageOfSidecar(file('a/b.JPG.json')), file('a/b.JPG'));
    assert.deepEqual(imageOfSidecar(file('a/b.svg.json')), file('a/b.svg'), 'SVG and GIF assets have sidecars too');
    assert.equal(imageOfSidecar(file('a/b.txt.json')), undefined);
    assert.equal(imageOfSidecar(file('package.json')), undefined);
  });
});
