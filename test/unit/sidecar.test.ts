// The sidecar: what buildSidecar writes matches the JSON Schema, parseSidecar keeps what a newer version wrote and
// refuses malformed or hostile files, and the checked-in schema is what the zod declaration generates now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { schemaFiles } from '../../src/core/schemaFiles';
import {
  SIDECAR_SCHEMA_URL, SidecarError, buildSidecar, isSafeSidecarPath, parseSidecar, serializeSidecar, type BuildSidecarInput, type Sidecar,
} from '../../src/core/sidecar';

const schema: unknown = JSON.parse(readFileSync(path.resolve(__dirname, '../../../schemas/sidecar.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile<Sidecar>(schema as object);

const SHA = 'a'.repeat(64);

function input(over: Partial<BuildSidecarInput> = {}): BuildSidecarInput {
  return {
    request: { prompt: '여우 🦊 a red fox', provider: 'openai', model: 'gpt-image-2', size: '1536x1024', quality: 'high', background: 'auto', outputFormat: 'png', n: 2 },
    image: { index: 1, sha256: SHA, width: 1536, height: 1024, format: 'png', bytes: 123_456, contentCredentials: true },
    generationId: '20260506-101500-abc123',
    createdAt: new Date(Date.UTC(2026, 4, 6, 10, 15)),
    costUsd: 0.165,
    ...over,
  };
}

function full(): BuildSidecarInput {
  return input({
    request: { ...input().request, preset: 'illustration', outputFormat: 'webp', outputCompression: 80, frames: 12 },
    image: { ...input().image, revisedPrompt: 'A red fox in the snow.' },
    references: ['assets/ref one.png', 'https://example.com/ref.jpg'],
    mask: 'assets/mask.png',
    parent: { file: 'assets/illustrations/fox.png', sha256: 'f'.repeat(64) },
    language: 'ko',
    source: { document: 'docs/guide.md', heading: 'Getting started' },
    usage: { inputTokens: 50, outputTokens: 5488, inputTextTokens: 50, inputImageTokens: 0 },
  });
}

function schemaErrors(value: unknown): string {
  return validateSchema(value) ? '' : ajv.errorsText(validateSchema.errors);
}

function rejects(text: string, field?: string, maxBytes?: number): void {
  assert.throws(() => parseSidecar(text, maxBytes), (e: unknown) => {
    assert.ok(e instanceof SidecarError, String(e));
    if (field !== undefined) assert.equal(e.field, field, e.message);
    return true;
  });
}

function mutate(change: (s: Record<string, unknown>) => void): string {
  const s = JSON.parse(serializeSidecar(buildSidecar(full()))) as Record<string, unknown>;
  change(s);
  return JSON.stringify(s);
}

describe('buildSidecar', () => {
  it('records the model-specific parameters of SVG and GIF outputs (complexity, frames, duration, SVG author)', () => {
    const gif = buildSidecar(input({ request: { ...input().request, model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', complexity: 'high', gifFrames: 4, gifFrameDurationMs: 120 } }));
    assert.deepEqual([gif.parameters.complexity, gif.parameters.gifFrames, gif.parameters.gifFrameDurationMs], ['high', 4, 120]);
    const svg = buildSidecar(input({ request: { ...input().request, model: 'gpt-image-2.6-flare', outputFormat: 'svg', n: 1, svgModel: 'gpt-5.2', svgEffort: 'low' } }));
    assert.deepEqual([svg.parameters.svgModel, svg.parameters.svgEffort], ['gpt-5.2', 'low']);
    for (const s of [gif, svg]) assert.equal(schemaErrors(s), '');
    assert.equal(parseSidecar(serializeSidecar(gif)).parameters.gifFrames, 4);
  });

  it('writes a sidecar that the JSON Schema accepts, minimal and full', () => {
    for (const s of [buildSidecar(input()), buildSidecar(full())]) {
      assert.equal(schemaErrors(s), '');
      assert.equal(s.$schema, SIDECAR_SCHEMA_URL);
      assert.equal(s.schemaVersion, 1);
    }
    assert.equal((schema as { $id: string }).$id, SIDECAR_SCHEMA_URL);
  });

  it('records the request and the image faithfully', () => {
    const s = buildSidecar(full());
    assert.equal(s.prompt, '여우 🦊 a red fox');
    assert.deepEqual(s.parameters, { size: '1536x1024', quality: 'high', background: 'auto', outputFormat: 'webp', outputCompression: 80, n: 2, frames: 12 });
    assert.equal(s.createdAt, '2026-05-06T10:15:00.000Z');
    assert.equal(s.revisedPrompt, 'A red fox in the snow.');
    assert.equal(s.costUsd, 0.165);
    assert.equal(buildSidecar(input({ costUsd: null })).costUsd, null);
  });

  it('refuses absolute or escaping paths before anything is written', () => {
    for (const bad of ['/etc/passwd', 'C:\\Users\\me\\a.png', 'C:/a.png', '../outside.png', 'a/../../b.png', 'file:///home/me/a.png', 'a\\b.png']) {
      assert.throws(() => buildSidecar(input({ references: [bad] })), SidecarError, bad);
    }
    assert.throws(() => buildSidecar(input({ parent: { file: '/abs/parent.png', sha256: 'f'.repeat(64) } })), SidecarError);
    assert.throws(() => buildSidecar(input({ source: { document: '../README.md' } })), SidecarError);
  });
});

describe('parseSidecar', () => {
  it('reads back what was written', () => {
    const s = buildSidecar(full());
    assert.deepEqual(parseSidecar(serializeSidecar(s)), s);
    assert.deepEqual(parseSidecar(`\ufeff${serializeSidecar(s)}`), s);
  });

  it('still reads sidecars that name retired models, and takes the xhigh and max qualities', () => {
    for (const model of ['gpt-image-1', 'dall-e-3', 'dall-e-2']) {
      const s = buildSidecar(input({ request: { ...input().request, model } }));
      assert.equal(parseSidecar(serializeSidecar(s)).model, model);
      assert.equal(schemaErrors(JSON.parse(serializeSidecar(s))), '', model);
    }
    for (const quality of ['xhigh', 'max'] as const) {
      const s = buildSidecar(input({ request: { ...input().request, model: 'gpt-image-2.5-sunburst', quality } }));
      assert.equal(parseSidecar(serializeSidecar(s)).parameters.quality, quality);
      assert.equal(schemaErrors(JSON.parse(serializeSidecar(s))), '', quality);
    }
  });

  it('ignores unknown fields and never copies __proto__', () => {
    const s = parseSidecar(mutate((o) => { o.extra = 1; o.__proto__ = { polluted: true }; }));
    assert.equal('extra' in s, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((s as unknown as Record<string, unknown>).polluted, undefined);
  });

  it('keeps a provider and parameters it does not know, so a newer asset is never hidden', () => {
    const text = mutate((o) => { o.provider = 'acme-images'; o.parameters = { ...(o.parameters as object), complexity: 'high', gifFrames: 6, markup: true, seed: null }; });
    const s = parseSidecar(text);
    assert.equal(s.provider, 'acme-images');
    assert.equal(s.parameters.complexity, 'high');
    assert.equal(s.parameters.gifFrames, 6);
    assert.equal(s.parameters.markup, true);
    assert.equal(s.parameters.seed, null);
    assert.equal(schemaErrors(JSON.parse(text)), '', 'the published schema accepts it too');
  });

  it('refuses more unknown parameters than it keeps, and never lets a parameter named __proto__ through', () => {
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, i]));
    rejects(mutate((o) => { o.parameters = { ...(o.parameters as object), ...many }; }), 'parameters');
    const s = parseSidecar(mutate((o) => { o.parameters = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(o.parameters).slice(1)}`) as object; }));
    assert.equal(Object.getPrototypeOf(s.parameters), Object.prototype);
    assert.equal((s.parameters as Record<string, unknown>).polluted, undefined);
  });

  it('the strict writer refuses a provider or parameter it does not know', () => {
    assert.throws(() => buildSidecar(input({ request: { ...input().request, provider: 'acme' as 'openai' } })), (e: unknown) => e instanceof SidecarError && e.field === 'provider');
    assert.throws(() => buildSidecar(input({ request: { ...input().request, quality: 'ultra' as 'high' } })), (e: unknown) => e instanceof SidecarError && e.field === 'parameters.quality');
  });

  it('rejects invalid JSON, oversize input and deep nesting', () => {
    rejects('{ "schemaVersion": 1, ', '$');
    rejects('"just a string"', '$');
    rejects('[]', '$');
    rejects(serializeSidecar(buildSidecar(full())), '$', 100);
    rejects(`{"a":"${'x'.repeat(1_000_001)}"}`, '$');
    rejects('['.repeat(200_000) + ']'.repeat(200_000), '$');
  });

  it('rejects wrong types and values, naming the field', () => {
    const cases: [string, (o: Record<string, unknown>) => void][] = [
      ['schemaVersion', (o) => { o.schemaVersion = 2; }],
      ['prompt', (o) => { o.prompt = 42; }],
      ['prompt', (o) => { o.prompt = '   '; }],
      ['prompt', (o) => { o.prompt = 'x'.repeat(64_001); }],
      ['provider', (o) => { o.provider = '<img src=x onerror=alert(1)>'; }],
      ['provider', (o) => { o.provider = 7; }],
      ['parameters.quality', (o) => { o.parameters = { ...(o.parameters as object), quality: 'ultra' }; }],
      ['parameters.svg', (o) => { o.parameters = { ...(o.parameters as object), svg: { model: 'x' } }; }],
      ['parameters.note', (o) => { o.parameters = { ...(o.parameters as object), note: 'x'.repeat(1001) }; }],
      ['model', (o) => { o.model = ''; }],
      ['parameters', (o) => { o.parameters = 'big'; }],
      ['parameters.size', (o) => { o.parameters = { ...(o.parameters as object), size: '1024x1024; rm -rf' }; }],
      ['parameters.n', (o) => { o.parameters = { ...(o.parameters as object), n: 1e9 }; }],
      ['width', (o) => { o.width = '1536'; }],
      ['height', (o) => { o.height = -1; }],
      ['bytes', (o) => { o.bytes = 1.5; }],
      ['index', (o) => { o.index = 64; }],
      ['sha256', (o) => { o.sha256 = 'ABC'; }],
      ['createdAt', (o) => { o.createdAt = 'yesterday'; }],
      ['createdAt', (o) => { o.createdAt = '2026-13-45T99:00:00Z'; }],
      ['generationId', (o) => { o.generationId = '../../x'; }],
      ['costUsd', (o) => { o.costUsd = -5; }],
      ['costUsd', (o) => { o.costUsd = '0.1'; }],
      ['contentCredentials', (o) => { o.contentCredentials = 'yes'; }],
      ['references', (o) => { o.references = 'a.png'; }],
      ['references', (o) => { o.references = Array.from({ length: 17 }, () => 'a.png'); }],
      ['references[0]', (o) => { o.references = [7]; }],
      ['usage.outputTokens', (o) => { o.usage = { outputTokens: -1 }; }],
      ['source', (o) => { o.source = 'docs/a.md'; }],
      ['source.heading', (o) => { o.source = { document: 'a.md', heading: 'h'.repeat(501) }; }],
      ['format', (o) => { o.format = 'bmp'; }],
    ];
    for (const [field, change] of cases) {
      const text = mutate(change);
      rejects(text, field);
      assert.notEqual(schemaErrors(JSON.parse(text)), '', `schema should reject ${field} too`);
    }
  });

  it('rejects hostile paths in references, mask, parent and source', () => {
    const hostile = [
      '/etc/passwd', '\\\\server\\share\\x.png', 'C:\\x.png', 'c:/x.png', '../../.ssh/id_rsa', 'assets/../../x', './a.png', 'a//b.png', 'a/',
      'file:///etc/passwd', 'command:workbench.action.terminal.new', 'javascript:alert(1)', 'vscode://x', 'data:image/png;base64,AAAA',
      'https://example.com/a/../../b', 'a\u0000b.png', 'a\nb.png', 'evil\u202egnp.md', 'x'.repeat(1025),
    ];
    for (const bad of hostile) {
      assert.equal(isSafeSidecarPath(bad), false, JSON.stringify(bad));
      rejects(mutate((o) => { o.references = [bad]; }), 'references[0]');
      rejects(mutate((o) => { o.mask = bad; }), 'mask');
      rejects(mutate((o) => { o.parent = { file: bad, sha256: 'f'.repeat(64) }; }), 'parent.file');
      rejects(mutate((o) => { o.source = { document: bad }; }), 'source.document');
      assert.notEqual(schemaErrors(JSON.parse(mutate((o) => { o.parent = { file: bad, sha256: 'f'.repeat(64) }; }))), '', `schema should reject ${JSON.stringify(bad)}`);
    }
    for (const good of ['a.png', 'assets/icons/fox icon.png', 'docs/日本語.md', 'https://example.com/x.png', '.github/a.png', 'a..b.png']) {
      assert.equal(isSafeSidecarPath(good), true, good);
      assert.equal(schemaErrors(JSON.parse(mutate((o) => { o.parent = { file: good, sha256: 'f'.repeat(64) }; }))), '', good);
    }
  });
});

describe('schemas/ (generated from the zod declarations)', () => {
  it('is current: the checked-in files equal what `npm run gen:schemas` writes now', () => {
    for (const [file, text] of Object.entries(schemaFiles())) {
      assert.equal(readFileSync(path.resolve(__dirname, '../../..', file), 'utf8'), text, `${file} is stale: run npm run gen:schemas`);
    }
  });
});
