// The gallery index: search in any language, filters, sort, facets, and one-entry updates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GalleryIndex } from '../../src/core/gallery/index';
import { sidecarFor } from './galleryFixtures';

function add(ix: GalleryIndex, relPath: string, prompt: string, over: Parameters<typeof sidecarFor>[1] & { bytes?: number } = {}) {
  const sidecar = sidecarFor(prompt, over);
  return ix.upsert({ key: `ws:/${relPath}`, relPath, kind: 'asset', format: 'png', sidecar, bytes: over.bytes ?? sidecar.bytes, time: Date.parse(sidecar.createdAt) });
}

const names = (ix: GalleryIndex, ids: number[]) => ids.map((id) => ix.get(id)!.name);

describe('GalleryIndex', () => {
  it('finds entries by words of the prompt, by prefix, and hides the others', () => {
    const ix = new GalleryIndex();
    add(ix, 'a/fox.png', 'A red fox jumping over a fence');
    add(ix, 'a/owl.png', 'An owl at night, watercolor');
    assert.deepEqual(names(ix, ix.query({ text: 'fox' })), ['fox.png']);
    assert.deepEqual(names(ix, ix.query({ text: 'wat' })), ['owl.png']);
    assert.deepEqual(names(ix, ix.query({ text: 'fox owl' })), []);
    assert.equal(ix.query({}).length, 2);
  });

  it('searches Korean, Japanese, Chinese and accented prompts', () => {
    const ix = new GalleryIndex();
    add(ix, 'ko.png', '밤하늘 아래 고양이');
    add(ix, 'ja.png', '桜の木の下で眠る猫');
    add(ix, 'zh.png', '山水画风格的城市');
    add(ix, 'fr.png', 'Café élégant à Paris');
    assert.deepEqual(names(ix, ix.query({ text: '고양이' })), ['ko.png']);
    assert.deepEqual(names(ix, ix.query({ text: '眠る' })), ['ja.png']);
    assert.deepEqual(names(ix, ix.query({ text: '城市' })), ['zh.png']);
    assert.deepEqual(names(ix, ix.query({ text: 'elegant cafe' })), ['fr.png']);
  });

  it('sorts by date (newest first), name and size, and reverses', () => {
    const ix = new GalleryIndex();
    add(ix, 'b.png', 'one', { createdAt: '2026-01-02T00:00:00Z', bytes: 10 });
    add(ix, 'a.png', 'two', { createdAt: '2026-01-03T00:00:00Z', bytes: 5 });
    add(ix, 'c.png', 'three', { createdAt: '2026-01-01T00:00:00Z', bytes: 20 });
    assert.deepEqual(names(ix, ix.query({})), ['a.png', 'b.png', 'c.png']);
    assert.deepEqual(names(ix, ix.query({ sort: 'name' })), ['a.png', 'b.png', 'c.png']);
    assert.deepEqual(names(ix, ix.query({ sort: 'size' })), ['c.png', 'b.png', 'a.png']);
    assert.deepEqual(names(ix, ix.query({ sort: 'date', reverse: true })), ['c.png', 'b.png', 'a.png']);
  });

  it('filters by model, provider, preset, folder (with subfolders) and date', () => {
    const ix = new GalleryIndex();
    add(ix, 'icons/x.png', 'x', { model: 'gpt-image-1.5', preset: 'icon', createdAt: '2026-02-01T00:00:00Z' });
    add(ix, 'icons/sub/y.png', 'y', { provider: 'offline' });
    add(ix, 'docs/z.png', 'z', { preset: 'mockup' });
    assert.deepEqual(names(ix, ix.query({ model: 'gpt-image-1.5' })), ['x.png']);
    assert.deepEqual(names(ix, ix.query({ provider: 'offline' })), ['y.png']);
    assert.deepEqual(names(ix, ix.query({ preset: 'custom' })), ['y.png']);
    assert.deepEqual(names(ix, ix.query({ folder: 'icons', sort: 'name' })), ['x.png', 'y.png']);
    assert.deepEqual(names(ix, ix.query({ since: Date.parse('2026-01-15T00:00:00Z') })), ['x.png']);
    const f = ix.facets();
    assert.deepEqual(f.folders, [['docs', 1], ['icons', 1], ['icons/sub', 1]]);
    assert.deepEqual(f.models, [['gpt-image-1.5', 1], ['gpt-image-2', 2]]);
  });

  it('filters localized copies by language, with a language facet', () => {
    const ix = new GalleryIndex();
    add(ix, 'hero.png', 'hero', {});
    add(ix, 'hero.ko.png', 'hero', { language: 'ko', parent: { file: 'hero.png', sha256: 'a'.repeat(64) } });
    add(ix, 'hero.zh-Hans.png', 'hero', { language: 'zh-Hans' });
    assert.deepEqual(names(ix, ix.query({ language: 'ko' })), ['hero.ko.png']);
    assert.deepEqual(names(ix, ix.query({ language: 'zh-Hans' })), ['hero.zh-Hans.png']);
    assert.deepEqual(ix.facets().languages, [['ko', 1], ['zh-Hans', 1]]);
  });

  it('updates one entry in place: same id, new words searchable, old words gone, facets recounted', () => {
    const ix = new GalleryIndex();
    const first = add(ix, 'p.png', 'a blue whale');
    const v = ix.version;
    const second = add(ix, 'p.png', 'a green turtle', { model: 'gpt-image-1-mini' });
    assert.equal(second.id, first.id);
    assert.ok(ix.version > v);
    assert.equal(ix.size, 1);
    assert.deepEqual(ix.query({ text: 'whale' }), []);
    assert.deepEqual(ix.query({ text: 'turtle' }), [first.id]);
    assert.deepEqual(ix.facets().models, [['gpt-image-1-mini', 1]]);
    ix.remove('ws:/p.png');
    assert.equal(ix.size, 0);
    assert.deepEqual(ix.query({ text: 'turtle' }), []);
    assert.deepEqual(ix.facets().models, []);
  });
});
