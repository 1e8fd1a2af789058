// Failures from the real providers against the fake provider: retries, timeouts, errors told apart for
// people, bad images rejected, and cancel keeping what arrived.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GenerationEvent } from '../../src/core/engine';
import type { GenerationRecord } from '../../src/core/history';
import type { ProviderId } from '../../src/core/types';
import { engineRig, imageRequest, providerFor, type EngineRig, type ProviderOptions, type RigOptions } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import type { Rule } from '../fake-provider/types';
import { waitUntil } from './waitUntil';

let fake: FakeProvider;
const rigs: EngineRig[] = [];
before(async () => { fake = await startFakeProvider({ texture: 'flat', falQueuePolls: 1 }); });
after(async () => { await fake.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => fake.reset());

async function rig(id: ProviderId, o: RigOptions & ProviderOptions = {}): Promise<EngineRig> {
  const r = await engineRig(await providerFor(fake, id, o), o);
  rigs.push(r);
  return r;
}

/** One generation of one image under `rules`; its record and events. */
async function run(id: ProviderId, rules: Rule[], o: RigOptions & ProviderOptions = {}): Promise<{ r: EngineRig; rec: GenerationRecord; events: GenerationEvent[] }> {
  fake.setRules(rules);
  const r = await rig(id, o);
  const events: GenerationEvent[] = [];
  const rec = await r.engine.generate(imageRequest(id), { onEvent: (e) => events.push(e) });
  return { r, rec, events };
}

const generationCalls = () => fake.requests.filter((q) => q.route === 'openai.generate' || q.route === 'azure.generate' || q.route === 'fal.submit').length;

describe('providers through the engine: retries', () => {
  it('retries a 429 after the retry-after the provider sent, then a 500, then succeeds', async () => {
    const { rec, events } = await run('openai', [
      { behaviour: { kind: 'status', status: 429, retryAfter: 0.05 } },
      { behaviour: { kind: 'status', status: 500 } },
    ], { maxRetries: 2, retryBaseDelayMs: 1 });
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const retries = events.filter((e): e is Extract<GenerationEvent, { kind: 'retry' }> => e.kind === 'retry');
    assert.equal(retries.length, 2);
    assert.equal(retries[0].waitMs, 50, 'the wait is the retry-after value');
    assert.match(retries[0].reason, /rate limit/);
    assert.match(retries[1].reason, /server error \(500\)/);
    assert.equal(generationCalls(), 3);
  });

  it('a streamed call answered 429 is retried like any other', async () => {
    fake.setRules([{ behaviour: { kind: 'status', status: 429, retryAfter: 0 } }]);
    const r = await rig('openai');
    const rec = await r.engine.generate(imageRequest('openai', { partialImages: 1 }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(rec.partials.length, 1);
    assert.equal(generationCalls(), 2);
  });

  it('gives up after maxRetries and says it was a rate limit', async () => {
    const { rec } = await run('azure', [{ behaviour: { kind: 'status', status: 429, retryAfter: 0 }, times: 'always' }], { maxRetries: 1 });
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors[0].code, 'rate-limit');
    assert.match(rec.errors[0].message, /^Azure OpenAI rate limit reached \(429\)/);
    assert.equal(generationCalls(), 2);
    assert.equal(rec.images.length, 0);
  });

  it('does not retry a call that timed out (it may have been billed) and says so', async () => {
    const { rec } = await run('openai', [{ behaviour: { kind: 'hang' }, times: 'always' }], { timeoutMs: 200, maxRetries: 2 });
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors[0].code, 'timeout');
    assert.match(rec.errors[0].message, /may still have been billed/);
    assert.equal(generationCalls(), 1);
  });
});

describe('providers through the engine: errors for people', () => {
  it('quota is told apart from rate limit and not retried', async () => {
    const { rec } = await run('openai', [{ behaviour: { kind: 'status', status: 429, code: 'insufficient_quota' }, times: 'always' }]);
    assert.equal(rec.errors[0].code, 'quota');
    assert.match(rec.errors[0].message, /out of quota or credit/);
    assert.match(rec.errors[0].hint ?? '', /retrying will not help/);
    assert.equal(generationCalls(), 1);
  });

  for (const id of ['openai', 'azure', 'fal'] as const) {
    it(`${id}: 401 points to setting the key; 403 to access or organization verification`, async () => {
      const a = await run(id, [{ behaviour: { kind: 'status', status: 401 } }]);
      assert.equal(a.rec.errors[0].code, 'auth');
      assert.match(a.rec.errors[0].hint ?? '', /Set API Key/);
      const b = await run(id, [{ behaviour: { kind: 'status', status: 403 } }]);
      assert.equal(b.rec.errors[0].code, 'forbidden');
      assert.match(b.rec.errors[0].hint ?? '', id === 'openai' ? /verif/ : /access/);
      assert.equal(generationCalls(), 2, 'neither is retried');
    });
  }

  for (const id of ['openai', 'azure'] as const) {
    it(`${id}: a moderation block names the stage and the categories`, async () => {
      const { rec } = await run(id, [{ behaviour: { kind: 'moderation' } }]);
      assert.equal(rec.errors[0].code, 'moderation');
      assert.match(rec.errors[0].message, /input moderation stage \(categories: violence\)/);
      assert.equal(generationCalls(), 1);
    });
  }

  it('fal: a content-policy refusal is a moderation error, not a bad request', async () => {
    const { rec } = await run('fal', [{ route: 'fal.submit', behaviour: { kind: 'moderation' } }]);
    assert.equal(rec.errors[0].code, 'moderation');
    assert.match(rec.errors[0].message, /^fal\.ai blocked the request/);
  });

  it('an error in the middle of a stream fails the image but keeps the partial already received', async () => {
    fake.setRules([{ behaviour: { kind: 'stream-error', afterPartials: 1 } }]);
    const r = await rig('openai');
    const rec = await r.engine.generate(imageRequest('openai', { partialImages: 2 }));
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors[0].code, 'server');
    assert.match(rec.errors[0].message, /failed while streaming/);
    assert.equal(rec.partials.length, 1);
    await fs.access(r.history.imagePath(rec.id, rec.partials[0].file));
  });
});

