// Nothing lost, nothing billed twice: answers that are not what was asked, bodies that stall or never end,
// read over real HTTP from the fake provider through the real SDK and the engine.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GenerationRecord } from '../../src/core/history';
import { answerLimits } from '../../src/core/providers/answerLimits';
import type { ImageRequest, ProviderId } from '../../src/core/types';
import { engineRig, imageRequest, providerFor, type EngineRig, type ProviderOptions } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import type { Rule } from '../fake-provider/types';
import { waitUntil } from './waitUntil';

let fake: FakeProvider;
const rigs: EngineRig[] = [];
before(async () => { fake = await startFakeProvider({ texture: 'grain', falQueuePolls: 1 }); });
after(async () => { await fake.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => fake.reset());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const calls = () => fake.requests.filter((q) => q.route === 'openai.generate' || q.route === 'azure.generate').length;

/** One generation under `rules`, with retries allowed, so a retry would show as a second call. */
async function run(id: ProviderId, rules: Rule[], over: Partial<ImageRequest> = {}, o: ProviderOptions = {}): Promise<{ r: EngineRig; rec: GenerationRecord }> {
  fake.setRules(rules);
  const r = await engineRig(await providerFor(fake, id, o), { maxRetries: 2, retryBaseDelayMs: 1 });
  rigs.push(r);
  return { r, rec: await r.engine.generate(imageRequest(id, over)) };
}

async function storedSha(r: EngineRig, rec: GenerationRecord, i: number): Promise<string> {
  const { promises: fs } = await import('node:fs');
  const path = await import('node:path');
  return sha(await fs.readFile(path.join(r.root, rec.id, rec.images[i]!.file)));
}

describe('answers that are not what was asked', () => {
  for (const id of ['openai', 'azure'] as const) {
    it(`${id}: a stream:true request answered with plain JSON keeps the image, billed once`, async () => {
      const { r, rec } = await run(id, [{ behaviour: { kind: 'json-for-stream' } }], { partialImages: 2 });
      assert.equal(fake.requests[0]!.json && (fake.requests[0]!.json as { stream?: boolean }).stream, true, 'a stream was asked for');
      assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
      assert.equal(calls(), 1, 'one call: nothing retried, nothing billed twice');
      assert.equal(fake.served.length, 1);
      assert.equal(await storedSha(r, rec, 0), fake.served[0]!.sha256, 'the bytes served are the bytes kept');
      assert.ok(rec.usage?.outputTokens, 'the usage of the JSON answer is kept for the cost');
    });
  }

  it('a streamed answer that stalls after a partial keeps the partial, and its error is never retried', async () => {
    const { rec } = await run('openai', [{ behaviour: { kind: 'stall', after: 1 } }], { partialImages: 1 }, { timeoutMs: 1500 });
    assert.equal(rec.status, 'failed');
    assert.equal(calls(), 1);
    assert.equal(rec.partials.length, 1, 'the partial that arrived is kept');
    assert.equal(rec.errors[0]!.retryable, false);
  });
});

describe('bodies that stall or never end', () => {
  it('a JSON body that stops arriving times out, keeping the images that fully arrived; not retried', async () => {
    const { r, rec } = await run('openai', [{ behaviour: { kind: 'stall', after: 1 } }], { n: 2 }, { timeoutMs: 1500 });
    assert.equal(rec.status, 'partial', JSON.stringify(rec.errors));
    assert.equal(rec.images.length, 1);
    assert.equal(await storedSha(r, rec, 0), fake.served[0]!.sha256, 'the complete first image is kept as served');
    assert.equal(rec.errors.length, 1);
    assert.equal(rec.errors[0]!.index, 1);
    assert.equal(rec.errors[0]!.code, 'timeout');
    assert.match(rec.errors[0]!.message, /OpenAI stopped sending its answer: nothing arrived for 1\.5 s after \d+ bytes/);
    assert.equal(calls(), 1);
  });

  it('a body stalled inside the only image fails with nothing kept and nothing retried', async () => {
    const { rec } = await run('azure', [{ behaviour: { kind: 'stall', after: 0 } }], {}, { timeoutMs: 1000 });
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors[0]!.code, 'timeout');
    assert.equal(calls(), 1);
  });

  it('a 100 MB body is refused as it streams: the connection is closed long before it all arrives', async () => {
    const size = 100 * 1024 * 1024;
    const limit = answerLimits(imageRequest('openai'), 1).bodyBytes;
    const before = process.memoryUsage();
    const { rec } = await run('openai', [{ behaviour: { kind: 'oversize', bytes: size } }]);
    assert.equal(rec.status, 'failed');
    assert.match(rec.errors[0]!.message, /OpenAI sent an answer larger than this request can return \(over \d+\.\d MB\); it was refused/);
    assert.equal(rec.errors[0]!.retryable, false);
    assert.equal(calls(), 1);
    await waitUntil('the fake saw the client leave', () => fake.requests[0]!.status !== undefined && fake.requests[0]!.sentBytes !== undefined);
    const sent = fake.requests[0]!.sentBytes!;
    assert.ok(sent < limit + 16 * 1024 * 1024, `sent ${sent} bytes for a limit of ${limit}: the reader stopped, it did not buffer`);
    const after = process.memoryUsage();
    const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    assert.ok(grown < 64 * 1024 * 1024, `memory grew ${grown} bytes`);
  });

  it('bounds an answer by what the request can return: n images (and previews) of the size asked, or the largest for auto', () => {
    const one = answerLimits({ model: 'gpt-image-2', size: '1024x1024' }, 1).bodyBytes;
    assert.ok(one > 1024 * 1024 * 4 * 4 / 3 && one < 10 * 1024 * 1024, String(one));
    assert.ok(answerLimits({ model: 'gpt-image-2', size: '1024x1024' }, 4).bodyBytes > 3.5 * one);
    assert.ok(answerLimits({ model: 'gpt-image-2', size: '1024x1024', partialImages: 2 }, 1).bodyBytes > 2.5 * one);
    assert.ok(answerLimits({ model: 'gpt-image-2', size: 'auto' }, 1).bodyBytes > answerLimits({ model: 'gpt-image-2', size: '3840x2160' }, 1).bodyBytes - 1);
    assert.ok(answerLimits({ model: 'gpt-image-1.5', size: 'auto' }, 1).bodyBytes >= answerLimits({ model: 'gpt-image-1.5', size: '1536x1024' }, 1).bodyBytes);
  });
});
