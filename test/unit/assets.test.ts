// Save planning: destinations stay inside the workspace folder, names never collide, sidecars carry the record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInside, baseNameFor, chooseFreeName, isInside, normalizePath, relativeTo, resolveFolderSetting, sidecarFor, stripImageExtension, TakenNames } from '../../src/core/savePlan';
import { PixelsmithError } from '../../src/core/errors';
import type { GenerationRecord } from '../../src/core/history';
import type { StoredImage } from '../../src/core/types';

const image: StoredImage = {
  index: 1, file: '02.png', format: 'png', width: 1024, height: 1024, sha256: 'a'.repeat(64), bytes: 1234,
  contentCredentials: true, receivedAt: '2026-05-01T10:00:01.000Z', revisedPrompt: 'A red fox, revised',
};

function record(over: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    schemaVersion: 1, id: '20260501-100000-abcdef', createdAt: '2026-05-01T10:00:00.000Z', status: 'complete', provider: 'openai', model: 'gpt-image-2',
    request: {
      prompt: 'A red fox', provider: 'openai', model: 'gpt-image-2', n: 2, size: '1024x1024', quality: 'high', background: 'opaque', outputFormat: 'png', preset: 'illustration',
      references: [{ name: 'ref.png', mimeType: 'image/png', source: 'refs/ref.png', sha256: 'b'.repeat(64), file: 'ref-0.png' },
        { name: 'web.png', mimeType: 'image/png', source: 'file:///elsewhere/web.png', sha256: 'c'.repeat(64), file: 'ref-1.png' }],
      mask: { name: 'mask.png', mimeType: 'image/png', source: 'refs/mask.png', sha256: 'd'.repeat(64), file: 'mask.png' },
    },
    context: { parent: { file: 'assets/fox.png', sha256: 'e'.repeat(64) }, language: 'zh-Hans' },
    estimate: { usd: 0.4, perImage: 0.2 }, costUsd: 0.5, usage: { inputTokens: 10, outputTokens: 4000, totalTokens: 4010 },
    images: [{ ...image, index: 0, file: '01.png' }, image], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
    ...over,
  };
}

describe('destinations', () => {
  it('normalises paths: dots resolved, trailing slash dropped, drive letters lowercased', () => {
    assert.equal(normalizePath('/ws/a/../b/./c/'), '/ws/b/c');
    assert.equal(normalizePath('C:\\Users\\me\\ws'), '/c:/Users/me/ws');
    assert.equal(normalizePath('/C:/ws/x'), '/c:/ws/x');
    assert.equal(normalizePath('/'), '/');
  });

  it('tells inside from outside, without being fooled by a shared prefix', () => {
    assert.equal(isInside('/ws', '/ws'), true);
    assert.equal(isInside('/ws', '/ws/assets/x'), true);
    assert.equal(isInside('/ws', '/ws-other/x'), false);
    assert.equal(isInside('/ws', '/ws/../etc'), false);
    assert.equal(isInside('/c:/ws', '/C:/ws/a'), true);
  });

  it('resolves folder settings relative to the workspace folder and refuses ones that leave it', () => {
    assert.equal(resolveFolderSetting('/ws', 'assets/icons', 'pixelsmith.folders.icon'), '/ws/assets/icons');
    assert.equal(resolveFolderSetting('/ws', 'assets\\icons\\', 'f'), '/ws/assets/icons');
    assert.equal(resolveFolderSetting('/ws', '', 'f'), '/ws');
    assert.equal(resolveFolderSetting('/ws', '/ws/inside', 'f'), '/ws/inside');
    for (const bad of ['../out', 'assets/../../out', '/etc', 'C:/Windows']) {
      assert.throws(() => resolveFolderSetting('/ws', bad, 'pixelsmith.folders.icon'), (e: unknown) => {
        assert.ok(e instanceof PixelsmithError);
        assert.equal(e.code, 'outside-workspace');
        assert.equal(e.field, 'pixelsmith.folders.icon');
        assert.match(e.message, new RegExp(bad.replace(/[.\\/]/g, '\\$&')));
        return true;
      });
    }
  });

  it('assertInside names the path as given', () => {
    assert.throws(() => assertInside('/ws', '/tmp/x', '../x'), /"\.\.\/x" is outside the workspace folder "\/ws"/);
    assert.doesNotThrow(() => assertInside('/ws', '/ws/a', 'a'));
  });

  it('relativeTo gives forward-slash paths', () => {
    assert.equal(relativeTo('/ws', '/ws/docs/a.md'), 'docs/a.md');
    assert.equal(relativeTo('/ws/', '/ws'), '');
  });
});

