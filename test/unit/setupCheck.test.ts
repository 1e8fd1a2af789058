// Check Setup's probes against the fake provider over real HTTP (no VS Code): each provider's free model-list
// call, what its answers mean, and the report; never a paid route, never a key in the result.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SETUP_PROBES, type SetupInput } from '../../src/services/setupCheck';
import { isReady, setupMarkdown } from '../../src/services/setupCheck/report';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const KEY = 'sk-proj-setupCheckUnitTEST0123456789';
let fake: FakeProvider;
before(async () => { fake = await startFakeProvider({ latencyMs: 0 }); });
after(() => fake.close());
beforeEach(() => fake.reset());

const signal = new AbortController().signal;
const input = (over: Partial<SetupInput> & { settings?: Record<string, string> } = {}): SetupInput => ({
  key: { value: KEY, source: 'secret storage' }, model: 'gpt-image-2', timeoutMs: 5000, ...over,
  settings: { 'openai.baseUrl': fake.openaiBaseUrl, 'azure.endpoint': fake.azureEndpoint, 'azure.deployment': 'gpt-image-2', 'azure.apiVersion': '2026-04-01-preview', 'fal.baseUrl': fake.falBaseUrl, 'fal.generateEndpoint': 'openai/gpt-image-2', ...over.settings },
});

describe('setup probes', () => {
  it('OpenAI: GET /v1/models with the Bearer key; the model is listed', async () => {
    const r = await SETUP_PROBES.openai!.check(input(), signal);
    assert.deepEqual([r.key.ok, r.endpoint.ok, r.model.ok], [true, true, true]);
    assert.ok(isReady(r));
    assert.deepEqual(fake.requests.map((q) => [q.method, q.path, q.route]), [['GET', '/v1/models', 'openai.models']]);
    assert.ok(!JSON.stringify(r).includes(KEY));
  });

  it('OpenAI: OPENAI_BASE_URL named as the setting to check when it is where the key went', async () => {
    const r = await SETUP_PROBES.openai!.check(input({ settings: { 'openai.baseUrl': 'http://127.0.0.1:9/v1' }, settingSources: { 'openai.baseUrl': 'OPENAI_BASE_URL' } }), signal);
    assert.equal(r.endpoint.ok, false);
    assert.match(r.actions[0]!, /OPENAI_BASE_URL \(now http:\/\/127\.0\.0\.1:9\)/);
  });

  it('a base URL that is not https is refused before anything is sent', async () => {
    const r = await SETUP_PROBES.openai!.check(input({ settings: { 'openai.baseUrl': 'http://api.example.com/v1' } }), signal);
    assert.equal(r.endpoint.ok, false);
    assert.match(r.endpoint.text, /must be an https URL/);
    assert.deepEqual(fake.requests, []);
  });

  it('a 429 and a 404 are told apart from a bad key', async () => {
    fake.setRules([{ route: 'openai.models', behaviour: { kind: 'status', status: 429 } }]);
    const limited = await SETUP_PROBES.openai!.check(input(), signal);
    assert.deepEqual([limited.endpoint.ok, limited.key.ok], [true, null]);
    assert.match(limited.actions[0]!, /rate limit or quota/);
    const wrong = await SETUP_PROBES.openai!.check(input({ settings: { 'openai.baseUrl': `${fake.url}/nothing-here` } }), signal);
    assert.equal(wrong.endpoint.ok, false);
    assert.match(wrong.endpoint.text, /answered 404/);
  });

  it('Azure: GET /openai/models?api-version with api-key; the deployment is named, not checked; Entra ID without a sign-in is said', async () => {
    const r = await SETUP_PROBES.azure!.check(input({ key: { value: '3f9c2a7d1e4b4c8a9d0e6f1a2b3c4d5e', source: 'AZURE_OPENAI_API_KEY' } }), signal);
    assert.deepEqual([r.key.ok, r.key.source, r.endpoint.ok, r.model.ok], [true, 'AZURE_OPENAI_API_KEY', true, null]);
    assert.equal(fake.requests[0]?.route, 'azure.models');
    assert.equal(fake.requests[0]?.query['api-version'], '2026-04-01-preview');
    const entra = await SETUP_PROBES.azure!.check(input({ settings: { 'azure.authentication': 'entraId' }, getToken: async () => undefined }), signal);
    assert.equal(entra.key.ok, false);
    assert.match(entra.key.text, /Not signed in/);
    const noEndpoint = await SETUP_PROBES.azure!.check(input({ settings: { 'azure.endpoint': '' } }), signal);
    assert.match(noEndpoint.endpoint.text, /pixelsmith\.azure\.endpoint is not set/);
  });

  it('fal.ai: the platform model search with `Key`; an endpoint id it does not list is reported', async () => {
    const r = await SETUP_PROBES.fal!.check(input(), signal);
    assert.deepEqual([r.key.ok, r.endpoint.ok, r.model.ok, r.model.id], [true, true, true, 'openai/gpt-image-2']);
    assert.equal(fake.requests[0]?.route, 'fal.models');
    const missing = await SETUP_PROBES.fal!.check(input({ settings: { 'fal.generateEndpoint': 'someone/else' } }), signal);
    assert.equal(missing.model.ok, false);
    assert.match(missing.model.text, /someone\/else was not found at fal\.ai/);
  });

  it('the report puts the provider in use first, marks each check and lists what to do', async () => {
    const providers = [await SETUP_PROBES.openai!.check(input({ key: undefined }), signal), await SETUP_PROBES.fal!.check(input(), signal)];
    const md = setupMarkdown({ active: 'fal', checkedAt: '2026-12-02T01:00:00.000Z', providers });
    assert.ok(md.indexOf('## fal.ai (in use) — ready') < md.indexOf('## OpenAI — needs attention'), md);
    assert.match(md, /\| ❌ \| Key \| No key: none in secret storage and OPENAI\\_API\\_KEY is not set\. \|/);
    assert.match(md, /- Run "Pixelsmith: Set API Key…" and choose OpenAI/);
  });
});