describe('providers through the engine: bad images and cancel', () => {
  for (const id of ['openai', 'fal'] as const) {
    it(`${id}: a truncated image is an error for that image and is not stored`, async () => {
      const { r, rec } = await run(id, [{ route: id === 'fal' ? 'file' : 'openai', behaviour: { kind: 'truncate' } }]);
      assert.equal(rec.status, 'failed');
      assert.equal(rec.errors[0].code, 'bad-image');
      assert.equal(rec.images.length, 0);
      assert.ok(fake.served.some((s) => s.truncated));
      const files = await fs.readdir(r.history.dir(rec.id));
      assert.deepEqual(files.filter((f) => !f.startsWith('generation.')), []);
    });
  }

  it('openai: cancel mid-flight stops the network work and keeps the images that arrived', async () => {
    fake.setRules([{ behaviour: { kind: 'ok' } }, { behaviour: { kind: 'hang' }, times: 'always' }]);
    const r = await rig('openai', { maxConcurrency: 1 });
    const ctl = new AbortController();
    const rec = await r.engine.generate(imageRequest('openai', { n: 3, partialImages: 1 }), {
      signal: ctl.signal, onEvent: (e) => { if (e.kind === 'image') ctl.abort(); },
    });
    assert.equal(rec.status, 'cancelled');
    assert.deepEqual(rec.images.map((i) => i.index), [0]);
    const onDisk = await r.history.get(rec.id);
    assert.equal(onDisk?.status, 'cancelled');
    assert.equal(onDisk?.images.length, 1);
    await fs.access(r.history.imagePath(rec.id, rec.images[0].file));
    assert.ok(generationCalls() <= 2, 'no call after the cancel');
    assert.ok(rec.errors.every((e) => e.code === 'cancelled'));
  });

  it('fal: cancel while queued sends the queue cancel request', async () => {
    fake.setRules([{ route: 'fal.status', behaviour: { kind: 'hang' }, times: 'always' }]);
    const r = await rig('fal');
    const ctl = new AbortController();
    const done = r.engine.generate(imageRequest('fal'), { signal: ctl.signal });
    await waitUntil('the status is polled', () => fake.requests.some((q) => q.route === 'fal.status'));
    ctl.abort();
    const rec = await done;
    assert.equal(rec.status, 'cancelled');
    await waitUntil('the queue cancel is sent', () => fake.requests.some((q) => q.route === 'fal.cancel'));
    assert.equal(fake.requests.find((q) => q.route === 'fal.cancel')?.method, 'PUT');
  });
});
