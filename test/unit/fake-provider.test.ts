// The fake provider over real HTTP: each protocol, each behaviour, and the control API.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspectImage } from '../../src/core/imaging/inspect';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { waitUntil } from './waitUntil';

let fake: FakeProvider;
before(async () => { fake = await startFakeProvider({ texture: 'flat', falQueuePolls: 2 }); });
after(async () => { await fake.close(); });
beforeEach(() => fake.reset());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bearer = { authorization: 'Bearer sk-test-secret', 'content-type': 'application/json' };
const falKey = { authorization: 'Key fal-secret', 'content-type': 'application/json' };

function post(path: string, body: unknown, headers: Record<string, string> = bearer, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}
async function control(path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${fake.url}/__control${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
function sseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text.split('\n\n').filter((b) => b.trim()).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
    return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown> };
  });
}
const b64 = (s: unknown) => new Uint8Array(Buffer.from(String(s), 'base64'));

describe('fake provider: OpenAI', () => {
  it('generates real images of the asked size and format, with content credentials, and records them', async () => {
    for (const [format, name] of [['png', 'png'], ['jpeg', 'jpeg'], ['webp', 'webp']] as const) {
      const res = await post('/v1/images/generations', { model: 'gpt-image-2', prompt: 'a lighthouse', n: 2, size: '320x192', output_format: format });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('x-request-id') ?? '', /^req_\d+$/);
      const body = (await res.json()) as { data: { b64_json: string }[]; usage: { output_tokens: number }; output_format: string };
      assert.equal(body.data.length, 2);
      assert.equal(body.output_format, name);
      assert.ok(body.usage.output_tokens > 0);
      for (const d of body.data) {
        const info = inspectImage(b64(d.b64_json));
        assert.deepEqual([info.format, info.width, info.height, info.contentCredentials], [format, 320, 192, true]);
      }
    }
    const served = fake.served;
    assert.equal(served.length, 6);
    assert.ok(served.filter((s) => s.format === 'png').every((s) => s.hasCaBX && !s.truncated));
    assert.ok(served.every((s) => s.contentCredentials && s.sha256 === sha(s.bytes)));
    const rec = fake.requests[0];
    assert.equal(rec.route, 'openai.generate');
    assert.equal(rec.headers.authorization, 'Bearer <redacted:14>');
    assert.ok(!JSON.stringify(fake.requests).includes('sk-test-secret'));
    assert.deepEqual((rec.json as { prompt: string }).prompt, 'a lighthouse');
    assert.equal(rec.status, 200);
  });

  it('answers 401 without a key, without using up a rule', async () => {
    fake.setRules([{ behaviour: { kind: 'status', status: 500 } }]);
    const res = await post('/v1/images/generations', { prompt: 'x' }, { 'content-type': 'application/json' });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_api_key');
    assert.equal(fake.pendingRules().length, 1);
  });

  it('rejects bad parameters naming the parameter', async () => {
    const res = await post('/v1/images/generations', { prompt: 'x', size: 'huge' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { param: string } }).error.param, 'size');
    const res2 = await post('/v1/images/generations', { size: '64x64' });
    assert.equal(((await res2.json()) as { error: { param: string } }).error.param, 'prompt');
  });

  it('answers as the API does for xhigh/max, transparency on gpt-image-2 and retired models', async () => {
    const ok = await post('/v1/images/generations', { prompt: 'x', model: 'gpt-image-2.5-flare', quality: 'max', background: 'transparent', size: '1024x1024' });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { quality: string }).quality, 'max');
    const xhigh = await post('/v1/images/generations', { prompt: 'x', model: 'gpt-image-2', quality: 'xhigh' });
    assert.equal(xhigh.status, 400);
    assert.deepEqual(((await xhigh.json()) as { error: { param: string } }).error.param, 'quality');
    const transparent = await post('/v1/images/generations', { prompt: 'x', model: 'gpt-image-2-2026-04-21', background: 'transparent' });
    assert.equal(transparent.status, 400);
    const t = ((await transparent.json()) as { error: { param: string; message: string } }).error;
    assert.equal(t.param, 'background');
    assert.match(t.message, /Transparent background is not supported for model `gpt-image-2-2026-04-21`/);
    for (const model of ['gpt-image-1', 'dall-e-3']) {
      const retired = await post('/v1/images/generations', { prompt: 'x', model });
      assert.equal(retired.status, 404, model);
      const err = ((await retired.json()) as { error: { code: string; message: string } }).error;
      assert.equal(err.code, 'model_not_found');
      assert.match(err.message, new RegExp(`The model \`${model}\` has been deprecated`));
    }
    assert.equal(fake.served.length, 1, 'only the accepted request made an image');
  });

  it('streams partial images then the completed image as server-sent events', async () => {
    const res = await post('/v1/images/generations', { prompt: 'p', size: '64x64', stream: true, partial_images: 2 });
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = sseEvents(await res.text());
    assert.deepEqual(events.map((e) => e.event), ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
    assert.deepEqual(events.map((e) => e.data.type), events.map((e) => e.event));
    assert.deepEqual(events.slice(0, 2).map((e) => e.data.partial_image_index), [0, 1]);
    const final = b64(events[2].data.b64_json);
    assert.equal(inspectImage(final).width, 64);
    assert.ok(events[2].data.usage);
    assert.equal(fake.served.length, 1);
    assert.equal(fake.served[0].sha256, sha(final));
  });

  it('takes multipart edits, recording each file with its MIME type, and refuses octet-stream uploads', async () => {
    const png = b64(((await (await post('/v1/images/generations', { prompt: 'ref', size: '32x32' })).json()) as { data: { b64_json: string }[] }).data[0].b64_json);
    const form = new FormData();
    form.append('prompt', 'make it night');
    form.append('size', '64x64');
    form.append('image[]', new Blob([png], { type: 'image/png' }), 'a.png');
    form.append('image[]', new Blob([png], { type: 'image/webp' }), 'b.webp');
    form.append('mask', new Blob([png], { type: 'image/png' }), 'mask.png');
    const res = await fetch(`${fake.url}/v1/images/edits`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: form });
    assert.equal(res.status, 200);
    const rec = fake.requests.at(-1)!;
    assert.equal(rec.route, 'openai.edit');
    assert.equal(rec.fields?.prompt, 'make it night');
    assert.deepEqual(rec.files?.map((f) => [f.field, f.filename, f.contentType, f.size, f.sha256]), [
      ['image[]', 'a.png', 'image/png', png.length, sha(png)], ['image[]', 'b.webp', 'image/webp', png.length, sha(png)], ['mask', 'mask.png', 'image/png', png.length, sha(png)],
    ]);
    const bad = new FormData();
    bad.append('prompt', 'x');
    bad.append('image', new Blob([png], { type: 'application/octet-stream' }), 'a.png');
    const res2 = await fetch(`${fake.url}/v1/images/edits`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: bad });
    assert.equal(res2.status, 400);
    assert.match(((await res2.json()) as { error: { message: string } }).error.message, /unsupported mimetype \('application\/octet-stream'\)/);
  });
});

