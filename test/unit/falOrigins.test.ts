// fal.ai's key goes only to its own API: a hostile answer naming other hosts (a second loopback server that
// records every header it gets, a plain-http host, a localhost "admin" port) never receives it.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { credentialedFetch, fetchWithoutCredentials, readCapped } from '../../src/core/net/fetch';
import { apiOrigins, checkApiUrl } from '../../src/core/net/origins';
import { engineRig, imageRequest, providerFor, TEST_KEYS, type EngineRig } from '../fake-provider/engine-rig';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

interface Seen { readonly method: string; readonly path: string; readonly headers: IncomingHttpHeaders }

/** A second loopback server on another port: records what it got, and relays the fake's files (so downloads work). */
class Recorder {
  readonly seen: Seen[] = [];
  private server?: Server;
  url = '';

  async start(relayTo: () => string): Promise<void> {
    this.server = createServer((req, res) => {
      this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      void fetch(`${relayTo()}${req.url ?? '/'}`).then(async (r) => {
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
        res.end(Buffer.from(await r.arrayBuffer()));
      }, () => { res.writeHead(502); res.end(); });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => { this.server?.closeAllConnections(); this.server?.close(() => resolve()); });
  }
}

let fake: FakeProvider;
const recorder = new Recorder();
const rigs: EngineRig[] = [];
before(async () => {
  fake = await startFakeProvider({ texture: 'flat', falQueuePolls: 1 });
  await recorder.start(() => fake.url);
});
after(async () => { await fake.close(); await recorder.close(); for (const r of rigs) await r.dispose(); });
beforeEach(() => { fake.reset(); recorder.seen.length = 0; });

async function falRig(): Promise<EngineRig> {
  const r = await engineRig(await providerFor(fake, 'fal'), { maxRetries: 0 });
  rigs.push(r);
  return r;
}

const keyIn = (text: string) => text.includes(TEST_KEYS.fal);

describe('fal.ai: credentials only to its own API', () => {
  it('status, response and cancel URLs on another loopback port: refused, the key never reaches that server', async () => {
    fake.setRules([{ route: 'fal.submit', behaviour: { kind: 'fal-urls', queueOrigin: recorder.url } }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal'));
    assert.equal(rec.status, 'failed');
    assert.deepEqual(recorder.seen, [], 'nothing was sent to the other origin');
    const message = rec.errors[0]?.message ?? '';
    assert.ok(message.includes(recorder.url), `the error names the host: ${message}`);
    assert.ok(!keyIn(JSON.stringify(rec)), 'the key is not in the record');
  });

  it('a localhost "admin" URL over plain http is refused too (loopback, but not the configured origin)', async () => {
    const admin = recorder.url.replace('127.0.0.1', 'localhost');
    fake.setRules([{ route: 'fal.submit', behaviour: { kind: 'fal-urls', queueOrigin: admin } }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal'));
    assert.equal(rec.status, 'failed');
    assert.deepEqual(recorder.seen, []);
    assert.match(rec.errors[0]?.message ?? '', /localhost/);
  });

  it('image URLs on another host are downloaded without credentials, and only as many as were asked for', async () => {
    fake.setRules([{ route: 'fal.submit', behaviour: { kind: 'fal-urls', fileOrigin: recorder.url, extraImages: 2 } }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal', { n: 1 }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    assert.equal(rec.images.length, 1);
    assert.equal(recorder.seen.length, 1, `URLs beyond n are not fetched: ${recorder.seen.map((s) => s.path).join(', ')}`);
    for (const s of recorder.seen) {
      assert.equal(s.headers.authorization, undefined, 'no Authorization header on a download');
      assert.ok(!keyIn(JSON.stringify(s.headers)), 'the key is in no header');
    }
    assert.equal(fake.requests.filter((q) => q.route === 'file').length, 1, 'the relayed download reached the files route once');
  });

  it('a plain-http image URL on a non-loopback host is refused before anything is sent', async () => {
    fake.setRules([{ route: 'fal.submit', behaviour: { kind: 'fal-urls', fileOrigin: 'http://images.example.com' } }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal'));
    assert.equal(rec.status, 'failed');
    assert.match(rec.errors[0]?.message ?? '', /Refused to download from http:\/\/images\.example\.com: only https/);
  });

  it('a plain-http queue URL on a non-loopback host is refused', async () => {
    fake.setRules([{ route: 'fal.submit', behaviour: { kind: 'fal-urls', queueOrigin: 'http://queue.example.com' } }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal'));
    assert.equal(rec.status, 'failed');
    assert.match(rec.errors[0]?.message ?? '', /fal\.ai named http:\/\/queue\.example\.com/);
  });

  it('the normal flow still sends the key to the configured origin', async () => {
    const rec = await (await falRig()).engine.generate(imageRequest('fal', { n: 2 }));
    assert.equal(rec.status, 'complete', JSON.stringify(rec.errors));
    const api = fake.requests.filter((q) => q.route?.startsWith('fal.'));
    assert.ok(api.length >= 3 && api.every((q) => /^Key <redacted:\d+>$/.test(q.headers.authorization ?? '')));
    assert.ok(fake.requests.filter((q) => q.route === 'file').every((q) => q.headers.authorization === undefined), 'downloads carry no key');
  });

  it('one image whose download keeps failing does not drop the others that were paid for, and nothing is resubmitted', async () => {
    fake.setRules([{ route: 'file', behaviour: { kind: 'status', status: 404 }, times: 1 }]);
    const rec = await (await falRig()).engine.generate(imageRequest('fal', { n: 2 }));
    assert.equal(rec.status, 'partial', JSON.stringify(rec.errors));
    assert.equal(rec.images.length, 1, 'the image that downloaded is kept');
    assert.equal(rec.errors.length, 1);
    assert.equal(fake.requests.filter((q) => q.route === 'fal.submit').length, 1);
  });
});

describe('the network contract (src/core/net)', () => {
  it('a base URL must be https, plain http only on loopback hosts; the error names the host, not the path', () => {
    assert.throws(() => apiOrigins('fal.ai', 'pixelsmith.fal.baseUrl', 'http://proxy.example.com/secret-path'), (e: Error) =>
      /pixelsmith\.fal\.baseUrl must be an https URL/.test(e.message) && e.message.includes('http://proxy.example.com') && !e.message.includes('secret-path'));
    for (const ok of ['https://queue.fal.run', 'http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9']) {
      assert.ok(apiOrigins('x', 's', ok).origins.size >= 1, ok);
    }
  });

  it('checkApiUrl accepts the base origin and documented hosts only (another port is another origin)', () => {
    const api = apiOrigins('fal.ai', 'pixelsmith.fal.baseUrl', 'http://127.0.0.1:8000/', ['https://queue.fal.run']);
    assert.equal(checkApiUrl(api, 'http://127.0.0.1:8000/a/b').pathname, '/a/b');
    assert.equal(checkApiUrl(api, 'https://queue.fal.run/x').host, 'queue.fal.run');
    for (const bad of ['http://127.0.0.1:8001/a', 'https://queue.fal.run.evil.example/x', 'http://queue.fal.run/x', 'file:///etc/passwd', 'not a url']) {
      assert.throws(() => checkApiUrl(api, bad), /fal\.ai named .* Pixelsmith sends the fal\.ai key only to/, bad);
    }
  });

  it('credentialedFetch refuses another origin before any connection, without the key in the error', async () => {
    const api = apiOrigins('fal.ai', 'pixelsmith.fal.baseUrl', fake.url);
    const send = credentialedFetch(api, { Authorization: `Key ${TEST_KEYS.fal}` });
    await assert.rejects(send(`${recorder.url}/steal`), (e: Error) => e.message.includes(recorder.url) && !keyIn(e.message));
    assert.deepEqual(recorder.seen, []);
  });

  it('fetchWithoutCredentials checks every redirect: a hop to plain http elsewhere is refused', async () => {
    const hop = createServer((_req, res) => { res.writeHead(302, { location: 'http://images.example.com/x.png' }); res.end(); });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    try {
      await assert.rejects(fetchWithoutCredentials(`http://127.0.0.1:${(hop.address() as AddressInfo).port}/x`), /Refused to download from http:\/\/images\.example\.com/);
    } finally {
      hop.close();
    }
  });

  it('readCapped stops at the limit, declared or not', async () => {
    const body = new Uint8Array(1000);
    assert.equal((await readCapped(new Response(body), 'the body', 1000)).length, 1000);
    await assert.rejects(readCapped(new Response(body), 'the body', 999), /larger than 999 bytes/);
    const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(body); c.enqueue(body); c.close(); } });
    await assert.rejects(readCapped(new Response(stream), 'the stream', 1500), /larger than 1500 bytes/);
  });
});
