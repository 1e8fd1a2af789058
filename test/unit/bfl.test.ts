// Black Forest Labs through the engine against the fake's BFL protocol: bytes kept as served, references as
// input_image fields, statuses told apart, the key only on BFL's API hosts (never on the delivery download),
// 429 above 24 tasks in flight retried, cancel stopping the polls, the billed cost kept.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { encodeJpeg } from '../../src/core/imaging/jpeg';
import { encodePng } from '../../src/core/imaging/png';
import { apiOrigins, checkApiUrl } from '../../src/core/net/origins';
import { BFL_API_ORIGINS, BFL_CLUSTER_HOSTS, createBflProvider } from '../../src/core/providers/bfl/client';
import { bflBaseUrl } from '../../src/core/providers/bfl/index';
import { checkCustomSize } from '../../src/core/sizes';
import { validateRequest } from '../../src/core/validate';
import type { ImageInput, ImageRequest } from '../../src/core/types';
import { BFL_MAX_ACTIVE_TASKS } from '../fake-provider/bfl';
import { engineRig, providerFor, TEST_KEYS, type EngineRig } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import type { Rule } from '../fake-provider/types';
import { waitUntil } from './waitUntil';

let fake: FakeProvider;
const rigs: EngineRig[] = [];
before(async () => { fake = await startFakeProvider({ texture: 'flat', bflPendingPolls: 2 }); });
after(async () => { await fake.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => fake.reset());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function rig(rules: Rule[] = [], o: Parameters<typeof engineRig>[1] = {}): Promise<EngineRig> {
  fake.setRules(rules);
  const r = await engineRig(await providerFor(fake, 'bfl'), o);
  rigs.push(r);
  return r;
}

function flux(over: Partial<ImageRequest> = {}): ImageRequest {
  return { prompt: 'a red fox in snow, 85mm', model: 'flux-2-pro', provider: 'bfl', n: 1, size: '1024x768', quality: 'auto', background: 'auto', outputFormat: 'png', ...over };
}

function pixels(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < px.length; i += 4) { px[i] = i % 253; px[i + 1] = 40; px[i + 2] = 180; px[i + 3] = 255; }
  return px;
}
const refs: ImageInput[] = [
  { name: 'a.png', mimeType: 'image/png', bytes: encodePng(pixels(64, 64), 64, 64) },
  { name: 'b.jpg', mimeType: 'image/jpeg', bytes: encodeJpeg(pixels(64, 48), 64, 48, 80) },
];

const routes = (route: string) => fake.requests.filter((q) => q.route === route);