describe('fake provider: behaviours', () => {
  it('429 carries retry-after; quota 429 does not; 403 and moderation use the provider shapes', async () => {
    fake.setRules([
      { route: 'openai.generate', behaviour: { kind: 'status', status: 429, retryAfter: 3 } },
      { route: 'openai.generate', behaviour: { kind: 'status', status: 429, code: 'insufficient_quota' } },
      { route: 'openai', behaviour: { kind: 'status', status: 403 } },
      { behaviour: { kind: 'moderation' } },
    ]);
    const r1 = await post('/v1/images/generations', { prompt: 'x' });
    assert.deepEqual([r1.status, r1.headers.get('retry-after')], [429, '3']);
    const r2 = await post('/v1/images/generations', { prompt: 'x' });
    assert.deepEqual([r2.status, r2.headers.get('retry-after')], [429, null]);
    assert.equal(((await r2.json()) as { error: { code: string } }).error.code, 'insufficient_quota');
    const r3 = await post('/v1/images/generations', { prompt: 'x' });
    assert.equal(r3.status, 403);
    assert.match(((await r3.json()) as { error: { message: string } }).error.message, /verified/);
    const r4 = await post('/v1/images/generations', { prompt: 'x' });
    const m = (await r4.json()) as { error: { code: string; message: string } };
    assert.deepEqual([r4.status, m.error.code], [400, 'moderation_blocked']);
    assert.match(m.error.message, /safety_violations=\[violence\]/);
    assert.equal((await post('/v1/images/generations', { prompt: 'x', size: '32x32' })).status, 200);
    assert.deepEqual(fake.requests.map((r) => r.behaviour), ['status', 'status', 'status', 'moderation', undefined]);
  });

  it('truncate image gives a well-formed answer with a cut image; truncate body drops the connection', async () => {
    fake.setRules([{ behaviour: { kind: 'truncate' } }, { behaviour: { kind: 'truncate', what: 'body' } }]);
    const r1 = await post('/v1/images/generations', { prompt: 'x', size: '64x64' });
    const bytes = b64(((await r1.json()) as { data: { b64_json: string }[] }).data[0].b64_json);
    assert.throws(() => inspectImage(bytes));
    assert.equal(fake.served[0].truncated, true);
    assert.equal(fake.served[0].sha256, sha(bytes));
    const r2 = await post('/v1/images/generations', { prompt: 'x', size: '64x64' });
    await assert.rejects(r2.arrayBuffer());
  });

  it('chunked sends the same body in pieces; delay then behaves as told', async () => {
    const whole = await (await post('/v1/images/generations', { prompt: 'same', size: '64x64' })).json() as { data: unknown };
    fake.setRules([{ behaviour: { kind: 'chunked', chunkBytes: 500, intervalMs: 1 } }, { behaviour: { kind: 'delay', ms: 5, then: { kind: 'status', status: 503 } } }]);
    const res = await post('/v1/images/generations', { prompt: 'same', size: '64x64' });
    assert.equal(res.headers.get('content-length'), null);
    assert.deepEqual(((await res.json()) as { data: unknown }).data, whole.data);
    assert.equal((await post('/v1/images/generations', { prompt: 'x' })).status, 503);
  });

  it('json-for-stream answers a stream request with JSON; stall stops after the images asked; oversize writes only what is read', async () => {
    fake.setRules([{ behaviour: { kind: 'json-for-stream' } }]);
    const json = await post('/v1/images/generations', { prompt: 'x', size: '64x64', stream: true, partial_images: 2 });
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await json.json()) as { data: unknown[] }).data.length, 1);

    fake.setRules([{ behaviour: { kind: 'stall', after: 1 } }]);
    const ctl = new AbortController();
    const stalled = await post('/v1/images/generations', { prompt: 'x', size: '64x64', n: 2 }, bearer, ctl.signal);
    const reader = stalled.body!.getReader();
    let text = '';
    while (!/"b64_json":"[^"]*"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    const first = /"b64_json":"([^"]*)"/.exec(text)?.[1];
    assert.equal(first && sha(b64(first)), fake.served[0]!.sha256, 'the first image arrives whole');
    ctl.abort();

    fake.setRules([{ behaviour: { kind: 'oversize', bytes: 50 * 1024 * 1024 } }]);
    const big = await post('/v1/images/generations', { prompt: 'x' });
    const r2 = big.body!.getReader();
    await r2.read();
    await r2.cancel();
    await waitUntil('the fake saw the client leave', () => fake.requests.at(-1)!.status !== undefined);
    assert.ok((fake.requests.at(-1)!.sentBytes ?? Infinity) < 40 * 1024 * 1024, `sent ${fake.requests.at(-1)!.sentBytes}`);
    assert.deepEqual(await control('/rules', { rules: [{ behaviour: { kind: 'stall' } }] }).then((r) => r.status), 400);
  });

  it('stream-error sends an error event after the partials asked; hang never answers until the client aborts', async () => {
    fake.setRules([{ behaviour: { kind: 'stream-error', afterPartials: 1 } }, { behaviour: { kind: 'hang' } }]);
    const events = sseEvents(await (await post('/v1/images/generations', { prompt: 'p', size: '64x64', stream: true, partial_images: 3 })).text());
    assert.deepEqual(events.map((e) => e.event), ['image_generation.partial_image', 'error']);
    assert.equal((events[1].data.error as { type: string }).type, 'server_error');
    const ctl = new AbortController();
    const pending = post('/v1/images/generations', { prompt: 'x' }, bearer, ctl.signal);
    await waitUntil('the second request arrives', () => fake.requests.length >= 2);
    ctl.abort();
    await assert.rejects(pending, /abort/i);
    assert.equal(fake.requests[1].behaviour, 'hang');
  });
});

