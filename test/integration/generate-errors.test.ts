// Failures through `pixelsmith.generate`, as a caller sees them: each provider error is a clear message
// with a code (and a hint where the user can act), 429/5xx are retried as told, bad images are never kept,
// invalid arguments reject naming the field with nothing sent or stored, and no key ever reaches the log.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fake } from './support/fake';
import {
  TEST_KEYS, clearProviders, generate, generateError, historyFiles, historyIds, historyRoot, pixelsmithLogFiles, readRecord, setKey,
  setUserSetting, sha256, useFake, waitFor,
} from './support/pixelsmith';

type Provider = 'openai' | 'azure' | 'fal';
const ROUTE: Record<Provider, 'openai.generate' | 'azure.generate' | 'fal.submit'> = { openai: 'openai.generate', azure: 'azure.generate', fal: 'fal.submit' };
const base = (provider: Provider, prompt = `error test on ${provider}`) => ({ prompt, provider, size: '1024x1024', quality: 'low' });

/** Every message a caller was shown in this file, checked for keys at the end. */
const messages: string[] = [];

/** The rejection of a generation whose calls all fail; also checks that nothing was kept but the record. */
async function failure(args: Record<string, unknown>) {
  const known = new Set(await historyIds());
  const err = await generateError(args);
  messages.push(err.message, err.hint ?? '');
  const fresh = (await historyIds()).filter((id) => !known.has(id));
  for (const id of fresh) {
    const r = await readRecord(id);
    assert.deepEqual(r.images, [], 'no image kept');
    assert.equal(r.status, 'failed');
    assert.deepEqual((await historyFiles(id)).filter((f) => /^\d\d\./.test(f)), [], 'no image file in the history');
  }
  return { err, fresh };
}

/** The Pixelsmith log's text once it shows `line` (log output is written asynchronously). */
function logShowing(line: string): Promise<string> {
  return waitFor(`the Pixelsmith log to show "${line}"`, async () => {
    for (const f of await pixelsmithLogFiles()) {
      const t = await fs.readFile(f, 'utf8');
      if (t.includes(line)) return t;
    }
    return undefined;
  });
}