describe('names', () => {
  it('fills the naming pattern from the prompt, with a 1-based index', () => {
    const date = new Date(2026, 4, 1, 9, 5, 7);
    assert.equal(baseNameFor({ pattern: '{slug}', prompt: 'A Red Fox!', date, index: 0 }), 'a-red-fox');
    assert.equal(baseNameFor({ pattern: '{date}-{slug}-{index}', prompt: 'A Red Fox!', date, index: 2 }), '2026-05-01-a-red-fox-3');
    assert.equal(baseNameFor({ pattern: '{preset}/{slug}', prompt: 'fox', date, index: 0, preset: 'icon' }), 'icon-fox');
  });

  it('chooses names free for both the image and its sidecar, case-insensitively, and marks them taken', async () => {
    const taken = new TakenNames(['Fox.png', 'fox-2.png.json', 'fox-3.PNG']);
    assert.equal(await chooseFreeName('fox', 'png', taken), 'fox-4.png');
    assert.equal(await chooseFreeName('fox', 'png', taken), 'fox-5.png');
    assert.equal(taken.has('FOX-4.PNG.JSON'), true);
    assert.equal(await chooseFreeName('fox', 'webp', taken), 'fox.webp');
  });

  it('compares names in NFC', () => {
    const taken = new TakenNames(['cafe\u0301.png']);
    assert.equal(taken.has('café.png'), true);
  });

  it('strips image extensions from a copy-files file name only', () => {
    assert.equal(stripImageExtension('hero.PNG'), 'hero');
    assert.equal(stripImageExtension('hero.jpeg'), 'hero');
    assert.equal(stripImageExtension('notes.md'), 'notes.md');
  });
});

describe('sidecarFor', () => {
  it('records the request, the image and workspace-relative references only', () => {
    const sc = sidecarFor(record(), image);
    assert.equal(sc.prompt, 'A red fox');
    assert.equal(sc.revisedPrompt, 'A red fox, revised');
    assert.equal(sc.provider, 'openai');
    assert.equal(sc.model, 'gpt-image-2');
    assert.equal(sc.preset, 'illustration');
    assert.deepEqual(sc.parameters, { size: '1024x1024', quality: 'high', background: 'opaque', outputFormat: 'png', n: 2 });
    assert.deepEqual(sc.references, ['refs/ref.png'], 'a reference outside the workspace is left out');
    assert.equal(sc.mask, 'refs/mask.png');
    assert.deepEqual(sc.parent, { file: 'assets/fox.png', sha256: 'e'.repeat(64) });
    assert.equal(sc.language, 'zh-Hans', 'the language tag is kept as given');
    assert.equal(sc.index, 1);
    assert.equal(sc.sha256, image.sha256);
    assert.equal(sc.contentCredentials, true);
    assert.equal(sc.costUsd, 0.25, 'the cost is shared between the images of the generation');
    assert.deepEqual(sc.usage, { inputTokens: 10, outputTokens: 4000, totalTokens: 4010 });
    assert.equal(sc.createdAt, '2026-05-01T10:00:00.000Z');
    assert.equal(sc.source, undefined);
  });

  it('records the markdown source, from the save or from the record context', () => {
    assert.deepEqual(sidecarFor(record(), image, { source: { document: 'docs/guide.md', heading: 'Setup' } }).source, { document: 'docs/guide.md', heading: 'Setup' });
    assert.deepEqual(sidecarFor(record({ context: { document: 'README.md', heading: 'Intro' } }), image).source, { document: 'README.md', heading: 'Intro' });
    assert.equal(sidecarFor(record(), image, { source: { document: '../outside.md' } }).source, undefined, 'an unsafe path is left out');
  });

  it('maps recorded locations through the context', () => {
    const sc = sidecarFor(record(), image, { location: (p) => (p.startsWith('refs/') ? `root/${p}` : undefined) });
    assert.deepEqual(sc.references, ['root/refs/ref.png']);
    assert.equal(sc.mask, 'root/refs/mask.png');
    assert.equal(sc.parent, undefined);
  });

  it('keeps a null cost null and refuses an invalid record before anything is written', () => {
    assert.equal(sidecarFor(record({ costUsd: null }), image).costUsd, null);
    assert.throws(() => sidecarFor(record(), { ...image, sha256: 'not-a-hash' }), /sha256/);
  });
});
