// The model catalogue: known models, unknown ids, per-call limits and prices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MODELS, PRODUCT_MAX_N, RETIRED_MODELS, describeAllowedSizes, getModel, isKnownModel, maxPerCall, modelsFor, priceFor, providersOf, retiredModel, supportsStreaming,
} from '../../src/core/catalogue';
import { MODEL_PRICES } from '../../src/core/prices';
import { PROVIDER_IDS } from '../../src/core/providers/registry';

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
    assert.ok(m.qualities.includes('xhigh'), 'the API decides what an unknown model takes');
    assert.equal(m.known, false);
    assert.equal(m.id, 'my-custom-deployment');
    assert.equal(m.price, null);
    assert.ok(m.customSizes);
    assert.deepEqual(providersOf(m), PROVIDER_IDS);
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
    assert.deepEqual(MODELS.map((m) => m.id), [...new Set([...modelsFor('openai'), ...modelsFor('bfl'), ...modelsFor('gemini'), ...modelsFor('openrouter')].map((m) => m.id))]);
    assert.deepEqual(modelsFor('gemini').map((m) => m.id), ['gemini-3.1-flash-image', 'gemini-nano-banana-2.1', 'gemini-3-pro-image', 'gemini-2.5-flash-image', 'gemini-3.1-flash-lite-image']);
    assert.deepEqual(modelsFor('bfl').map((m) => m.id), ['flux-2-pro', 'flux-2-max', 'flux-2-flex', 'flux-2-klein-4b', 'flux-2-klein-9b']);
  });

  it('holds every GPT image model the openai 7 SDK names, and none it retired', () => {
    assert.deepEqual(modelsFor('openai').map((m) => m.id), [
      'gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare', 'gpt-image-2.6-sunburst', 'gpt-image-2.6-flare',
      'gpt-image-1.5', 'gpt-image-1-mini', 'chatgpt-image-latest',
    ]);
    assert.deepEqual(RETIRED_MODELS.map((r) => [r.id, r.since]), [['gpt-image-1', '2026-10-23'], ['dall-e-3', '2026-05-12'], ['dall-e-2', '2026-05-12']]);
    for (const r of RETIRED_MODELS) for (const id of r.replacements) assert.equal(isKnownModel(id), true, `${r.id} → ${id}`);
    assert.equal(retiredModel('GPT-Image-1')?.since, '2026-10-23');
    assert.equal(retiredModel('gpt-image-1-2025-04-15')?.id, 'gpt-image-1', 'a dated snapshot of a retired model is retired');
    assert.equal(retiredModel('gpt-image-1-mini'), undefined);
    assert.equal(retiredModel('gpt-image-1.5'), undefined);
  });

  it('offers xhigh and max and transparency on gpt-image-2.5 only, custom sizes on 2 and 2.5', () => {
    for (const id of ['gpt-image-2.5-sunburst', 'gpt-image-2.5-flare', 'gpt-image-2.5-flare-2026-09-08']) {
      const m = getModel(id);
      assert.equal(m.known, true, id);
      assert.deepEqual(m.qualities, ['auto', 'low', 'medium', 'high', 'xhigh', 'max'], id);
      assert.deepEqual(m.backgrounds, ['auto', 'opaque', 'transparent'], id);
      assert.ok(m.customSizes, id);
    }
    for (const m of MODELS.filter((x) => !x.id.startsWith('gpt-image-2.5'))) assert.ok(!m.qualities.includes('xhigh') && !m.qualities.includes('max'), m.id);
    for (const id of ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'chatgpt-image-latest', 'gpt-image-1.5']) assert.equal(getModel(id).customSizes, null, id);
  });

  it('has a documented price for every priced model, per image where OpenAI publishes one, and none offline', () => {
    // FLUX.2 is priced per megapixel by BFL, which publishes only the 1 MP figure: unknown here (see providers/bfl/index.ts).
    for (const m of modelsFor('bfl')) assert.equal(priceFor('bfl', m.id), null, m.id);
    for (const m of modelsFor('openai').filter((x) => x.id !== 'chatgpt-image-latest')) {
      const p = MODEL_PRICES[m.id];
      assert.ok(p, m.id);
      assert.match(p.source, /^https:\/\//);
      assert.match(p.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(p.tokens.imageOutput > 0 && p.tokens.textInput > 0);
      const table = p.perImage;
      if (!table) continue;
      for (const q of ['low', 'medium', 'high'] as const) {
        for (const s of ['square', 'landscape', 'portrait'] as const) assert.ok(table[q][s] > 0, `${m.id} ${q} ${s}`);
      }
      assert.ok(table.low.square < table.medium.square && table.medium.square < table.high.square);
    }
    assert.deepEqual(modelsFor('openai').filter((m) => MODEL_PRICES[m.id]?.perImage).map((m) => m.id), ['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1-mini']);
    assert.equal(priceFor('openai', 'chatgpt-image-latest'), null);
    assert.equal(priceFor('offline', 'gpt-image-2')?.perImage?.high.square, 0);
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
