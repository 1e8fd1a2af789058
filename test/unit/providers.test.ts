// The real providers (openai SDK, AzureOpenAI, fal queue over fetch, offline) driven through GenerationEngine
// against the fake provider over real HTTP: what is sent, what is kept, byte for byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GenerationEvent } from '../../src/core/engine';
import type { GenerationRecord } from '../../src/core/history';
import { inspectImage } from '../../src/core/imaging/inspect';
import { encodeJpeg } from '../../src/core/imaging/jpeg';
import { encodePng } from '../../src/core/imaging/png';
import { encodeWebpLossless } from '../../src/core/imaging/webp';
import { readSse } from '../../src/core/providers/sse';
import type { ImageInput, ProviderId } from '../../src/core/types';
import { engineRig, imageRequest, providerFor, TEST_KEYS, type EngineRig } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

let fake: FakeProvider;
const rigs: EngineRig[] = [];
before(async () => { fake = await startFakeProvider({ texture: 'flat', falQueuePolls: 1 }); });
after(async () => { await fake.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => fake.reset());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function rig(id: ProviderId, o: Parameters<typeof engineRig>[1] = {}): Promise<EngineRig> {
  const r = await engineRig(await providerFor(fake, id), o);
  rigs.push(r);
  return r;
}

function pixels(w: number, h: number, alpha = false): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < px.length; i += 4) { px[i] = i % 251; px[i + 1] = 90; px[i + 2] = 200; px[i + 3] = alpha && i % 3 ? 0 : 255; }
  return px;
}
const refs: ImageInput[] = [
  { name: 'sketch.png', mimeType: 'image/png', bytes: encodePng(pixels(64, 64), 64, 64) },
  { name: 'photo.jpg', mimeType: 'image/jpeg', bytes: encodeJpeg(pixels(64, 64), 64, 64, 80) },
  { name: 'style.webp', mimeType: 'image/webp', bytes: encodeWebpLossless(pixels(64, 64), 64, 64) },
];
const mask: ImageInput = { name: 'mask.png', mimeType: 'image/png', bytes: encodePng(pixels(64, 64, true), 64, 64, { alpha: true }) };

/** Every stored image equals an image the fake served, byte for byte, with its content credentials. */
async function assertStoredAsServed(r: EngineRig, rec: GenerationRecord): Promise<void> {
  const servedHashes = new Set(fake.served.map((s) => s.sha256));
  for (const img of rec.images) {
    const bytes = await fs.readFile(r.history.imagePath(rec.id, img.file));
    assert.equal(sha(bytes), img.sha256);
    assert.ok(servedHashes.has(img.sha256), `image ${img.index} was not served by the fake`);
    assert.equal(img.contentCredentials, true);
    if (img.format === 'png') assert.ok(bytes.includes(Buffer.from('caBX')), 'caBX chunk kept');
  }
  const onDisk = await r.history.get(rec.id);
  assert.deepEqual(onDisk?.images.map((i) => i.sha256), rec.images.map((i) => i.sha256));
}

