// Secrets never leave the host: every key shape, and the exact keys in use, are redacted in the log, in error
// infos, in the webview's replies and image errors, and in the history record the engine writes.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GenerationEngine, type GenerationEvent } from '../../src/core/engine';
import { PixelsmithError, toErrorInfo } from '../../src/core/errors';
import { HistoryStore } from '../../src/core/history';
import { redactingLogger, silentLogger, type Logger } from '../../src/core/log';
import { REDACTED, redact, redactValue, secrets, SecretRedactor } from '../../src/core/redact';
import type { ImageProvider, ImageRequest } from '../../src/core/types';
import { replyTo, type ToGenerateWebview } from '../../src/protocol';

// The shape of current Azure AI services keys: 84 letters and digits.
const AZURE_84 = '9Xq2mB7vLkP4tR8sW1nY6cZ3hJ5gF0dA2eU7iO9pQ4rT6yV8bN1mK3lH5jG7fD9sA0zX2cV4bJQQJ99BLACY';

/** Each shape as it appears in text (`text`) and the part that must not survive (`secret`). */
const SHAPES: readonly { name: string; text: string; secret: string }[] = [
  { name: 'Azure key, 32 hex', text: 'api key 3f9c2a7d1e4b4c8a9d0e6f1a2b3c4d5e rejected', secret: '3f9c2a7d1e4b4c8a9d0e6f1a2b3c4d5e' },
  { name: 'Azure key, 84 characters', text: `Access denied due to invalid subscription key ${AZURE_84}.`, secret: AZURE_84 },
  { name: 'lowercase bearer', text: 'authorization: bearer proxyToken_abcdefgh', secret: 'proxyToken_abcdefgh' },
  {
    name: 'Entra ID JWT',
    text: 'token eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzIn0.c2lnbmF0dXJlX3BhcnQ expired',
    secret: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9',
  },
  { name: 'Bearer JWT', text: 'Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', secret: 'eyJhbGciOiJub25lIn0' },
  { name: 'OpenAI project key', text: 'Incorrect API key provided: sk-proj-abcDEF0123456789_xyz.', secret: 'sk-proj-abcDEF0123456789_xyz' },
  { name: 'fal key', text: 'key 7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f:0123456789abcdef0123456789abcdef', secret: '0123456789abcdef0123456789abcdef' },
  { name: 'fal Key header', text: 'Authorization: Key fal-proxy-key-0000', secret: 'fal-proxy-key-0000' },
  { name: 'api-key header', text: '{"api-key": "azureKEY12345678"}', secret: 'azureKEY12345678' },
];

// Keys the key store registered: shapes no pattern knows, redacted because they are the ones in use.
const REGISTERED = ['my_proxy_token_without_any_shape', 'p@ss w0rd/with+odd=chars'];
for (const k of REGISTERED) secrets.register(k);
const ALL = [...SHAPES.map((s) => ({ name: s.name, text: s.text, secret: s.secret })), ...REGISTERED.map((k) => ({ name: `registered ${k}`, text: `proxy said: ${k} is wrong (${encodeURIComponent(k)})`, secret: k }))];

const leaks = (text: string) => ALL.filter((s) => text.includes(s.secret) || text.includes(encodeURIComponent(s.secret))).map((s) => s.name);

