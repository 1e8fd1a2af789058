// The one declaration of the generation parameters: the automation parser derived from it accepts what it declares,
// names the field of each wrong value, and refuses unknown arguments listing the allowed ones.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseGenerateArgs } from '../../src/core/generateArgs';
import { BACKGROUNDS, FORMATS, QUALITIES } from '../../src/core/catalogue';
import { ValidationError } from '../../src/core/errors';
import { generateArgNames, params, refuseUnknownArgs } from '../../src/core/params';
import { PROVIDER_IDS } from '../../src/core/providers/registry';
import { PRESETS } from '../../src/core/types';

function fails(raw: unknown, field: string, message: RegExp): ValidationError {
  let caught: unknown;
  try { parseGenerateArgs(raw); } catch (e) { caught = e; }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError for ${JSON.stringify(raw)}, got ${String(caught)}`);
  assert.equal(caught.field, field, caught.message);
  assert.match(caught.message, message);
  return caught;
}

describe('parseGenerateArgs', () => {
  it('accepts every declared argument and keeps a vscode.Uri-like location as the same object', () => {
    const uri = { scheme: 'file', path: '/w/ref.png', authority: '', fsPath: '/w/ref.png' };
    const args = parseGenerateArgs({
      prompt: 'a red fox', n: 2, frames: 12, size: '1536x1024', quality: 'high', background: 'opaque', outputFormat: 'webp',
      outputCompression: 80, partialImages: 2, model: 'gpt-image-2', provider: 'openai', preset: 'sequence',
      references: ['refs/a.png', uri], mask: 'refs/mask.png', save: [0, 1], folder: uri, skipCostConfirmation: true,
    });
    assert.equal(args.frames, 12);
    assert.equal(args.references?.[1], uri);
    assert.equal(args.folder, uri);
    assert.deepEqual(args.save, [0, 1]);
    assert.equal(args.skipCostConfirmation, true);
  });

  it('takes the GIF and SVG options (gpt-image-2.6) and names the field of a bad one', () => {
    const gif = parseGenerateArgs({ prompt: 'p', outputFormat: 'gif', gifFrames: 6, gifFrameDurationMs: 120, complexity: 'high' });
    assert.deepEqual([gif.gifFrames, gif.gifFrameDurationMs, gif.complexity], [6, 120, 'high']);
    const svg = parseGenerateArgs({ prompt: 'p', outputFormat: 'svg', svgModel: 'gpt-5', svgEffort: 'low' });
    assert.deepEqual([svg.svgModel, svg.svgEffort], ['gpt-5', 'low']);
    assert.throws(() => parseGenerateArgs({ prompt: 'p', gifFrames: 17 }), (e: ValidationError) => e.field === 'gifFrames');
    assert.throws(() => parseGenerateArgs({ prompt: 'p', svgEffort: 'huge' }), (e: ValidationError) => e.field === 'svgEffort');
  });

  it('defaults save to none, drops arguments given as undefined, and keeps unknown model ids', () => {
    assert.deepEqual(parseGenerateArgs({ prompt: 'p', n: undefined, model: 'my-fine-tune' }), { prompt: 'p', model: 'my-fine-tune', save: 'none' });
  });

  it('refuses an unknown argument, naming it and listing the allowed ones', () => {
    const e = fails({ prompt: 'p', colour: 'red' }, 'colour', /^Unknown argument "colour"\. Allowed: prompt, n, frames, /);
    assert.deepEqual(e.allowed, generateArgNames());
    fails(JSON.parse('{"prompt":"p","__proto__":{"x":1}}'), '__proto__', /Unknown argument "__proto__"/);
  });

  it('names the field of each wrong value', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ prompt: undefined }, 'prompt', /^prompt is required and must be a string\.$/],
      [{ prompt: 7 }, 'prompt', /^prompt must be a string\.$/],
      [{ n: '2' }, 'n', /^n must be a number\.$/],
      [{ n: 65 }, 'n', /^n 65: must be a whole number from 1 to 64\.$/],
      [{ n: 1.5 }, 'n', /^n 1\.5: must be a whole number/],
      [{ frames: 65 }, 'frames', /^frames 65: must be a whole number from 1 to 64\.$/],
      [{ partialImages: 4 }, 'partialImages', /^partialImages 4: must be a whole number from 0 to 3\.$/],
      [{ outputCompression: 101 }, 'outputCompression', /outputCompression 101/],
      [{ size: 'big' }, 'size', /^size "big" must be auto or WIDTHxHEIGHT\.$/],
      [{ quality: 'ultra' }, 'quality', /^quality "ultra": unknown quality\. Allowed: auto, low, medium, high, xhigh, max\.$/],
      [{ provider: 'nope' }, 'provider', /^provider "nope": unknown provider\. Allowed: openai, azure, fal, bfl, gemini, openrouter, offline\.$/],
      [{ preset: 'poster' }, 'preset', /preset "poster".*Allowed: custom, icon/],
      [{ model: '' }, 'model', /model must not be empty/],
      [{ references: 'a.png' }, 'references', /^references must be an array of vscode\.Uri or path strings\.$/],
      [{ references: ['a.png', 7] }, 'references[1]', /^references\[1\] must be a vscode\.Uri or a path string\.$/],
      [{ references: Array.from({ length: 17 }, () => 'a.png') }, 'references', /at most 16/],
      [{ mask: '' }, 'mask', /^mask must be a vscode\.Uri or a path string\.$/],
      [{ folder: { scheme: 'file' } }, 'folder', /folder must be a vscode\.Uri or a path string/],
      [{ save: 'some' }, 'save', /^save "some" is not valid\. Allowed: "none", "all", or an array of 0-based image indices\.$/],
      [{ save: [-1] }, 'save', /save \[-1\] is not valid/],
      [{ skipCostConfirmation: 'yes' }, 'skipCostConfirmation', /skipCostConfirmation must be true or false/],
    ];
    for (const [over, field, message] of cases) fails({ prompt: 'p', ...over }, field, message);
  });

  it('lists the allowed values of an enumerated field in the error', () => {
    assert.deepEqual(fails({ prompt: 'p', background: 'clear' }, 'background', /background/).allowed, BACKGROUNDS);
  });

  it('takes its enumerations from the catalogue and the types, not its own lists', () => {
    assert.deepEqual(params().quality.options, QUALITIES);
    assert.deepEqual(params().background.options, BACKGROUNDS);
    assert.deepEqual(params().outputFormat.options, FORMATS);
    assert.deepEqual(params().preset.options, PRESETS);
    assert.deepEqual(params().provider.options, PROVIDER_IDS);
  });
});

describe('refuseUnknownArgs (Illustrate Markdown)', () => {
  const OWN = ['uri', 'position', 'selection'];
  it('accepts the command\'s own arguments and every generation argument, frames included', () => {
    assert.doesNotThrow(() => refuseUnknownArgs({ uri: 'a.md', position: {}, frames: 6, n: 2, save: 'all', skipCostConfirmation: true }, OWN));
  });
  it('refuses anything else, listing its own arguments first', () => {
    assert.throws(() => refuseUnknownArgs({ uri: 'a.md', colour: 'red' }, OWN), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.field, 'colour');
      assert.match(e.message, /^Unknown argument "colour"\. Allowed: uri, position, selection, prompt, n, frames,/);
      return true;
    });
  });
});

describe('bundles', () => {
  it('keeps zod out of the webview bundles: they import the preset policy and types, never the declaration', async () => {
    const esbuild = await import('esbuild');
    const root = path.resolve(__dirname, '../../..');
    for (const entry of ['webview/generate/main.ts', 'webview/gallery/main.ts']) {
      const out = await esbuild.build({ entryPoints: [path.join(root, entry)], bundle: true, write: false, outdir: path.join(root, 'out/bundle-check'), metafile: true, platform: 'browser', format: 'esm', logLevel: 'silent' });
      const inputs = Object.keys(out.metafile.inputs);
      assert.ok(inputs.some((f) => f.includes('src/core/catalogue')), `${entry}: expected the catalogue among ${inputs.length} inputs`);
      assert.deepEqual(inputs.filter((f) => f.includes('node_modules/zod') || f.endsWith('src/core/params.ts')), [], entry);
    }
  });
});