describe('fake provider: Azure and fal', () => {
  it('Azure needs api-key and api-version, and answers like OpenAI', async () => {
    const path = '/openai/deployments/my-dep/images/generations';
    const noKey = await post(`${path}?api-version=2026-04-01-preview`, { prompt: 'x' }, { 'content-type': 'application/json' });
    assert.equal(noKey.status, 401);
    assert.match(((await noKey.json()) as { error: { message: string } }).error.message, /Access denied/);
    assert.equal((await post(path, { prompt: 'x' }, { 'api-key': 'k', 'content-type': 'application/json' })).status, 404);
    const ok = await post(`${path}?api-version=2026-04-01-preview`, { prompt: 'x', size: '64x64' }, { 'api-key': 'azure-secret', 'content-type': 'application/json' });
    assert.equal(ok.status, 200);
    const rec = fake.requests.at(-1)!;
    assert.deepEqual([rec.route, rec.query['api-version'], rec.headers['api-key']], ['azure.generate', '2026-04-01-preview', '<redacted:12>']);
  });

  it('fal: submit, status with queue position counting down, result, file download, cancel', async () => {
    assert.equal((await post('/openai/gpt-image-2', { prompt: 'x' }, { 'content-type': 'application/json' })).status, 401);
    const sub = (await (await post('/openai/gpt-image-2', { prompt: 'fox', image_size: '64x48', num_images: 2, output_format: 'webp' }, falKey)).json()) as Record<string, string>;
    assert.match(sub.status_url, /\/openai\/gpt-image-2\/requests\/.+\/status$/);
    const get = async (u: string) => (await fetch(u, { headers: falKey })).json() as Promise<Record<string, unknown>>;
    const states = [];
    for (let i = 0; i < 4; i++) { const s = await get(sub.status_url); states.push(`${String(s.status)}:${String(s.queue_position ?? '-')}`); }
    assert.deepEqual(states, ['IN_QUEUE:1', 'IN_QUEUE:0', 'IN_PROGRESS:-', 'COMPLETED:-']);
    const result = (await get(sub.response_url)) as { images: { url: string; width: number; content_type: string }[] };
    assert.equal(result.images.length, 2);
    assert.equal(result.images[0].content_type, 'image/webp');
    const file = new Uint8Array(await (await fetch(result.images[0].url)).arrayBuffer());
    assert.deepEqual([inspectImage(file).format, inspectImage(file).width], ['webp', 64]);
    assert.equal(fake.served.at(-1)?.sha256, sha(file));
    assert.equal((await fetch(sub.cancel_url, { method: 'PUT', headers: falKey })).status, 400);
    const sub2 = (await (await post('/openai/gpt-image-2/edit', { prompt: 'e', image_urls: [`data:image/png;base64,${Buffer.from(file).toString('base64')}`] }, falKey)).json()) as Record<string, string>;
    assert.equal((await fetch(sub2.cancel_url, { method: 'PUT', headers: falKey })).status, 202);
    assert.equal((await get(sub2.status_url)).status, 'COMPLETED');
    const rec = fake.requests.find((r) => r.path === '/openai/gpt-image-2/edit')!;
    assert.deepEqual(rec.files?.map((f) => [f.field, f.contentType, f.sha256]), [['image_urls', 'image/png', sha(file)]]);
    assert.ok(!JSON.stringify(rec.json).includes('base64,'));
  });

  it('fal moderation shows at result time as a 422 content_policy_violation', async () => {
    fake.setRules([{ route: 'fal', behaviour: { kind: 'moderation' } }]);
    const sub = (await (await post('/openai/gpt-image-2', { prompt: 'bad' }, falKey)).json()) as Record<string, string>;
    for (let i = 0; i < 4; i++) await fetch(sub.status_url, { headers: falKey });
    const res = await fetch(sub.response_url, { headers: falKey });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { detail: { type: string }[] }).detail[0].type, 'content_policy_violation');
  });
});