describe('BFL FLUX.2: the task protocol', () => {
  it('submits with x-key, polls polling_url with x-key, downloads result.sample from the delivery origin without it; bytes kept as served', async () => {
    const r = await rig();
    const events: string[] = [];
    const rec = await r.engine.generate(flux(), { onEvent: (e) => { if (e.kind === 'image') events.push(e.kind); } });
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const [submit] = routes('bfl.submit');
    assert.equal(submit?.path, '/v1/flux-2-pro');
    assert.deepEqual(submit?.json, { prompt: 'a red fox in snow, 85mm', width: 1024, height: 768, output_format: 'png' });
    assert.equal(submit?.headers['x-key'], `<redacted:${TEST_KEYS.bfl.length}>`);
    const polls = routes('bfl.result');
    assert.equal(polls.length, 3, 'Pending twice, then Ready');
    assert.ok(polls.every((q) => q.headers['x-key'] === `<redacted:${TEST_KEYS.bfl.length}>`));
    const [download] = routes('bfl.delivery');
    assert.ok(download, 'the result was downloaded');
    assert.equal(`http://${download.headers.host}`, fake.deliveryUrl, 'from the delivery origin, not the API');
    assert.notEqual(fake.deliveryUrl, fake.bflBaseUrl);
    assert.equal(download.headers['x-key'], undefined, 'no key on the download');
    assert.equal(download.headers.authorization, undefined);
    const bytes = await fs.readFile(r.history.imagePath(rec.id, rec.images[0]!.file));
    assert.equal(sha(bytes), fake.served[0]?.sha256);
    assert.equal(rec.requestIds[0], new URL(`http://x${polls[0]!.path}?id=${polls[0]!.query.id}`).searchParams.get('id'));
    // The fake bills 3 credits for the first megapixel: the record keeps what BFL said it billed.
    assert.equal(rec.costUsd, 0.03);
  });

  it('sends references as input_image and input_image_2 (base64), in order, and no size for auto', async () => {
    const r = await rig();
    const rec = await r.engine.generate(flux({ references: refs, size: 'auto', outputFormat: 'jpeg', model: 'flux-2-klein-9b' }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const [submit] = routes('bfl.submit');
    assert.equal(submit?.path, '/v1/flux-2-klein-9b');
    assert.deepEqual(submit?.files?.map((f) => [f.field, f.contentType, f.sha256]), [
      ['input_image', 'image/png', sha(refs[0]!.bytes)], ['input_image_2', 'image/jpeg', sha(refs[1]!.bytes)],
    ]);
    const json = submit?.json as Record<string, unknown>;
    assert.equal('width' in json, false);
    assert.equal(json.output_format, 'jpeg');
  });

  it('Request Moderated and Content Moderated end as moderation errors naming the stage; nothing is downloaded', async () => {
    let r = await rig([{ route: 'bfl.submit', behaviour: { kind: 'moderation' } }], { maxRetries: 0 });
    let rec = await r.engine.generate(flux());
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors[0]?.code, 'moderation');
    assert.match(rec.errors[0]!.message, /Black Forest Labs blocked the request at the input moderation stage: Request Moderated: violence/);
    r = await rig([{ route: 'bfl.result', behaviour: { kind: 'moderation' } }], { maxRetries: 0 });
    rec = await r.engine.generate(flux());
    assert.equal(rec.errors[0]?.code, 'moderation');
    assert.match(rec.errors[0]!.message, /output moderation stage: Content Moderated/);
    assert.equal(routes('bfl.delivery').length, 0);
  });

  it('Error and Task not found are clear, and not retried (the task may have been billed)', async () => {
    const r = await rig([{ route: 'bfl.result', behaviour: { kind: 'bfl-status', status: 'Error' } }], { maxRetries: 2 });
    const rec = await r.engine.generate(flux());
    assert.equal(rec.errors[0]?.code, 'server');
    assert.match(rec.errors[0]!.message, /could not generate the image \(Error\): Internal error while generating the image/);
    assert.equal(routes('bfl.submit').length, 1);
    const gone = await rig([{ route: 'bfl.result', behaviour: { kind: 'bfl-status', status: 'Task not found' } }], { maxRetries: 2 });
    const lost = await gone.engine.generate(flux());
    assert.equal(lost.errors[0]?.code, 'not-found');
    assert.match(lost.errors[0]!.message, /no longer knows task [0-9a-f-]{36} \(Task not found\)/);
    assert.equal(routes('bfl.submit').length, 2, 'one submit each, no resubmission');
  });

  it('a poll or download answered 503/429 is asked again; the accepted task is never submitted twice', async () => {
    // Two failed polls and one failed download in between: the task still completes from one submit.
    const r = await rig([
      { route: 'bfl.result', behaviour: { kind: 'status', status: 503 }, times: 1 },
      { route: 'bfl.result', behaviour: { kind: 'status', status: 429, retryAfter: 0 }, times: 1 },
      { route: 'bfl.delivery', behaviour: { kind: 'status', status: 502 }, times: 1 },
    ], { maxRetries: 2 });
    const rec = await r.engine.generate(flux());
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(routes('bfl.submit').length, 1);
    assert.equal(routes('bfl.delivery').length, 2);
    // Polls that keep failing end the call without a second submit, although the engine would retry a 503.
    fake.reset();
    const down = await rig([{ route: 'bfl.result', behaviour: { kind: 'status', status: 503 }, times: 'always' }], { maxRetries: 2 });
    const lost = await down.engine.generate(flux());
    assert.equal(lost.status, 'failed');
    assert.equal(routes('bfl.submit').length, 1, 'one submit, no resubmission of a task that may be billed');
    assert.equal(routes('bfl.result').length, 5, 'five polls in a row failed, then it gave up');
  });

  it('401 and 422 answers read as people say them', async () => {
    let r = await rig([{ route: 'bfl.submit', behaviour: { kind: 'status', status: 401 } }], { maxRetries: 0 });
    let rec = await r.engine.generate(flux());
    assert.equal(rec.errors[0]?.code, 'auth');
    assert.match(rec.errors[0]!.message, /Black Forest Labs rejected the API key \(401\): Invalid API key/);
    r = await rig([], { maxRetries: 0 });
    const provider = createBflProvider({ apiKey: 'k', baseUrl: fake.bflBaseUrl, timeoutMs: 5000, pollIntervalMs: 1 });
    // A size validation would refuse: sent anyway to see the API's own 422 come through.
    await assert.rejects(provider.call({ request: flux({ size: '1000x1000' }), n: 1, signal: new AbortController().signal }),
      (e: Error & { code?: string }) => e.code === 'invalid-request' && /width: Input should be a multiple of 16/.test(e.message));
    rec = await r.engine.generate(flux());
    assert.equal(rec.status, 'complete');
  });

  it(`answers 429 above ${BFL_MAX_ACTIVE_TASKS} tasks in flight, and the engine retries it with backoff`, async () => {
    const submit = () => fetch(`${fake.bflBaseUrl}/v1/flux-2-klein-4b`, { method: 'POST', headers: { 'x-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x' }) });
    for (let i = 0; i < BFL_MAX_ACTIVE_TASKS; i++) assert.equal((await submit()).status, 200);
    const refused = await submit();
    assert.equal(refused.status, 429);
    assert.match(((await refused.json()) as { detail: string }).detail, /active tasks \(24\)/);
    fake.reset();
    const r = await rig([{ route: 'bfl.submit', behaviour: { kind: 'status', status: 429, retryAfter: 0 } }], { maxRetries: 2, retryBaseDelayMs: 1 });
    const rec = await r.engine.generate(flux());
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.deepEqual(routes('bfl.submit').map((q) => q.status), [429, 200]);
  });

  it('cancel stops polling at once; nothing is downloaded', async () => {
    const r = await rig([{ route: 'bfl.result', behaviour: { kind: 'hang' }, times: 'always' }]);
    const ctl = new AbortController();
    const done = r.engine.generate(flux(), { signal: ctl.signal });
    await waitUntil('a poll', () => routes('bfl.result').length > 0);
    ctl.abort();
    const rec = await done;
    assert.equal(rec.status, 'cancelled');
    const polls = routes('bfl.result').length;
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(routes('bfl.result').length, polls, 'no poll after the cancel');
    assert.equal(routes('bfl.delivery').length, 0);
  });
});