describe('providers through the engine: generate', () => {
  for (const id of ['openai', 'azure', 'fal'] as const) {
    it(`${id}: n=2 generate keeps the served bytes, caBX included, with the key sent and never recorded`, async () => {
      const r = await rig(id);
      const rec = await r.engine.generate(imageRequest(id, { n: 2, outputFormat: id === 'fal' ? 'webp' : 'png' }));
      assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
      assert.deepEqual(rec.images.map((i) => [i.index, i.width, i.height]), [[0, 1024, 1024], [1, 1024, 1024]]);
      await assertStoredAsServed(r, rec);
      const first = fake.requests[0];
      assert.equal(first.route, id === 'fal' ? 'fal.submit' : `${id}.generate`);
      const sentKey = id === 'azure' ? first.headers['api-key'] : first.headers.authorization;
      assert.match(sentKey ?? '', /<redacted:\d+>/);
      assert.ok(!JSON.stringify(fake.requests).includes(TEST_KEYS[id]));
      if (id !== 'fal') assert.equal(rec.requestIds[0], first.id, 'provider request id kept');
      if (id === 'azure') assert.equal(first.query['api-version'], '2026-04-01-preview');
      if (id === 'fal') assert.deepEqual((first.json as { num_images: number; image_size: string }).num_images, 2);
    });
  }

  it('offline: produces the images through the same path with no network', async () => {
    const r = await rig('offline');
    const rec = await r.engine.generate(imageRequest('offline', { n: 2, size: '1536x1024', outputFormat: 'jpeg' }));
    assert.equal(rec.status, 'complete');
    assert.deepEqual(rec.images.map((i) => [i.format, i.width, i.height]), [['jpeg', 1536, 1024], ['jpeg', 1536, 1024]]);
    assert.equal(fake.requests.length, 0);
  });

  it('an invalid request leaves nothing in the history and sends nothing', async () => {
    const r = await rig('openai');
    await assert.rejects(r.engine.generate(imageRequest('openai', { size: '1000x1000' })), /size/);
    await assert.rejects(r.engine.generate(imageRequest('openai', { n: 9 })), /\bn\b/);
    assert.deepEqual(await fs.readdir(r.root), []);
    assert.equal(fake.requests.length, 0);
  });

  it('refuses retired models and gpt-image-2 transparency before sending; sends xhigh to gpt-image-2.5', async () => {
    const r = await rig('openai');
    await assert.rejects(r.engine.generate(imageRequest('openai', { model: 'gpt-image-1' })),
      (e: Error & { field?: string }) => e.field === 'model' && /retired by OpenAI on 2026-10-23.*gpt-image-2\.5-sunburst/.test(e.message));
    await assert.rejects(r.engine.generate(imageRequest('openai', { background: 'transparent' })),
      (e: Error & { field?: string }) => e.field === 'background' && /models that can: gpt-image-2\.5-sunburst/.test(e.message));
    await assert.rejects(r.engine.generate(imageRequest('openai', { quality: 'xhigh' })),
      (e: Error & { field?: string }) => e.field === 'quality' && /Allowed: auto, low, medium, high\./.test(e.message));
    assert.equal(fake.requests.length, 0, 'nothing was sent');
    const rec = await r.engine.generate(imageRequest('openai', { model: 'gpt-image-2.5-sunburst', quality: 'xhigh', background: 'transparent' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(pick(fake.requests[0].json, ['model', 'quality', 'background']), { model: 'gpt-image-2.5-sunburst', quality: 'xhigh', background: 'transparent' });
  });
});

function pick(v: unknown, keys: readonly string[]): Record<string, unknown> {
  const o = v as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

describe('providers through the engine: edits, streaming, splitting, sequences', () => {
  for (const id of ['openai', 'azure'] as const) {
    it(`${id}: edits upload references and mask with their MIME types (never application/octet-stream)`, async () => {
      const r = await rig(id);
      const rec = await r.engine.generate(imageRequest(id, { references: refs, mask }));
      assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
      const req = fake.requests[0];
      assert.equal(req.route, `${id}.edit`);
      // The SDK chooses the order of multipart parts (7.x sends the mask first): compare the images in order, the mask apart.
      assert.deepEqual(req.files?.filter((f) => f.field === 'image[]').map((f) => [f.contentType, f.sha256]), [
        ['image/png', sha(refs[0].bytes)], ['image/jpeg', sha(refs[1].bytes)], ['image/webp', sha(refs[2].bytes)],
      ]);
      assert.deepEqual(req.files?.filter((f) => f.field !== 'image[]').map((f) => [f.field, f.contentType, f.sha256]), [['mask', 'image/png', sha(mask.bytes)]]);
      assert.equal(req.fields?.prompt, 'a lighthouse at dusk');
      await assertStoredAsServed(r, rec);
      assert.deepEqual(rec.request.references?.map((x) => x.sha256), refs.map((x) => sha(x.bytes)));
    });
  }

  it('fal: edits send references and mask as data URIs with their MIME types', async () => {
    const r = await rig('fal');
    const rec = await r.engine.generate(imageRequest('fal', { references: refs.slice(0, 2), mask }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const submit = fake.requests.find((q) => q.route === 'fal.submit')!;
    assert.equal(submit.path, '/openai/gpt-image-2/edit');
    assert.deepEqual(submit.files?.map((f) => [f.field, f.contentType, f.sha256]), [
      ['image_urls', 'image/png', sha(refs[0].bytes)], ['image_urls', 'image/jpeg', sha(refs[1].bytes)], ['mask_url', 'image/png', sha(mask.bytes)],
    ]);
  });

  it('openai: streams partial images into the history before each final image', async () => {
    const r = await rig('openai');
    const events: GenerationEvent[] = [];
    const rec = await r.engine.generate(imageRequest('openai', { n: 2, partialImages: 2 }), { onEvent: (e) => events.push(e) });
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(fake.requests.length, 2, 'one streamed call per image');
    assert.ok(fake.requests.every((q) => (q.json as { stream: boolean; partial_images: number }).stream === true));
    const partials = events.filter((e): e is Extract<GenerationEvent, { kind: 'partial' }> => e.kind === 'partial');
    assert.deepEqual(partials.map((p) => `${p.index}:${p.partialIndex}`).sort(), ['0:0', '0:1', '1:0', '1:1']);
    for (const p of partials) {
      const firstFinal = events.findIndex((e) => e.kind === 'image' && e.image.index === p.index);
      assert.ok(events.indexOf(p) < firstFinal, 'partial before its final image');
      inspectImage(await fs.readFile(r.history.imagePath(rec.id, p.file)));
    }
    assert.equal(rec.partials.length, 4);
    assert.ok(events.findIndex((e) => e.kind === 'finished') === events.length - 1, 'finished is the last event');
    await assertStoredAsServed(r, rec);
  });

  it('fal: n=8 is split into calls of at most 4 (the endpoint limit) and all 8 are kept in order', async () => {
    const r = await rig('fal');
    const rec = await r.engine.generate(imageRequest('fal', { n: 8, prompt: 'eight fox variants' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const submits = fake.requests.filter((q) => q.route === 'fal.submit');
    assert.deepEqual(submits.map((q) => (q.json as { num_images: number }).num_images), [4, 4]);
    assert.deepEqual(rec.images.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    await assertStoredAsServed(r, rec);
  });

  it('openai: a 12-frame sequence runs in batches, the second using the last frame of the first as reference', async () => {
    const r = await rig('openai');
    const rec = await r.engine.generate(imageRequest('openai', { frames: 12, preset: 'sequence', prompt: 'a comic: the fox finds a key' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(rec.images.length, 12);
    assert.deepEqual(fake.requests.map((q) => q.route), ['openai.generate', 'openai.edit']);
    assert.equal((fake.requests[0].json as { n: number }).n, 8);
    const second = fake.requests[1];
    assert.equal(second.fields?.n, '4');
    assert.match(second.fields?.prompt ?? '', /frames 9–12 of 12/);
    const frame8 = rec.images.find((i) => i.index === 7)!;
    assert.deepEqual(second.files?.map((f) => [f.field, f.contentType, f.sha256]), [['image[]', 'image/png', frame8.sha256]]);
    await assertStoredAsServed(r, rec);
  });
});

describe('readSse', () => {
  it('reads events split anywhere across chunks, with CRLF, comments and multi-line data', async () => {
    const text = ': comment\r\nevent: a\r\ndata: {"x":1}\r\n\r\nevent: b\ndata: line1\ndata: line2\n\ndata: é-last';
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 7, bytes.length]) {
      const chunks = async function* () { for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size); };
      const got = [];
      for await (const m of readSse(chunks())) got.push(m);
      assert.deepEqual(got, [{ event: 'a', data: '{"x":1}', blobs: [] }, { event: 'b', data: 'line1\nline2', blobs: [] }, { data: 'é-last', blobs: [] }], `chunk size ${size}`);
    }
  });
});