describe('generate: errors', function () {
  this.timeout(60_000);

  before(async () => {
    await historyRoot();
    await useFake();
    await setUserSetting('maxRetries', 2);
  });
  after(clearProviders);
  beforeEach(() => fake.reset());

  for (const provider of ['openai', 'azure', 'fal'] as const) {
    it(`${provider}: 401 → "auth", pointing to Set API Key`, async () => {
      await fake.on(ROUTE[provider], { kind: 'status', status: 401 });
      const { err, fresh } = await failure(base(provider));
      assert.equal(err.code, 'auth', err.message);
      assert.match(err.message, /401/);
      assert.match(err.hint ?? '', /Set API Key/);
      assert.equal((await fake.requests(ROUTE[provider])).length, 1, '401 is not retried');
      assert.equal(fresh.length, 1);
    });

    it(`${provider}: 429 with retry-after is retried and then succeeds`, async () => {
      await fake.on(ROUTE[provider], { kind: 'status', status: 429, retryAfter: 1 });
      const r = await generate(base(provider));
      assert.equal(r.status, 'complete', JSON.stringify(r.errors));
      assert.deepEqual((await fake.requests(ROUTE[provider])).map((q) => q.status), [429, 200]);
      await logShowing(`generation ${r.generationId}: retry 1 in 1000 ms after rate-limit`);
    });

    it(`${provider}: moderation → "moderation" naming the stage${provider === 'fal' ? '' : ' and the categories'}`, async () => {
      await fake.on(ROUTE[provider], { kind: 'moderation' });
      const { err } = await failure(base(provider, 'a violent scene'));
      assert.equal(err.code, 'moderation', err.message);
      assert.match(err.message, /input moderation stage/);
      if (provider !== 'fal') assert.match(err.message, /categories: violence/);
      assert.match(err.hint ?? '', /Rephrase/);
    });
  }

  it('403 → "forbidden", pointing to organization verification', async () => {
    await fake.on('openai.generate', { kind: 'status', status: 403 });
    const { err } = await failure(base('openai'));
    assert.equal(err.code, 'forbidden', err.message);
    assert.match(err.message, /403/);
    assert.match(err.hint ?? '', /verif/i);
  });

  for (const provider of ['openai', 'azure'] as const) {
    it(`${provider}: 429 out of quota is told apart from a rate limit and not retried`, async () => {
      await fake.on(ROUTE[provider], { kind: 'status', status: 429, code: 'insufficient_quota' }, 'always');
      const { err } = await failure(base(provider));
      assert.equal(err.code, 'quota', err.message);
      assert.match(err.hint ?? '', /credit|limit/i);
      assert.equal((await fake.requests(ROUTE[provider])).length, 1);
    });
  }

  it('429 rate limit that persists fails after the retries with "rate-limit"', async () => {
    await fake.on('openai.generate', { kind: 'status', status: 429, retryAfter: 0 }, 'always');
    const { err } = await failure(base('openai'));
    assert.equal(err.code, 'rate-limit', err.message);
    assert.equal((await fake.requests('openai.generate')).length, 3, '1 call + pixelsmith.maxRetries (2)');
  });

  it('500 is retried; still failing after pixelsmith.maxRetries → "server"', async () => {
    await fake.on('openai.generate', { kind: 'status', status: 500 }, 'always');
    const { err } = await failure(base('openai'));
    assert.equal(err.code, 'server', err.message);
    assert.match(err.message, /500/);
    assert.equal((await fake.requests('openai.generate')).length, 3, '1 call + 2 retries');
  });

  it('500 once, then the retry succeeds (fal queue too)', async () => {
    await fake.on('fal.submit', { kind: 'status', status: 500 });
    const r = await generate(base('fal'));
    assert.equal(r.status, 'complete');
    assert.deepEqual((await fake.requests('fal.submit')).map((q) => q.status), [500, 200]);
  });

  it('a truncated image is an error for that image, never a saved file', async () => {
    await fake.on('openai.generate', { kind: 'truncate', what: 'image' });
    const { err, fresh } = await failure(base('openai'));
    assert.equal(err.code, 'bad-image', err.message);
    assert.equal(fresh.length, 1);
    assert.equal((await fake.served())[0]?.truncated, true);
  });

  it('one truncated image of two: the good one is kept, the bad one is an error', async () => {
    await fake.rules([{ route: 'openai.generate', behaviour: { kind: 'truncate', what: 'image' }, times: 1 }]);
    const r = await generate({ ...base('openai'), n: 2, partialImages: 1 });
    assert.equal(r.status, 'partial');
    assert.equal(r.images.length, 1);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.code, 'bad-image');
    assert.notEqual(r.errors[0]!.index, r.images[0]!.index);
    const served = await fake.served();
    const bad = served.find((s) => s.truncated)!;
    assert.ok(bad, 'the fake served a truncated image');
    assert.notEqual(r.images[0]!.sha256, bad.sha256);
    assert.deepEqual((await historyFiles(r.generationId)).filter((f) => /^\d\d\./.test(f)), [`0${r.images[0]!.index + 1}.png`]);
  });

  it('a body cut short (connection dropped) fails clearly and keeps nothing', async () => {
    await fake.on('openai.generate', { kind: 'truncate', what: 'body' }, 'always');
    const { err } = await failure(base('openai'));
    assert.ok(['network', 'server', 'bad-image'].includes(err.code ?? ''), `${err.code}: ${err.message}`);
    assert.ok(err.message.length > 10 && !/undefined|\[object/.test(err.message), err.message);
  });

  it('an error mid-stream keeps the partial that arrived and reports the failure', async () => {
    await fake.on('openai.generate', { kind: 'stream-error', afterPartials: 1 }, 'always');
    const known = new Set(await historyIds());
    const err = await generateError({ ...base('openai'), partialImages: 2 });
    messages.push(err.message);
    assert.ok(err.code && err.code !== 'cancelled', `${err.code}: ${err.message}`);
    assert.match(err.message, /stream|failed/i);
    const [id] = (await historyIds()).filter((x) => !known.has(x));
    const record = await readRecord(id!);
    assert.equal(record.images.length, 0);
    assert.ok(record.partials.length >= 1, 'the streamed preview was kept');
  });

  it('a gateway that answers stream:true with plain JSON: the image is kept, saved and billed once', async () => {
    await fake.on('openai.generate', { kind: 'json-for-stream' }, 'always');
    const r = await generate({ ...base('openai', 'gateway answers json'), partialImages: 2, save: 'all', folder: 'saved/gateway' });
    const calls = await fake.requests('openai.generate');
    assert.equal(calls.length, 1, 'one call: nothing retried, nothing billed twice');
    assert.equal((calls[0]!.json as { stream?: boolean }).stream, true, 'a stream was asked for');
    const [served] = await fake.served();
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    assert.equal(r.images.length, 1);
    const saved = r.images[0]!.savedUri;
    assert.ok(saved && r.images[0]!.sidecarUri, 'saved with its sidecar');
    assert.equal(sha256(await vscode.workspace.fs.readFile(saved)), served!.sha256, 'the bytes served are the bytes saved');
  });

  it('a call that times out is not retried (it may have been billed)', async () => {
    await setUserSetting('requestTimeoutSeconds', 1);
    try {
      await fake.on('openai.generate', { kind: 'hang' }, 'always');
      const { err } = await failure(base('openai'));
      assert.equal(err.code, 'timeout', err.message);
      assert.match(err.message, /billed/);
      assert.equal((await fake.requests('openai.generate')).length, 1);
    } finally {
      await setUserSetting('requestTimeoutSeconds', undefined);
    }
  });

  it('a body that stops arriving times out, keeping the image that fully arrived; one call', async () => {
    // The same request once first: the fake caches its images, so the short timeout below only meets the stall.
    await generate({ ...base('openai', 'a trickling body'), n: 2 });
    await fake.reset();
    await setUserSetting('requestTimeoutSeconds', 2);
    try {
      await fake.on('openai.generate', { kind: 'stall', after: 1 }, 'always');
      const r = await generate({ ...base('openai', 'a trickling body'), n: 2 });
      assert.equal(r.status, 'partial', JSON.stringify(r.errors));
      const [served] = await fake.served();
      assert.deepEqual(r.images.map((i) => i.sha256), [served!.sha256], 'the first image, whole, as served');
      assert.equal(r.errors[0]!.code, 'timeout');
      assert.match(r.errors[0]!.message, /stopped sending its answer: nothing arrived for 2 s/);
      assert.equal((await fake.requests('openai.generate')).length, 1);
    } finally {
      await setUserSetting('requestTimeoutSeconds', undefined);
    }
  });

  it('a 100 MB answer is refused as it arrives: the fake could send only a fraction before the connection closed', async () => {
    await fake.on('openai.generate', { kind: 'oversize', bytes: 100 * 1024 * 1024 }, 'always');
    const { err } = await failure(base('openai', 'an endless answer'));
    assert.match(err.message, /larger than this request can return/);
    const [q] = await waitFor('the fake to see the client leave', async () => {
      const reqs = await fake.requests('openai.generate');
      return reqs[0]?.status !== undefined && reqs[0].sentBytes !== undefined ? reqs : undefined;
    });
    assert.ok(q!.sentBytes! < 32 * 1024 * 1024, `sent ${q!.sentBytes} bytes`);
    assert.equal((await fake.requests('openai.generate')).length, 1);
  });

  it('Azure without an endpoint: a "config" error naming the setting; nothing stored', async () => {
    await setUserSetting('azure.endpoint', undefined);
    try {
      const known = await historyIds();
      const err = await generateError(base('azure'));
      assert.equal(err.code, 'config', err.message);
      assert.match(err.message, /pixelsmith\.azure\.endpoint/);
      assert.deepEqual(await historyIds(), known);
    } finally {
      await useFake();
    }
  });

  it('no key: a clear "auth" error naming the command; nothing sent or stored', async () => {
    await setKey('openai', '');
    try {
      const known = await historyIds();
      const err = await generateError(base('openai'));
      assert.equal(err.code, 'auth');
      assert.match(err.message, /No API key for OpenAI/);
      assert.match(err.hint ?? '', /Set API Key/);
      assert.deepEqual(await historyIds(), known);
      assert.deepEqual(await fake.requests(), []);
    } finally {
      await setKey('openai');
    }
  });

  describe('invalid arguments reject naming the field; nothing is sent or stored', () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['empty prompt', { prompt: '  ' }, 'prompt', /prompt/],
      ['missing prompt', { prompt: undefined }, 'prompt', /prompt is required/],
      ['n above 8', { n: 9 }, 'n', /n 9: must be a whole number from 1 to 8/],
      ['n not a number', { n: '2' }, 'n', /n must be a number/],
      ['size not a multiple of 16', { size: '1000x1000' }, 'size', /size "1000x1000"/],
      ['size too wide', { size: '3840x1024' }, 'size', /aspect|3:1/],
      ['unknown quality', { quality: 'ultra' }, 'quality', /quality "ultra".*Allowed: auto, low, medium, high/],
      ['transparent with jpeg', { model: 'gpt-image-1.5', background: 'transparent', outputFormat: 'jpeg' }, 'background', /png or webp/],
      ['transparent on gpt-image-2', { background: 'transparent' }, 'background', /gpt-image-2 does not support transparent backgrounds; models that can: gpt-image-2\.5-sunburst/],
      ['xhigh on gpt-image-2', { quality: 'xhigh' }, 'quality', /quality "xhigh": not supported\. Allowed: auto, low, medium, high\./],
      ['retired gpt-image-1', { model: 'gpt-image-1' }, 'model', /retired by OpenAI on 2026-10-23.*use gpt-image-2\.5-sunburst or gpt-image-2\.5-flare instead/],
      ['compression with png', { outputCompression: 50 }, 'outputCompression', /only applies to jpeg and webp/],
      ['unknown provider', { provider: 'nope' }, 'provider', /provider "nope": unknown provider/],
      ['unknown argument', { colour: 'red' }, 'colour', /Unknown argument "colour"/],
      ['bad save', { save: 'some' }, 'save', /save "some" is not valid/],
      ['missing reference file', { references: ['refs/does-not-exist.png'] }, 'references[0]', /references\[0\]: cannot read/],
      ['reference that is not an image', { references: ['README.md'] }, 'references[0]', /not a PNG, JPEG or WebP/],
      ['mask without references', { mask: 'README.md' }, 'mask', /mask/],
      ['too many frames', { frames: 65 }, 'frames', /frames 65/],
      ['partialImages above 3', { partialImages: 4 }, 'partialImages', /partialImages 4/],
    ];
    for (const [name, args, field, message] of cases) {
      it(name, async () => {
        const known = await historyIds();
        // Without skipCostConfirmation: the path a keybinding or task takes.
        const call = vscode.commands.executeCommand('pixelsmith.generate', { prompt: 'a valid prompt', provider: 'openai', ...args });
        const err = await Promise.resolve(call).then(() => assert.fail('resolved'), (e: unknown) => e as Error & { code?: string; field?: string });
        messages.push(err.message);
        assert.match(err.message, message);
        assert.equal(err.field, field, err.message);
        assert.ok(['invalid-request', 'not-found'].includes(err.code ?? ''), `${err.code}`);
        assert.deepEqual(await historyIds(), known, 'nothing stored in the history');
        assert.deepEqual(await fake.requests(), [], 'nothing sent');
      });
    }
  });

  // Last: runs after every other test of this file, so it checks all the messages they collected.
  describe('secrets', () => {
    it('no key appears in any error message or in the Pixelsmith log', async () => {
      const keys = Object.values(TEST_KEYS);
      for (const m of messages) for (const k of keys) assert.ok(!m.includes(k), `a key leaked into: ${m}`);
      // A failure and a success that both log, so the log has something to look at.
      await fake.on('openai.generate', { kind: 'status', status: 401 });
      await failure(base('openai', 'log probe'));
      const r = await generate(base('azure', 'log probe'));
      const text = await logShowing(r.generationId);
      assert.match(text, /401/);
      for (const k of keys) assert.ok(!text.includes(k), 'a key is in the Pixelsmith log');
      const fragment = (k: string) => k.slice(8, 24);
      for (const k of keys) assert.ok(!text.includes(fragment(k)), 'part of a key is in the Pixelsmith log');
    });
  });
});
