// The provider registry is the one declaration of providers: package.json and the sidecar schema agree with it, and a
// provider that lives only in a test folder works through the registry alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodePng } from '../../src/core/imaging/png-decode';
import { keyStatus, type ProviderEnvironment } from '../../src/core/providers/declaration';
import { offline } from '../../src/core/providers/offline';
import { PROVIDER_IDS, ProviderRegistry, providers } from '../../src/core/providers/registry';
import { echo } from './testProvider';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[]; default?: unknown; scope?: string }> } };
};
const settings = manifest.contributes.configuration.properties;
const sidecarSchema = JSON.parse(readFileSync(path.join(root, 'schemas/sidecar.schema.json'), 'utf8')) as { properties: { provider: { enum?: unknown; pattern: string } } };

function environment(over: Partial<ProviderEnvironment> & { values?: Record<string, string> } = {}): ProviderEnvironment {
  return { key: undefined, keySource: undefined, env: {}, setting: (k) => over.values?.[k] ?? '', ...over };
}

describe('provider registry ↔ package.json ↔ sidecar schema', () => {
  it('pixelsmith.provider offers auto and every registered provider, each described', () => {
    const p = settings['pixelsmith.provider']!;
    assert.deepEqual(p.enum, ['auto', ...PROVIDER_IDS]);
    assert.equal(p.enumDescriptions?.length, p.enum?.length);
  });

  it('every provider setting is in package.json with machine scope and the declared default', () => {
    for (const p of providers.all) {
      for (const s of p.settings) {
        const entry = settings[`pixelsmith.${s.key}`];
        assert.ok(entry, `package.json lacks pixelsmith.${s.key} (declared by ${p.id})`);
        assert.equal(entry.scope, 'machine', `pixelsmith.${s.key} must have machine scope: a workspace never redirects a key`);
        assert.equal(entry.default, s.default, `pixelsmith.${s.key} default`);
        assert.ok(s.key.startsWith(`${p.id}.`), `${s.key} is named for its provider`);
      }
    }
  });

  it('package.json has no provider setting that a provider does not declare', () => {
    const declared = new Set(providers.all.flatMap((p) => p.settings.map((s) => `pixelsmith.${s.key}`)));
    const providerish = Object.keys(settings).filter((k) => PROVIDER_IDS.some((id) => k.startsWith(`pixelsmith.${id}.`)));
    assert.deepEqual(providerish.filter((k) => !declared.has(k)), []);
  });

  it('the sidecar schema takes any provider id, so an older Pixelsmith never hides a newer provider\'s asset', () => {
    assert.equal(sidecarSchema.properties.provider.enum, undefined);
    const pattern = new RegExp(sidecarSchema.properties.provider.pattern);
    for (const id of [...PROVIDER_IDS, 'gemini', 'bfl', 'openrouter', 'echo']) assert.ok(pattern.test(id), id);
  });

  it('every model a provider serves can be priced or is honestly unknown, and every id is unique', () => {
    assert.equal(new Set(PROVIDER_IDS).size, PROVIDER_IDS.length);
    for (const p of providers.all) for (const m of p.models) {
      const price = p.price(m);
      assert.ok(price === null || (price.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(price.asOf)), `${p.id}/${m.id}`);
    }
  });
});

describe('a test-only provider, registered in the test\'s own registry', () => {
  const registry = new ProviderRegistry([offline, echo]);

  it('is listed, labelled, offered for a key and found by its models', () => {
    assert.deepEqual(registry.ids, ['offline', 'echo']);
    assert.equal(registry.label('echo'), 'Echo (tests)');
    assert.equal(registry.label('from-a-newer-version'), 'from-a-newer-version');
    assert.deepEqual(registry.keyed().map((p) => p.id), ['echo']);
    assert.deepEqual(registry.serving('echo-1'), ['echo']);
    assert.equal(registry.has('openai'), false);
    assert.throws(() => new ProviderRegistry([echo, echo]), /share an id/);
  });

  it('reports its status from its key, and refuses to start without one, naming its variables', async () => {
    assert.deepEqual(keyStatus(echo, environment()), { configured: false, detail: 'no key' });
    assert.deepEqual(keyStatus(echo, environment({ key: 'k', keySource: 'ECHO_KEY' })), { configured: true, detail: 'key from ECHO_KEY' });
    await assert.rejects(registry.get('echo').create({ ...environment(), timeoutMs: 1000, log: console as never }),
      (e: Error & { hint?: string }) => /No API key for Echo \(tests\)/.test(e.message) && /ECHO_TOKEN or ECHO_KEY/.test(e.hint ?? ''));
  });

  it('creates its client lazily from its folder and makes images with its own settings', async () => {
    const client = await registry.get('echo').create({ ...environment({ key: 'secret', values: { 'echo.colour': '#00ff00' } }), timeoutMs: 1000, log: console as never });
    assert.equal(client.id, 'echo');
    const result = await client.call({ request: { prompt: 'p', provider: 'offline', model: 'echo-1', size: '1024x1024', quality: 'auto', background: 'auto', outputFormat: 'png', n: 2 }, n: 2, signal: new AbortController().signal });
    assert.equal(result.images.length, 2);
    const decoded = decodePng(result.images[0]!.bytes);
    assert.deepEqual([...decoded.rgba.slice(0, 4)], [0, 255, 0, 255], 'the colour from its setting');
    assert.equal(result.images[0]!.revisedPrompt, '6:p');
  });
});
