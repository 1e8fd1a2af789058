// The model catalogue: known models, unknown ids, per-call limits and prices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MODELS, PRODUCT_MAX_N, describeAllowedSizes, getModel, isKnownModel, maxPerCall, modelsFor, priceFor, supportsStreaming,
} from '../../src/core/catalogue';
import { MODEL_PRICES } from '../../src/core/prices';
import { PROVIDER_IDS } from '../../src/core/types';

describe('catalogue', () => {
  it('knows gpt-image-2 with custom sizes and the three presets', () => {
    const m = getModel('gpt-image-2');
    assert.equal(m.known, true);
    assert.deepEqual(m.sizes, ['auto', '1024x1024', '1536x1024', '1024x1536']);
    assert.deepEqual(m.customSizes, { multiple: 16, maxEdge: 3840, maxAspect: 3, minPixels: 655_360, maxPixels: 8_294_400 });
    assert.equal(m.maxPromptChars, 32_000);
    assert.equal(m.maxReferenceImages, 16);
    assert.deepEqual(m.qualities, ['auto', 'low', 'medium', 'high']);
    assert.deepEqual(m.formats, ['png', 'jpeg', 'webp']);
  });

  it('gives gpt-image-1.5 and gpt-image-1-mini the presets only, and transparency', () => {
    for (const id of ['gpt-image-1.5', 'gpt-image-1-mini']) {
      const m = getModel(id);
      assert.equal(m.customSizes, null, id);
      assert.deepEqual(m.sizes, ['auto', '1024x1024', '1536x1024', '1024x1536']);
      assert.ok(m.backgrounds.includes('transparent'), id);
    }
  });

  it('does not offer transparent backgrounds on gpt-image-2, which the API rejects', () => {
    assert.deepEqual(getModel('gpt-image-2').backgrounds, ['auto', 'opaque']);
  });

  it('treats dated snapshots and case variants as their model', () => {
    assert.equal(getModel('gpt-image-2-2026-04-21').id, 'gpt-image-2');
    assert.equal(getModel(' GPT-Image-2 ').id, 'gpt-image-2');
    assert.equal(isKnownModel('gpt-image-1.5'), true);
  });

  it('allows unknown model ids with gpt-image-2 rules and no price', () => {
    const m = getModel('my-custom-deployment');
    assert.equal(m.known, false);
    assert.equal(m.id, 'my-custom-deployment');
    assert.equal(m.price, null);
    assert.ok(m.customSizes);
    assert.deepEqual(m.providers, PROVIDER_IDS);
    assert.ok(m.backgrounds.includes('transparent'));
  });

  it('limits images per call by provider and model', () => {
    assert.equal(maxPerCall('openai', 'gpt-image-2'), PRODUCT_MAX_N);
    assert.equal(maxPerCall('azure', 'gpt-image-1.5'), PRODUCT_MAX_N);
    assert.equal(maxPerCall('fal', 'gpt-image-2'), 4);
    assert.equal(maxPerCall('offline', 'anything'), PRODUCT_MAX_N);
  });

  it('streams on OpenAI, Azure and offline, not on fal', () => {
    assert.deepEqual(PROVIDER_IDS.filter(supportsStreaming), ['openai', 'azure', 'offline']);
  });

  it('lists the models each provider runs', () => {
    assert.deepEqual(modelsFor('fal').map((m) => m.id), ['gpt-image-2', 'gpt-image-1.5']);
    assert.equal(modelsFor('openai').length, MODELS.length);
  });

  it('has a documented price for every known model, and none offline', () => {
    for (const m of MODELS) {
      const p = MODEL_PRICES[m.id];
      assert.ok(p, m.id);
      assert.match(p.source, /^https:\/\//);
      assert.match(p.asOf, /^\d{4}-\d{2}-\d{2}$/);
      for (const q of ['low', 'medium', 'high'] as const) {
        for (const s of ['square', 'landscape', 'portrait'] as const) assert.ok(p.perImage[q][s] > 0, `${m.id} ${q} ${s}`);
      }
      assert.ok(p.perImage.low.square < p.perImage.medium.square && p.perImage.medium.square < p.perImage.high.square);
      assert.ok(p.tokens.imageOutput > 0 && p.tokens.textInput > 0);
    }
    assert.equal(priceFor('offline', 'gpt-image-2')?.perImage.high.square, 0);
    assert.equal(priceFor('openai', 'unknown-model'), null);
  });

  it('describes the allowed sizes the way error messages quote them', () => {
    assert.equal(
      describeAllowedSizes(getModel('gpt-image-2')),
      'auto, 1024x1024, 1536x1024, 1024x1536, or WIDTHxHEIGHT with edges multiple of 16, longer edge ≤ 3840, aspect ratio ≤ 3:1, 655,360–8,294,400 pixels',
    );
    assert.equal(describeAllowedSizes(getModel('gpt-image-1.5')), 'auto, 1024x1024, 1536x1024, 1024x1536');
  });
});