describe('fake provider: control API', () => {
  it('sets, appends, validates and lists rules; reset forgets everything', async () => {
    const bad = await control('/rules', { rules: [{ behaviour: { kind: 'status', status: 418 } }] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /rules\[0\]: status\.status must be one of/);
    const set = await control('/rules', [{ route: 'openai', behaviour: { kind: 'status', status: 500 }, times: 2 }]);
    assert.deepEqual(set.json.rules, [{ route: 'openai', behaviour: { kind: 'status', status: 500 }, times: 2 }]);
    await fetch(`${fake.url}/__control/rules?append=1`, { method: 'POST', body: JSON.stringify({ behaviour: { kind: 'moderation' } }) });
    assert.equal(((await control('/rules')).json.rules as unknown[]).length, 2);
    assert.equal((await post('/v1/images/generations', { prompt: 'x' })).status, 500);
    assert.deepEqual((await control('/rules')).json.rules, [{ route: 'openai', behaviour: { kind: 'status', status: 500 }, times: 1 }, { behaviour: { kind: 'moderation' }, times: 1 }]);
    assert.equal((await control('/reset', {})).status, 200);
    assert.deepEqual((await control('/rules')).json.rules, []);
    assert.deepEqual((await control('/requests')).json.requests, []);
  });

  it('lists requests (filtered by route) and served images, and serves their bytes', async () => {
    await post('/v1/images/generations', { prompt: 'x', size: '64x64' });
    await post('/openai/gpt-image-2', { prompt: 'x' }, falKey);
    const all = (await control('/requests')).json.requests as { route: string }[];
    assert.deepEqual(all.map((r) => r.route), ['openai.generate', 'fal.submit']);
    assert.deepEqual(((await control('/requests?route=fal')).json.requests as { route: string }[]).map((r) => r.route), ['fal.submit']);
    const served = (await control('/served')).json.served as { n: number; sha256: string; size: number; hasCaBX: boolean; bytes?: unknown }[];
    assert.equal(served.length, 1);
    assert.equal(served[0].bytes, undefined);
    assert.equal(served[0].hasCaBX, true);
    const res = await fetch(`${fake.url}/__control/served/0/bytes`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([res.headers.get('content-type'), bytes.length, sha(bytes)], ['image/png', served[0].size, served[0].sha256]);
    assert.equal((await fetch(`${fake.url}/__control/served/9/bytes`)).status, 404);
    assert.equal((await control('/health')).json.ok, true);
  });
});