describe('BFL FLUX.2: where the key may go, and what a request may ask', () => {
  const api = { label: 'Black Forest Labs', setting: 'pixelsmith.bfl.baseUrl' };

  it('polls with the key on api.bfl.ai, its EU/US endpoints and its regional cluster hosts only', () => {
    const origins = apiOrigins(api.label, api.setting, 'https://api.bfl.ai', BFL_API_ORIGINS, BFL_CLUSTER_HOSTS);
    for (const ok of ['https://api.bfl.ai/v1/get_result?id=1', 'https://api.eu2.bfl.ai/v1/get_result?id=1', 'https://api.us1.bfl.ai/v1/get_result?id=1', 'https://API.EU.BFL.AI/v1/get_result']) {
      assert.doesNotThrow(() => checkApiUrl(origins, ok), ok);
    }
    for (const bad of ['https://delivery.eu.bfl.ai/x.png', 'http://api.eu.bfl.ai/v1/get_result', 'https://api.eu.bfl.ai:8443/v1/get_result',
      'https://api.a.b.bfl.ai/v1', 'https://api.eu.bfl.ai.evil.example/v1', 'https://evil.example/api.eu.bfl.ai']) {
      assert.throws(() => checkApiUrl(origins, bad), /sends the Black Forest Labs key only to/, bad);
    }
  });

  it('refuses a polling_url off the API hosts before sending the key there', async () => {
    // The fake's delivery origin (another port) is not an API host.
    fake.setRules([{ route: 'bfl.submit', behaviour: { kind: 'bfl-urls', pollOrigin: fake.deliveryUrl } }]);
    const provider = createBflProvider({ apiKey: 'k', baseUrl: fake.bflBaseUrl, timeoutMs: 2000, pollIntervalMs: 1 });
    await assert.rejects(provider.call({ request: flux(), n: 1, signal: new AbortController().signal }),
      (e: Error) => /named http:\/\/127\.0\.0\.1:\d+ as part of its API; Pixelsmith sends the Black Forest Labs key only to/.test(e.message));
    assert.equal(routes('bfl.result').length, 0, 'the foreign polling_url was never asked');
  });

  it('base URL: the user setting, else BFL_BASE_URL, else https://api.bfl.ai; plain http refused', () => {
    const env = (setting: string, BFL_BASE_URL?: string) => ({ key: 'k', keySource: undefined, setting: () => setting, env: { BFL_BASE_URL } });
    assert.equal(bflBaseUrl(env('https://api.eu.bfl.ai', 'https://x.example')), 'https://api.eu.bfl.ai');
    assert.equal(bflBaseUrl(env('', 'https://api.us.bfl.ai')), 'https://api.us.bfl.ai');
    assert.equal(bflBaseUrl(env('')), 'https://api.bfl.ai');
    assert.throws(() => createBflProvider({ apiKey: 'k', baseUrl: 'http://api.bfl.ai', timeoutMs: 1000 }), /pixelsmith.bfl.baseUrl must be an https URL/);
  });

  it('sizes: multiples of 16, edges ≥ 64, at most 4 MP; one image per call; no mask; klein takes 4 references', () => {
    assert.deepEqual(checkCustomSize(2048, 2048, 'flux-2-pro'), []);
    assert.deepEqual(checkCustomSize(64, 4096, 'flux-2-pro'), []);
    assert.deepEqual(checkCustomSize(1000, 1000, 'flux-2-pro').map((p) => p.rule), ['multiple']);
    assert.deepEqual(checkCustomSize(48, 1024, 'flux-2-max').map((p) => p.rule), ['min-edge']);
    assert.deepEqual(checkCustomSize(2064, 2048, 'flux-2-flex').map((p) => p.rule), ['max-pixels']);
    assert.equal(validateRequest(flux({ n: 3 })).perCall, 1);
    assert.throws(() => validateRequest(flux({ quality: 'high' })), /quality "high": not supported\. Allowed: auto/);
    assert.throws(() => validateRequest(flux({ outputFormat: 'webp' })), /Black Forest Labs cannot deliver webp images/);
    assert.throws(() => validateRequest(flux({ references: refs, mask: refs[0] })), /does not take a mask/);
    const five = Array.from({ length: 5 }, () => refs[0]!);
    assert.throws(() => validateRequest(flux({ model: 'flux-2-klein-4b', references: five })), /takes at most 4 reference images/);
    assert.doesNotThrow(() => validateRequest(flux({ model: 'flux-2-max', references: [...five, ...five].slice(0, 8) })));
    assert.throws(() => validateRequest(flux({ provider: 'openai' })), /not available on OpenAI/);
  });
});