describe('redact: every key shape and every registered key', () => {
  for (const s of ALL) {
    it(`${s.name}`, () => {
      const out = redact(s.text);
      assert.ok(!out.includes(s.secret), out);
      assert.ok(out.includes(REDACTED), out);
    });
  }

  it('leaves ordinary text alone: words after "key", sha256 hashes, generation ids, request ids', () => {
    const text = 'Incorrect API key provided. Key rotation done. sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, generation 20261201-220000-a1b2c3, request req_0123456789abcdef0123456789abcdef';
    assert.equal(redact(text), text);
  });

  it('a registry registers nothing short or empty (it would mangle ordinary words)', () => {
    const r = new SecretRedactor();
    r.register(''); r.register(undefined); r.register('abc');
    assert.equal(r.redact('abc and more'), 'abc and more');
  });

  it('redactValue redacts every string of a tool result, keys of objects included, and keeps the rest', () => {
    const value = { ok: false, n: 3, errors: [{ message: SHAPES[0]!.text }], [REGISTERED[0]!]: true, nested: { deep: [REGISTERED[1]] } };
    const out = redactValue(value);
    assert.deepEqual(leaks(JSON.stringify(out)), []);
    assert.equal(out.n, 3);
    assert.equal(out.ok, false);
  });
});

describe('redaction where text leaves the host', () => {
  it('the log: every line', () => {
    const lines: string[] = [];
    const sink: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: (m) => lines.push(m) };
    const log = redactingLogger(sink);
    for (const s of ALL) { log.info(s.text); log.warn(s.text); log.error(s.text); log.debug(s.text); }
    assert.equal(lines.length, ALL.length * 4);
    assert.deepEqual(leaks(lines.join('\n')), []);
  });

  it('error infos: PixelsmithError messages and hints, and plain errors', () => {
    for (const s of ALL) {
      const infos = [
        toErrorInfo(new PixelsmithError('auth', s.text, { hint: `check ${s.text}` })),
        toErrorInfo(new Error(s.text)),
        toErrorInfo(s.text),
      ];
      assert.deepEqual(leaks(JSON.stringify(infos)), [], s.name);
      assert.ok(!new PixelsmithError('auth', s.text).message.includes(s.secret), 'thrown errors are redacted when made');
    }
  });

  it('a message to the webview: the reply the Generate panel and the gallery post for a failed request', () => {
    for (const s of ALL) {
      const message = replyTo({ messageId: 7 }, { ok: false, error: toErrorInfo(new Error(s.text)) });
      assert.deepEqual(leaks(JSON.stringify(message)), [], s.name);
    }
  });
});

describe('redaction in the engine: history record and events', () => {
  const roots: string[] = [];
  after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

  it('a provider whose errors quote the key: generation.json, image-error events and retry reasons carry none', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-redact-'));
    roots.push(root);
    const history = new HistoryStore(root);
    const everything = ALL.map((s) => s.text).join(' | ');
    let calls = 0;
    const provider: ImageProvider = {
      id: 'openai',
      // First a retryable failure (its message becomes a progress line in the webview), then a plain Error.
      call: async () => {
        calls++;
        if (calls === 1) throw new PixelsmithError('server', `upstream failed: ${everything}`, { retryable: true });
        throw new Error(`401 Unauthorized: ${everything}`);
      },
    };
    const events: GenerationEvent[] = [];
    const engine = new GenerationEngine({ history, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 1, maxRetries: () => 1, retryBaseDelayMs: 1 });
    const req: ImageRequest = { prompt: 'a lighthouse', model: 'gpt-image-2', provider: 'openai', n: 2, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' };
    const rec = await engine.generate(req, { onEvent: (e) => events.push(e) });
    assert.equal(rec.status, 'failed');
    assert.equal(rec.errors.length, 2);
    const onDisk = await fs.readFile(path.join(root, rec.id, 'generation.json'), 'utf8');
    assert.match(onDisk, /401 Unauthorized/);
    assert.deepEqual(leaks(onDisk), [], 'generation.json');
    assert.ok(events.some((e) => e.kind === 'retry'));
    assert.deepEqual(leaks(JSON.stringify(events)), [], 'events, which become webview messages');
    const toWebview: ToGenerateWebview[] = events.flatMap((e) => (e.kind === 'image-error' ? [{ type: 'generate/imageError' as const, generationId: e.generationId, index: e.index, error: e.error }] : []));
    assert.equal(toWebview.length, 2);
    assert.deepEqual(leaks(JSON.stringify(toWebview)), []);
  });
});
