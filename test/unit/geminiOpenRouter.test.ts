// Google Gemini and OpenRouter through the engine against the fake provider over real HTTP: the bytes kept are the
// bytes served, references reach the server in each provider's own form, blocks and key errors read clearly,
// n splits into one call per image, and the answers' costs are recorded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildSidecar, checkSidecar } from '../../src/core/sidecar';
import { sidecarFor } from '../../src/core/savePlan';
import { estimateCost } from '../../src/core/cost';
import { planCalls } from '../../src/core/callPlan';
import { imageConfigFor } from '../../src/core/providers/gemini/models';
import { geminiHttpError, readAnswer, usageOf } from '../../src/core/providers/gemini/client';
import { decodeDataUrl, openRouterHttpError, refreshOpenRouterModels } from '../../src/core/providers/openrouter/client';
import { redact } from '../../src/core/redact';
import { validateRequest } from '../../src/core/validate';
import type { ImageInput, ProviderId } from '../../src/core/types';
import { engineRig, imageRequest, providerFor, TEST_KEYS, type EngineRig } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const ref: ImageInput = { name: 'ref.png', mimeType: 'image/png', bytes: new Uint8Array(PNG_1x1) };

let fake: FakeProvider;
const rigs: EngineRig[] = [];
before(async () => { fake = await startFakeProvider({ texture: 'flat' }); });
after(async () => { await fake.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => { fake.reset(); refreshOpenRouterModels(); });

async function rig(id: ProviderId, apiKey?: string): Promise<EngineRig> {
  const r = await engineRig(await providerFor(fake, id, apiKey ? { apiKey } : {}), { maxRetries: 0 });
  rigs.push(r);
  return r;
}

async function assertKeptAsServed(r: EngineRig, record: Awaited<ReturnType<EngineRig['engine']['generate']>>): Promise<void> {
  const served = new Set(fake.served.map((s) => s.sha256));
  assert.equal(record.images.length, fake.served.length);
  for (const img of record.images) {
    assert.ok(served.has(img.sha256), `image ${img.index} is a served image`);
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    assert.equal(sha(await readFile(join(r.root, record.id, img.file))), img.sha256, 'the file holds the served bytes');
  }
}

describe('Gemini: sizes and answers', () => {
  it('maps each listed size to its aspect ratio and tier; 2.5 Flash Image sends no tier; auto sends nothing', () => {
    assert.deepEqual(imageConfigFor('gemini-3-pro-image', '2752x1536'), { aspectRatio: '16:9', imageSize: '2K' });
    assert.deepEqual(imageConfigFor('gemini-3.1-flash-image', '1024x1024'), { aspectRatio: '1:1', imageSize: '1K' });
    assert.deepEqual(imageConfigFor('gemini-2.5-flash-image', '1344x768'), { aspectRatio: '16:9' });
    assert.equal(imageConfigFor('gemini-3-pro-image', 'auto'), undefined);
    assert.throws(() => imageConfigFor('gemini-2.5-flash-image', '2048x2048'), /size "2048x2048" is not one Gemini makes for gemini-2.5-flash-image/);
    // A typed id: any size Google lists for some model.
    assert.deepEqual(imageConfigFor('gemini-4-image-preview', '5504x3072'), { aspectRatio: '16:9', imageSize: '4K' });
  });

  it('validation: one image per call, png only, sizes named, references up to the model limit', () => {
    const v = validateRequest(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', n: 4, size: '1376x768' }));
    assert.equal(v.perCall, 1);
    assert.equal(planCalls(v)[0]!.calls.length, 4);
    assert.throws(() => validateRequest(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', size: '1536x1024' })), /size "1536x1024"/);
    assert.throws(() => validateRequest(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', outputFormat: 'jpeg' })), /outputFormat|jpeg/);
    const four = Array.from({ length: 4 }, () => ref);
    assert.throws(() => validateRequest(imageRequest('gemini', { model: 'gemini-2.5-flash-image', quality: 'auto', size: 'auto', references: four })), /at most 3 reference images/);
  });

  it('prices by size tier: Nano Banana Pro 4K costs more than 1K, the lite model is unknown', () => {
    const at = (model: string, size: string) => estimateCost({ provider: 'gemini', model, n: 1, size, quality: 'auto', prompt: 'x' }).perImage;
    assert.equal(at('gemini-3-pro-image', '1024x1024'), 0.134);
    assert.equal(at('gemini-3-pro-image', '4096x4096'), 0.24);
    assert.equal(at('gemini-3.1-flash-image', '2048x2048'), 0.101);
    assert.equal(at('gemini-3.1-flash-lite-image', '1024x1024'), null);
  });

  it('a blocked prompt, an image refused at the output and a text-only answer are errors that say why', () => {
    assert.throws(() => readAnswer({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }), (e: Error & { code?: string }) =>
      e.code === 'moderation' && /blockReason PROHIBITED_CONTENT/.test(e.message));
    assert.throws(() => readAnswer({ candidates: [{ finishReason: 'IMAGE_SAFETY', content: { parts: [] } }] }), (e: Error & { code?: string }) =>
      e.code === 'moderation' && /finishReason IMAGE_SAFETY/.test(e.message));
    assert.throws(() => readAnswer({ candidates: [{ finishReason: 'STOP', content: { parts: [{ text: 'I cannot draw that, but here is a poem.' }] } }] }),
      /without an image.*I cannot draw that, but here is a poem\./);
  });

  it('keeps the final image, not an interim thought image', () => {
    const thought = Buffer.from('thought').toString('base64');
    const final = PNG_1x1.toString('base64');
    const r = readAnswer({ candidates: [{ finishReason: 'STOP', content: { parts: [
      { thought: true, inlineData: { mimeType: 'image/png', data: thought } }, { text: 'Done.' }, { inlineData: { mimeType: 'image/png', data: final } },
    ] } }] });
    assert.equal(sha(r.images[0]!.bytes), sha(PNG_1x1));
  });

  it('usage: image and text output tokens apart, thinking counted as text; a bad key answered 400 reads as a key problem', () => {
    assert.deepEqual(usageOf({
      promptTokenCount: 10, candidatesTokenCount: 1300, thoughtsTokenCount: 50, totalTokenCount: 1360,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }], candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }, { modality: 'TEXT', tokenCount: 10 }],
    }), { inputTokens: 10, inputTextTokens: 10, inputImageTokens: 0, outputTokens: 1350, outputImageTokens: 1290, outputTextTokens: 60, totalTokens: 1360 });
    const e = geminiHttpError(400, JSON.stringify({ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }), () => null);
    assert.equal(e.code, 'auth');
    assert.match(e.message, /Google Gemini rejected the API key/);
  });
});

describe('Gemini end to end against the fake', () => {
  it('n=4 makes four generateContent calls with x-goog-api-key; the bytes kept are the bytes served; usage prices the run', async () => {
    const r = await rig('gemini');
    const rec = await r.engine.generate(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', n: 4, size: '1376x768' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const calls = fake.requests.filter((q) => q.route === 'gemini.generate');
    assert.equal(calls.length, 4);
    for (const q of calls) {
      assert.equal(q.path, '/v1beta/models/gemini-3-pro-image:generateContent');
      assert.equal(q.headers['x-goog-api-key'], `<redacted:${TEST_KEYS.gemini.length}>`);
      assert.equal(q.headers.authorization, undefined);
      assert.deepEqual((q.json as { generationConfig: unknown }).generationConfig,
        { responseModalities: ['TEXT', 'IMAGE'], candidateCount: 1, imageConfig: { aspectRatio: '16:9', imageSize: '1K' } });
    }
    await assertKeptAsServed(r, rec);
    for (const img of rec.images) assert.deepEqual([img.width, img.height, img.format], [1376, 768, 'png']);
    assert.equal(rec.usage?.outputImageTokens, 4 * 1290);
    // 4 × (12 input × $2 + 1,290 image × $120 + 8 text × $12) / 1M
    assert.equal(rec.costUsd, Math.round(4 * (12 * 2 + 1290 * 120 + 8 * 12)) / 1e6);
    const sidecar = sidecarFor(rec, rec.images[0]!);
    assert.equal(sidecar.watermark, 'synthid', 'the sidecar records the SynthID watermark');
  });

  it('references go as inlineData parts after the prompt, byte for byte', async () => {
    const r = await rig('gemini');
    const rec = await r.engine.generate(imageRequest('gemini', { model: 'gemini-3.1-flash-image', quality: 'auto', size: 'auto', references: [ref, ref] }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const q = fake.requests.find((x) => x.route === 'gemini.generate')!;
    assert.deepEqual(q.files?.map((f) => [f.contentType, f.sha256]), [['image/png', sha(PNG_1x1)], ['image/png', sha(PNG_1x1)]]);
    const parts = (q.json as { contents: { parts: { text?: string }[] }[] }).contents[0]!.parts;
    assert.equal(parts[0]!.text, 'a lighthouse at dusk');
    assert.equal((q.json as { generationConfig: { imageConfig?: unknown } }).generationConfig.imageConfig, undefined);
  });

  it('a block, an output refusal and a 401 each end as a clear error', async () => {
    const r = await rig('gemini');
    fake.setRules([{ route: 'gemini.generate', behaviour: { kind: 'moderation', reason: 'SAFETY' } }]);
    let rec = await r.engine.generate(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', size: 'auto' }));
    assert.equal(rec.errors[0]?.code, 'moderation');
    assert.match(rec.errors[0]!.message, /Gemini blocked the prompt \(blockReason SAFETY\)/);
    fake.setRules([{ route: 'gemini.generate', behaviour: { kind: 'no-image', finishReason: 'IMAGE_SAFETY' } }]);
    rec = await r.engine.generate(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', size: 'auto' }));
    assert.match(rec.errors[0]!.message, /finishReason IMAGE_SAFETY/);
    fake.setRules([{ route: 'gemini.generate', behaviour: { kind: 'status', status: 401 } }]);
    rec = await r.engine.generate(imageRequest('gemini', { model: 'gemini-3-pro-image', quality: 'auto', size: 'auto' }));
    assert.equal(rec.errors[0]?.code, 'auth');
    assert.match(rec.errors[0]!.message, /Google Gemini rejected the API key \(401\): UNAUTHENTICATED/);
  });
});

describe('OpenRouter', () => {
  it('data URLs are decoded exactly; anything else is refused, never fetched', () => {
    const d = decodeDataUrl(`data:image/png;base64,${PNG_1x1.toString('base64')}`)!;
    assert.equal(sha(d.bytes), sha(PNG_1x1));
    assert.equal(decodeDataUrl('https://example.com/a.png'), undefined);
    assert.equal(decodeDataUrl('data:image/png;base64,@@@'), undefined);
  });

  it('error objects: 402 is out of credit, 403 with reasons is a moderation flag naming them', () => {
    assert.equal(openRouterHttpError(402, JSON.stringify({ error: { code: 402, message: 'Insufficient credits' } }), () => null).code, 'quota');
    const m = openRouterHttpError(403, JSON.stringify({ error: { code: 403, message: 'flagged', metadata: { reasons: ['violence'] } } }), () => null);
    assert.equal(m.code, 'moderation');
    assert.match(m.message, /categories: violence/);
  });

  it('chat/completions with a Bearer key, image_config, references as image_url parts; bytes kept as served; usage.cost is the cost', async () => {
    const r = await rig('openrouter');
    const rec = await r.engine.generate(imageRequest('openrouter', { model: 'google/gemini-3.1-flash-image-preview', quality: 'auto', n: 2, size: '1376x768', references: [ref] }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const chats = fake.requests.filter((q) => q.route === 'openrouter.chat');
    assert.equal(chats.length, 2);
    const q = chats[0]!;
    assert.equal(q.headers.authorization, `Bearer <redacted:${TEST_KEYS.openrouter.length}>`);
    const body = q.json as { modalities: string[]; image_config: unknown; messages: { content: { type: string }[] }[] };
    assert.deepEqual(body.modalities, ['image', 'text']);
    assert.deepEqual(body.image_config, { aspect_ratio: '16:9' });
    assert.deepEqual(body.messages[0]!.content.map((p) => p.type), ['text', 'image_url']);
    assert.deepEqual(q.files?.map((f) => f.sha256), [sha(PNG_1x1)]);
    await assertKeptAsServed(r, rec);
    assert.equal(rec.costUsd, 0.1344, 'the sum of usage.cost');
    assert.equal(sidecarFor(rec, rec.images[0]!).watermark, 'synthid');
    assert.equal(fake.requests.filter((x) => x.route === 'openrouter.models').length, 1, 'the model list is read once and cached');
  });

  it('an image-only model gets modalities ["image"], from the models endpoint', async () => {
    const r = await rig('openrouter');
    const rec = await r.engine.generate(imageRequest('openrouter', { model: 'black-forest-labs/flux.2-pro', size: '1024x1024' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.deepEqual((fake.requests.find((q) => q.route === 'openrouter.chat')!.json as { modalities: string[] }).modalities, ['image']);
    assert.equal(sidecarFor(rec, rec.images[0]!).watermark, undefined);
  });

  it('a moderation flag, a text-only answer and a 401 each end as a clear error', async () => {
    const r = await rig('openrouter');
    const req = imageRequest('openrouter', { model: 'google/gemini-2.5-flash-image', quality: 'auto', size: 'auto' });
    fake.setRules([{ route: 'openrouter.chat', behaviour: { kind: 'moderation', reason: 'self-harm' } }]);
    let rec = await r.engine.generate(req);
    assert.equal(rec.errors[0]?.code, 'moderation');
    assert.match(rec.errors[0]!.message, /OpenRouter blocked the request.*categories: self-harm/);
    fake.setRules([{ route: 'openrouter.chat', behaviour: { kind: 'no-image', text: 'Here is a description instead.' } }]);
    rec = await r.engine.generate(req);
    assert.match(rec.errors[0]!.message, /OpenRouter answered without an image.*Here is a description instead\./);
    fake.setRules([{ route: 'openrouter.chat', behaviour: { kind: 'status', status: 401 } }]);
    rec = await r.engine.generate(req);
    assert.equal(rec.errors[0]?.code, 'auth');
    assert.match(rec.errors[0]!.message, /OpenRouter rejected the API key \(401\): No auth credentials found/);
  });
});

describe('redaction', () => {
  it('hides Google API keys and OpenRouter keys shaped text, in headers and prose', () => {
    const google = 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p-_';
    assert.equal(google.length, 39);
    const out = redact(`x-goog-api-key: ${google}; key ${google} rejected; sk-or-v1-0123456789abcdef0123`);
    assert.ok(!out.includes(google) && !out.includes('sk-or-v1-0123456789abcdef'), out);
  });
});

describe('sidecar watermark field', () => {
  it('is written for synthid and refused for values this version does not write, kept when read', () => {
    const base = {
      request: { prompt: 'p', provider: 'gemini' as const, model: 'gemini-3-pro-image', size: '1024x1024', quality: 'auto' as const, background: 'auto' as const, outputFormat: 'png' as const, n: 1 },
      image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: 'png' as const, bytes: 10, contentCredentials: false },
      generationId: 'g1', createdAt: '2026-12-02T00:00:00Z', costUsd: null,
    };
    assert.equal(buildSidecar({ ...base, watermark: 'synthid' }).watermark, 'synthid');
    assert.equal('watermark' in buildSidecar(base), false);
    assert.equal(checkSidecar({ ...buildSidecar(base), watermark: 'future-mark' }).watermark, 'future-mark');
  });
});
