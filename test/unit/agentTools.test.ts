// The agent tools' inputs and answers without VS Code: package.json's schemas are what the zod declaration makes,
// bad input names its field, the cost question is asked in prepareInvocation (above the threshold, unknown price,
// workspace choice) and not otherwise, and error text is actionable and redacted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROVIDER_IDS } from '../../src/core/providers/registry';
import Ajv from 'ajv';
import { prepareImageTool, type PrepareDeps } from '../../src/agents/prepare';
import type { ChoiceSettings } from '../../src/core/costConfirmation';
import { ValidationError } from '../../src/core/errors';
import { secrets } from '../../src/core/redact';
import { locationText, parseToolInput, toRequestArgs } from '../../src/core/toolArgs';
import { describeError, markdownImageLink } from '../../src/core/toolResult';
import { LM_TOOL_NAMES, lmToolSchemas } from '../../src/core/toolSchemas';
import type { ImageInput } from '../../src/core/types';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { languageModelTools: { name: string; toolReferenceName: string; inputSchema: unknown; modelDescription: string }[] };
};

const fieldOf = (fn: () => unknown): { field: string; message: string; allowed?: readonly string[] } => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ValidationError, `a ValidationError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected a ValidationError');
};

describe('agent tool schemas', () => {
  it('package.json declares the three tools with the schemas the zod declaration generates (npm run gen:schemas)', () => {
    const declared = Object.fromEntries(pkg.contributes.languageModelTools.map((t) => [t.name, t.inputSchema]));
    assert.deepEqual(Object.keys(declared).sort(), Object.values(LM_TOOL_NAMES).sort());
    assert.deepEqual(declared, lmToolSchemas(), 'package.json is stale: run npm run gen:schemas');
    assert.deepEqual(pkg.contributes.languageModelTools.map((t) => t.toolReferenceName).sort(), ['editImage', 'findAssets', 'generateImage']);
  });

  it('the schemas carry the parameters from params.ts: prompt required, quality and provider enums, editImage needs references', () => {
    const s = lmToolSchemas() as Record<string, { required?: string[]; properties: Record<string, { enum?: string[]; minItems?: number }> }>;
    const gen = s.pixelsmith_generateImage!;
    assert.deepEqual(gen.required, ['prompt']);
    for (const k of ['prompt', 'n', 'size', 'quality', 'background', 'outputFormat', 'model', 'provider', 'preset', 'references', 'save', 'folder']) assert.ok(k in gen.properties, k);
    assert.deepEqual(gen.properties.provider!.enum, PROVIDER_IDS);
    assert.ok(gen.properties.quality!.enum!.includes('high'));
    const edit = s.pixelsmith_editImage!;
    assert.deepEqual(edit.required?.sort(), ['prompt', 'references']);
    assert.equal(edit.properties.references!.minItems, 1);
    assert.ok('mask' in edit.properties);
    assert.deepEqual(Object.keys(s.pixelsmith_findAssets!.properties).sort(), ['folder', 'limit', 'model', 'preset', 'provider', 'text']);
  });

  it('a valid input passes JSON Schema validation and zod alike; an invalid one fails both', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(lmToolSchemas().pixelsmith_generateImage!);
    const good = { prompt: 'a fox', n: 2, size: '1536x1024', quality: 'high', save: [0], folder: 'media/img' };
    assert.ok(validate(good));
    assert.deepEqual(parseToolInput('generateImage', good).n, 2);
    const bad = { prompt: 'a fox', quality: 'ultra' };
    assert.ok(!validate(bad));
    const e = fieldOf(() => parseToolInput('generateImage', bad));
    assert.equal(e.field, 'quality');
    assert.ok(e.allowed?.includes('high'));
  });
});

describe('parseToolInput', () => {
  it('names the unknown argument, a bad save, missing references, a bad limit', () => {
    assert.equal(fieldOf(() => parseToolInput('generateImage', { prompt: 'x', colour: 'red' })).field, 'colour');
    assert.equal(fieldOf(() => parseToolInput('generateImage', { prompt: 'x', save: 'some' })).field, 'save');
    assert.equal(fieldOf(() => parseToolInput('editImage', { prompt: 'x', references: [] })).field, 'references');
    assert.equal(fieldOf(() => parseToolInput('editImage', { prompt: 'x' })).field, 'references');
    assert.equal(fieldOf(() => parseToolInput('findAssets', { limit: 0 })).field, 'limit');
    assert.equal(fieldOf(() => parseToolInput('generateImage', 'a fox')).field, 'input');
    assert.equal(fieldOf(() => parseToolInput('generateImage', { n: 2 })).field, 'prompt');
  });

  it('references and masks may be markdown image snippets or file: URIs', () => {
    assert.equal(locationText('![the logo](media/my%20logo.png "Logo")'), 'media/my logo.png');
    assert.equal(locationText('![x](<docs/a b.png>)'), 'docs/a b.png');
    assert.equal(locationText(' file:///ws/a.png '), 'file:///ws/a.png');
    assert.equal(locationText('img/a.png'), 'img/a.png');
    const args = toRequestArgs(parseToolInput('editImage', { prompt: 'night', references: ['![a](refs/a.png)', 'refs/b.png'], mask: '![m](refs/m.png)', save: 'none', folder: 'x' }));
    assert.deepEqual(args, { prompt: 'night', references: ['refs/a.png', 'refs/b.png'], mask: 'refs/m.png' });
  });
});

describe('prepareImageTool (the cost question, asked once, in prepareInvocation)', () => {
  const png: ImageInput = { name: 'a.png', mimeType: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
  const deps = (threshold: number, choices: ChoiceSettings = { provider: { user: 'auto' }, model: { user: 'gpt-image-2' } }): PrepareDeps & { read: string[] } => {
    const read: string[] = [];
    return {
      read, threshold: () => threshold, choices: () => choices,
      sources: {
        defaults: () => ({ model: 'gpt-image-2', quality: 'medium', outputFormat: 'png' }),
        resolveProvider: async (asked) => (asked ?? 'openai') as 'openai',
        readImage: async (loc, field) => { read.push(`${field}=${String(loc)}`); return png; },
      },
    };
  };

  it('below the threshold: only the invocation message, naming count, model, provider and prompt', async () => {
    const p = await prepareImageTool('generateImage', { prompt: 'a red fox', quality: 'low' }, deps(10));
    assert.equal(p.confirmation, undefined);
    assert.match(p.invocationMessage, /^Generating 1 image\(s\) with gpt-image-2 on openai: "a red fox"$/);
  });

  it('above the threshold: a confirmation with the estimate and the threshold', async () => {
    const p = await prepareImageTool('generateImage', { prompt: 'a red fox', n: 8, quality: 'high', size: '1536x1024' }, deps(0.01));
    assert.ok(p.confirmation, 'asked');
    assert.match(p.confirmation.message, /estimated at \$\d+\.\d\d/);
    assert.match(p.confirmation.message, /threshold of \$0\.01/);
  });

  it('an unknown price asks whatever the threshold; the offline placeholder never does', async () => {
    const unknown = await prepareImageTool('generateImage', { prompt: 'x', model: 'future-model-9' }, deps(1e9));
    assert.match(unknown.confirmation?.message ?? '', /price is unknown/);
    const offline = await prepareImageTool('generateImage', { prompt: 'x', provider: 'offline', n: 8, quality: 'high' }, deps(0));
    assert.equal(offline.confirmation, undefined);
  });

  it('a model chosen by the workspace asks, naming the setting', async () => {
    const p = await prepareImageTool('generateImage', { prompt: 'x', quality: 'low' },
      deps(1e9, { provider: { user: 'auto' }, model: { user: 'gpt-image-2', workspace: 'gpt-image-1.5' } }));
    // The request uses the defaults source's model (gpt-image-2), so the workspace's model did not choose it.
    assert.equal(p.confirmation, undefined);
    const chosen = await prepareImageTool('generateImage', { prompt: 'x', quality: 'low', model: 'gpt-image-1.5' },
      deps(1e9, { provider: { user: 'auto' }, model: { user: 'gpt-image-2', workspace: 'gpt-image-1.5' } }));
    assert.match(chosen.confirmation?.message ?? '', /pixelsmith\.model/);
  });

  it('editImage reads the references (for the estimate) and says Editing; invalid input asks nothing', async () => {
    const d = deps(10);
    const p = await prepareImageTool('editImage', { prompt: 'night', references: ['![a](refs/a.png)'], mask: 'refs/m.png' }, d);
    assert.match(p.invocationMessage, /^Editing 1 image/);
    assert.deepEqual(d.read, ['references[0]=refs/a.png', 'mask=refs/m.png']);
    const bad = await prepareImageTool('generateImage', { prompt: 'x', n: 8, quality: 'ultra' }, deps(0));
    assert.equal(bad.confirmation, undefined);
  });
});

describe('tool result text', () => {
  it('an error names the field, the allowed values and what to do; a registered secret never appears', () => {
    const key = 'sk-proj-unitTESTkey0123456789abcdefABCDEF';
    secrets.register(key);
    const text = describeError(new ValidationError('size', `size "1000x1000" is not offered by gpt-image-1.5 (${key}).`, { allowed: ['1024x1024', '1536x1024'] }));
    assert.match(text, /^Error \(invalid-request\): size "1000x1000"/);
    assert.match(text, /Allowed size: 1024x1024, 1536x1024\./);
    assert.match(text, /Nothing was sent/);
    assert.ok(!text.includes(key));
    assert.ok(!/at .*\.js:\d+/.test(describeError(new Error('boom'))), 'no stack');
  });

  it('markdown links quote paths with spaces and keep brackets out of the alt text', () => {
    assert.equal(markdownImageLink('a [red] fox', 'media/fox.png'), '![a \\[red\\] fox](media/fox.png)');
    // The same encoding as the panels' links (core/markdown): spaces and parentheses percent-encoded, '..' kept.
    assert.equal(markdownImageLink('fox', '../img/a fox (1).png'), '![fox](../img/a%20fox%20%281%29.png)');
    assert.equal(markdownImageLink('', 'fox.png'), '![image](fox.png)');
  });
});
