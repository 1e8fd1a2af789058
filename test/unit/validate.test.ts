// Request validation: every rule, the field and allowed values in each error, and the prompt passed through untouched.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors';
import type { ImageInput, ImageRequest } from '../../src/core/types';
import { checkCustomSize, nearestValidSize, parseSize, validateRequest } from '../../src/core/validate';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const WEBP = new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBPVP8L'].map((c) => c.charCodeAt(0))));

function req(over: Partial<ImageRequest> = {}): ImageRequest {
  return { prompt: 'a red fox', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'auto', background: 'auto', outputFormat: 'png', ...over };
}

function ref(name: string, mimeType: ImageInput['mimeType'] = 'image/png', bytes: Uint8Array = PNG): ImageInput {
  return { name, mimeType, bytes };
}

function fails(r: ImageRequest, field: string, message?: RegExp, opts?: { maxN?: number }): ValidationError {
  let caught: unknown;
  try {
    validateRequest(r, opts);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError for ${field}, got ${String(caught)}`);
  assert.equal(caught.field, field);
  assert.equal(caught.code, 'invalid-request');
  assert.equal(caught.retryable, false);
  if (message) assert.match(caught.message, message);
  return caught;
}

describe('validateRequest', () => {
  it('accepts a plain request and works out what the pipeline needs', () => {
    const v = validateRequest(req({ n: 6, provider: 'fal' }));
    assert.deepEqual(v.dimensions, { width: 1024, height: 1024 });
    assert.equal(v.perCall, 4);
    assert.equal(v.total, 6);
    assert.equal(v.modelInfo.id, 'gpt-image-2');
  });

  it('returns the prompt exactly as given, in any script', () => {
    for (const prompt of ['  spaced  ', '고양이가 달 위에', 'قطة على القمر', 'Cafe\u0301 NFD', '東京の夜景 🌃', 'line\nbreak']) {
      assert.equal(validateRequest(req({ prompt })).prompt, prompt);
    }
  });

  it('rejects an empty prompt and one over the limit, counting code points', () => {
    fails(req({ prompt: '   \n\t' }), 'prompt', /must not be empty/);
    fails(req({ prompt: 'x'.repeat(32_001) }), 'prompt', /32,001 characters is over the limit of 32,000/);
    assert.doesNotThrow(() => validateRequest(req({ prompt: '𠀀'.repeat(32_000) })));
  });

  it('checks n and frames', () => {
    for (const n of [0, 9, 1.5, Number.NaN]) fails(req({ n }), 'n', /Allowed: 1–8/);
    fails(req({ n: 5 }), 'n', /1 to 4/, { maxN: 4 });
    assert.equal(validateRequest(req({ n: 8, frames: 64, preset: 'sequence' })).total, 64);
    fails(req({ frames: 65 }), 'frames', /1 to 64/);
  });

  it('explains a bad custom size with the allowed values and the nearest valid one', () => {
    const e = fails(req({ size: '1000x1000' }), 'size');
    assert.equal(
      e.message,
      'size "1000x1000": both edges must be multiples of 16 (got 1000x1000). Allowed: auto, 1024x1024, 1536x1024, 1024x1536, ' +
        'or WIDTHxHEIGHT with edges multiple of 16, longer edge ≤ 3840, aspect ratio ≤ 3:1, 655,360–8,294,400 pixels.',
    );
    assert.match(e.hint ?? '', /Nearest valid size: \d+x\d+/);
    assert.deepEqual(e.allowed, ['auto', '1024x1024', '1536x1024', '1024x1536']);
  });

  it('accepts sizes on the boundaries and normalises their spelling', () => {
    for (const size of ['auto', '3072x1024', '640x1024', '3840x2160', '2160x3840', '2048x2048']) assert.doesNotThrow(() => validateRequest(req({ size })), size);
    assert.equal(validateRequest(req({ size: ' 1536 X 1024 ' })).size, '1536x1024');
    assert.equal(validateRequest(req({ size: 'AUTO' })).dimensions, 'auto');
    fails(req({ size: '3840x1264' }), 'size', /aspect ratio/);
    fails(req({ size: '624x1024' }), 'size', /at least 655,360 pixels/);
    fails(req({ size: '3840x2176' }), 'size', /at most 8,294,400 pixels/);
    fails(req({ size: '4096x2048' }), 'size', /longer edge must be at most 3840/);
    fails(req({ size: 'big' }), 'size', /expected auto or WIDTHxHEIGHT/);
    fails(req({ model: 'gpt-image-1.5', size: '2048x2048' }), 'size', /accepts only auto, 1024x1024/);
  });

  it('takes quality xhigh and max on gpt-image-2.5 only, naming the field and what the model allows', () => {
    for (const quality of ['xhigh', 'max'] as const) {
      assert.equal(validateRequest(req({ model: 'gpt-image-2.5-sunburst', quality })).quality, quality);
      assert.equal(validateRequest(req({ model: 'gpt-image-2.5-flare-2026-09-08', quality })).quality, quality);
      const e = fails(req({ quality }), 'quality', new RegExp(`quality "${quality}": not supported\\. Allowed: auto, low, medium, high\\.`));
      assert.deepEqual(e.allowed, ['auto', 'low', 'medium', 'high']);
      fails(req({ model: 'gpt-image-2.6-flare', quality }), 'quality');
    }
  });

  it('refuses retired models before anything is sent, with the date and the replacement', () => {
    const e = fails(req({ model: 'gpt-image-1' }), 'model',
      /model "gpt-image-1": gpt-image-1 was retired by OpenAI on 2026-10-23 and no longer answers; use gpt-image-2\.5-sunburst or gpt-image-2\.5-flare instead\./);
    assert.ok(e.allowed?.includes('gpt-image-2.5-sunburst') && !e.allowed.includes('gpt-image-1'));
    fails(req({ model: 'dall-e-3' }), 'model', /retired by OpenAI on 2026-05-12.*use gpt-image-2 instead/);
    fails(req({ model: 'DALL-E-2', provider: 'azure' }), 'model', /2026-05-12/);
    fails(req({ model: 'gpt-image-1', provider: 'offline' }), 'model', /2026-10-23/);
    assert.doesNotThrow(() => validateRequest(req({ model: 'gpt-image-1-mini' })));
  });

  it('checks quality, format and compression', () => {
    fails(req({ quality: 'ultra' as never }), 'quality', /Allowed: auto, low, medium, high/);
    fails(req({ outputFormat: 'gif' as never }), 'outputFormat', /Allowed: png, jpeg, webp/);
    fails(req({ outputCompression: 80 }), 'outputCompression', /only applies to jpeg and webp/);
    fails(req({ outputFormat: 'jpeg', outputCompression: 101 }), 'outputCompression', /0 to 100/);
    assert.equal(validateRequest(req({ outputFormat: 'webp', outputCompression: 0 })).outputCompression, 0);
  });

  it('names background and outputFormat when transparency cannot work', () => {
    fails(req({ model: 'gpt-image-1.5', background: 'transparent', outputFormat: 'jpeg' }), 'background', /needs outputFormat png or webp \(got outputFormat "jpeg"\)/);
    const e = fails(req({ background: 'transparent' }), 'background',
      /gpt-image-2 does not support transparent backgrounds; models that can: gpt-image-2\.5-sunburst, gpt-image-2\.5-flare, gpt-image-1\.5 and gpt-image-1-mini\. Allowed: auto, opaque\./);
    assert.match(e.hint ?? '', /gpt-image-2\.5-sunburst/);
    fails(req({ model: 'gpt-image-2-2026-04-21', background: 'transparent' }), 'background', /does not support transparent/);
    fails(req({ provider: 'fal', background: 'transparent' }), 'background', /models that can: gpt-image-1\.5\./);
    assert.doesNotThrow(() => validateRequest(req({ model: 'gpt-image-2.5-flare', background: 'transparent', outputFormat: 'png' })));
    assert.doesNotThrow(() => validateRequest(req({ model: 'gpt-image-1.5', background: 'transparent', outputFormat: 'webp' })));
    assert.doesNotThrow(() => validateRequest(req({ model: 'some-new-model', background: 'transparent' })));
    fails(req({ background: 'clear' as never }), 'background');
  });

  it('checks partial images and drops them where the provider cannot stream', () => {
    fails(req({ partialImages: 4 }), 'partialImages', /0 to 3/);
    assert.equal(validateRequest(req({ partialImages: 2 })).partialImages, 2);
    assert.equal(validateRequest(req({ partialImages: 2, provider: 'fal' })).partialImages, 0);
  });

  it('checks references and the mask', () => {
    assert.doesNotThrow(() => validateRequest(req({ references: [ref('a.png'), ref('b.jpg', 'image/jpeg', JPEG), ref('c.webp', 'image/webp', WEBP)], mask: ref('m.png') })));
    fails(req({ references: Array.from({ length: 17 }, (_, i) => ref(`${i}.png`)) }), 'references', /at most 16/);
    fails(req({ references: [ref('a.gif', 'image/gif' as never)] }), 'references[0]', /not supported. Allowed: image\/png, image\/jpeg, image\/webp/);
    fails(req({ references: [ref('fake.png', 'image/png', JPEG)] }), 'references[0]', /not a PNG image/);
    fails(req({ references: [ref('empty.png', 'image/png', new Uint8Array())] }), 'references[0]', /empty/);
    fails(req({ mask: ref('m.png') }), 'mask', /at least one reference image/);
    fails(req({ references: [ref('a.png')], mask: ref('m.jpg', 'image/jpeg', JPEG) }), 'mask', /Allowed: image\/png/);
  });

  it('checks the provider and that the model runs on it', () => {
    fails(req({ provider: 'midjourney' as never }), 'provider', /Allowed: openai, azure, fal, bfl, gemini, openrouter, offline/);
    fails(req({ provider: 'fal', model: 'gpt-image-1-mini' }), 'model', /not available on fal.ai. Allowed: gpt-image-2, gpt-image-1.5/);
    fails(req({ model: '' }), 'model');
    fails(req({ model: 'x'.repeat(200) }), 'model');
    assert.equal(validateRequest(req({ model: 'future-image-model', provider: 'fal' })).modelInfo.known, false);
  });
});

describe('size helpers', () => {
  it('parses sizes and throws a ValidationError on nonsense', () => {
    assert.deepEqual(parseSize('1536x1024'), { width: 1536, height: 1024 });
    assert.equal(parseSize('auto'), 'auto');
    assert.throws(() => parseSize('1536 by 1024'), (e: unknown) => e instanceof ValidationError && e.field === 'size');
  });

  it('lists every problem of a custom size for the live checks', () => {
    assert.deepEqual(checkCustomSize(1024, 1024), []);
    assert.deepEqual(checkCustomSize(4000, 1000).map((p) => p.rule), ['multiple', 'max-edge', 'aspect']);
    assert.deepEqual(checkCustomSize(100, 100).map((p) => p.rule), ['multiple', 'min-pixels']);
    assert.deepEqual(checkCustomSize(10.5, 20).map((p) => p.rule), ['integer']);
    assert.deepEqual(checkCustomSize(800, 600, 'gpt-image-1-mini').map((p) => p.rule), ['preset-only']);
  });

  it('suggests a nearby valid size', () => {
    for (const [w, h] of [[1000, 1000], [5000, 100], [100, 100], [3840, 3840], [1921, 1081]] as const) {
      const s = nearestValidSize(w, h);
      assert.ok(s, `${w}x${h}`);
      assert.deepEqual(checkCustomSize(s.width, s.height), [], `${w}x${h} → ${s.width}x${s.height}`);
    }
    assert.deepEqual(nearestValidSize(1920, 1088), { width: 1920, height: 1088 });
    assert.equal(nearestValidSize(800, 600, 'gpt-image-1.5'), null);
  });

  it('keeps validation bundle-safe: no Node or vscode imports in what validate.ts pulls in', () => {
    // Static imports only: a provider's client is loaded with `import('./client')` on the host, and the webview
    // bundles replace it with a module that throws (esbuild.mjs, host-only-provider-clients).
    const root = path.resolve(__dirname, '../../../src/core');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(path.join(root, file), 'utf8');
      // Type-only imports are erased from the bundle.
      for (const [, spec = ''] of text.matchAll(/^(?:import|export)(?! type )[^;]*?from ['"]([^'"]+)['"]/gm)) {
        assert.ok(spec.startsWith('.'), `${file} imports ${spec}`);
        const target = path.join(path.dirname(file), spec);
        visit(existsSync(path.join(root, `${target}.ts`)) ? `${target}.ts` : path.join(target, 'index.ts'));
      }
    };
    visit('validate.ts');
    assert.ok(seen.has('catalogue.ts') && seen.has('errors.ts') && seen.has(path.join('providers', 'registry.ts')));
    assert.ok(![...seen].some((f) => f.endsWith('client.ts')), 'no provider client is imported statically');
  });
});
