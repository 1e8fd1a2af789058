// The Generate panel's model-specific controls: which show for which model (complexity, GIF frames and duration,
// the SVG author and effort, markup), what the form then sends, and the host's checks of markup and of the new fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors';
import { readPngHeader } from '../../src/core/imaging/png-header';
import { encodePng } from '../../src/core/imaging/png';
import { openaiFormatParams } from '../../src/core/providers/openai/formatParams';
import { parseGenerateArgs } from '../../src/core/generateArgs';
import type { ImageRequest } from '../../src/core/types';
import { validateRequest } from '../../src/core/validate';
import { formControls, formOptions } from '../../src/panels/generate/formControls';
import { requestFromForm } from '../../src/panels/generate/request';
import { validateGenerateMessage, type GenerateForm } from '../../src/protocol';

const form = (over: Partial<GenerateForm> = {}): GenerateForm => ({
  prompt: 'a lighthouse', preset: 'custom', provider: 'openai', model: 'gpt-image-2', size: '1024x1024', quality: 'auto',
  background: 'auto', outputFormat: 'png', outputCompression: 80, n: 1, frames: 4, ...over,
});

/** A w×h PNG: transparent with an opaque dot when `alpha`, otherwise opaque RGB. */
function png(w: number, h: number, alpha = true): Uint8Array {
  const rgba = new Uint8Array(w * h * 4);
  rgba.set([255, 0, 0, 255], 0);
  return encodePng(rgba, w, h, { alpha });
}

function refused(r: ImageRequest, field: string, message: RegExp): void {
  assert.throws(() => validateRequest(r), (e: unknown) => e instanceof ValidationError && e.field === field && message.test(e.message));
}

describe('Generate panel: which model-specific controls show', () => {
  it('gpt-image-2 shows none of them, whatever the format', () => {
    for (const outputFormat of ['png', 'gif', 'svg'] as const) {
      assert.deepEqual(formControls(form({ outputFormat })), { complexity: false, gif: false, svg: false, markup: false });
    }
  });

  it('gpt-image-2.6 shows complexity, and the GIF or SVG options with that format; no markup', () => {
    const m = 'gpt-image-2.6-sunburst';
    assert.deepEqual(formControls(form({ model: m })), { complexity: true, gif: false, svg: false, markup: false });
    assert.deepEqual(formControls(form({ model: m, outputFormat: 'gif' })), { complexity: true, gif: true, svg: false, markup: false });
    assert.deepEqual(formControls(form({ model: 'gpt-image-2.6-flare', outputFormat: 'svg' })), { complexity: true, gif: false, svg: true, markup: false });
  });

  it('gpt-image-2.5 shows markup (on OpenAI and Azure, which edit), not complexity', () => {
    assert.deepEqual(formControls(form({ model: 'gpt-image-2.5-flare' })), { complexity: false, gif: false, svg: false, markup: true });
    assert.equal(formControls(form({ model: 'gpt-image-2.5-sunburst', provider: 'azure' })).markup, true);
  });

  it('GIF and SVG options need a provider that delivers them (the offline placeholder renders pixels only)', () => {
    assert.equal(formControls(form({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', provider: 'offline' })).gif, false);
    assert.equal(formControls(form({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', provider: 'azure' })).gif, true);
  });

  it('models of other providers show none', () => {
    assert.deepEqual(formControls(form({ provider: 'gemini', model: 'gemini-2.5-flash-image' })), { complexity: false, gif: false, svg: false, markup: false });
  });

  it('a model id the catalogue does not know shows them all: the API decides', () => {
    assert.deepEqual(formControls(form({ model: 'gpt-image-9', outputFormat: 'gif' })), { complexity: true, gif: true, svg: false, markup: true });
  });
});

describe('Generate panel: what the model-specific controls send', () => {
  const all = { complexity: 'high', gifFrames: 6, gifFrameDurationMs: 120, svgModel: 'gpt-5.5', svgEffort: 'low' } as const;

  it('sends only the options whose control shows: nothing left over from another model or format', () => {
    assert.deepEqual(formOptions(form({ ...all })), {});
    assert.deepEqual(formOptions(form({ ...all, model: 'gpt-image-2.6-sunburst' })), { complexity: 'high' });
    assert.deepEqual(formOptions(form({ ...all, model: 'gpt-image-2.6-sunburst', outputFormat: 'gif' })), { complexity: 'high', gifFrames: 6, gifFrameDurationMs: 120 });
    assert.deepEqual(formOptions(form({ ...all, model: 'gpt-image-2.6-sunburst', outputFormat: 'svg' })), { complexity: 'high', svgModel: 'gpt-5.5', svgEffort: 'low' });
  });

  it('sends the SVG effort only with an author model, and unset options not at all', () => {
    assert.deepEqual(formOptions(form({ model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', svgModel: '  ', svgEffort: 'high' })), {});
    assert.deepEqual(formOptions(form({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif' })), {});
  });

  it('a GIF form becomes a request the host accepts and the OpenAI body carries frame_count and frame_duration_ms', () => {
    const r = requestFromForm(form({ ...all, model: 'gpt-image-2.6-sunburst', outputFormat: 'gif' }));
    const v = validateRequest(r);
    assert.equal(v.partialImages, 0);
    assert.deepEqual(openaiFormatParams(r), { output_format: 'gif', complexity: 'high', frame_count: 6, frame_duration_ms: 120 });
  });

  it('the page\'s message with a GIF or SVG form and a markup overlay passes the host\'s checks; bad values name their field', () => {
    const ok = (f: GenerateForm, extra: Record<string, unknown> = {}) => validateGenerateMessage({ type: 'generate/run', messageId: 1, form: f, references: [], ...extra });
    assert.equal(ok(form({ ...all, model: 'gpt-image-2.6-sunburst', outputFormat: 'gif' })).ok, true);
    assert.equal(ok(form({ model: 'gpt-image-2.6-sunburst', outputFormat: 'svg' })).ok, true);
    assert.equal(ok(form({ model: 'gpt-image-2.5-flare' }), { markup: png(4, 4) }).ok, true);
    const bad = ok(form({ gifFrames: 17 }));
    assert.equal(bad.ok, false);
    assert.match((bad as { problem: string }).problem, /gifFrames/);
    assert.match((ok(form({ complexity: 'extreme' as never })) as { problem: string }).problem, /complexity/);
  });

  it('Regenerate names the earlier generation (its translation is kept); anything but a generation id is refused', () => {
    const ok = (extra: Record<string, unknown>) => validateGenerateMessage({ type: 'generate/run', messageId: 1, form: form({}), references: [], ...extra });
    assert.equal(ok({ regenerateOf: '20261202-050901-ae4a77' }).ok, true);
    assert.match((ok({ regenerateOf: '../x' }) as { problem: string }).problem, /regenerateOf/);
  });
});

describe('Generate panel: Export Icon Set and Save Web Copy on a result', () => {
  it('the request names the result and the export; anything else is refused', () => {
    const m = { type: 'generate/exportResult', messageId: 3, generationId: '20261202-050901-ae4a77', index: 0, preset: 'icon', export: 'iconSet' };
    assert.equal(validateGenerateMessage(m).ok, true);
    assert.equal(validateGenerateMessage({ ...m, export: 'webCopy' }).ok, true);
    assert.equal(validateGenerateMessage({ ...m, export: 'checkText' }).ok, true, 'Check text on a result');
    assert.match((validateGenerateMessage({ ...m, export: 'checktext' }) as { problem: string }).problem, /export/);
    assert.match((validateGenerateMessage({ ...m, export: 'zip' }) as { problem: string }).problem, /export/);
    assert.match((validateGenerateMessage({ ...m, generationId: '../x' }) as { problem: string }).problem, /generationId/);
  });
});

describe('markup', () => {
  const reference = { name: 'scene.png', mimeType: 'image/png' as const, bytes: png(64, 48, false) };
  const markup = { name: 'markup.png', mimeType: 'image/png' as const, bytes: png(64, 48) };
  const edit = (over: Partial<ImageRequest> = {}): ImageRequest => ({
    ...requestFromForm(form({ model: 'gpt-image-2.5-sunburst' }), [reference], undefined, markup.bytes), ...over,
  });

  it('the form sends it as markup.png with the references, and the host accepts it for gpt-image-2.5', () => {
    const r = edit();
    assert.equal(r.markup?.name, 'markup.png');
    assert.equal(r.markup?.mimeType, 'image/png');
    assert.equal(validateRequest(r).model, 'gpt-image-2.5-sunburst');
  });

  it('is refused on a model without markup, naming the field and the models that take it', () => {
    refused(edit({ model: 'gpt-image-2' }), 'markup', /gpt-image-2 does not take markup; models that can: gpt-image-2\.5-sunburst and gpt-image-2\.5-flare/);
    refused(edit({ model: 'gpt-image-2.6-sunburst' }), 'markup', /does not take markup/);
  });

  it('is refused without a reference, with a mask, without transparency, or at another size than the first reference', () => {
    refused(edit({ references: undefined }), 'markup', /first reference image, and there is none/);
    refused(edit({ mask: { name: 'mask.png', mimeType: 'image/png', bytes: png(64, 48) } }), 'markup', /cannot be combined with a mask/);
    refused(edit({ markup: { ...markup, bytes: png(64, 48, false) } }), 'markup', /no transparency/);
    refused(edit({ markup: { ...markup, bytes: png(32, 32) } }), 'markup', /is 32×32 but the first reference is 64×48/);
    refused(edit({ markup: { ...markup, mimeType: 'image/webp' as never } }), 'markup', /not supported/);
  });

  it('is an automation argument: a path or a Uri, like mask', () => {
    assert.equal(parseGenerateArgs({ prompt: 'x', references: ['a.png'], markup: 'marks.png' }).markup, 'marks.png');
    const uri = { scheme: 'file', path: '/w/marks.png' };
    assert.equal(parseGenerateArgs({ prompt: 'x', markup: uri }).markup, uri);
    assert.throws(() => parseGenerateArgs({ prompt: 'x', markup: 3 }), (e: unknown) => e instanceof ValidationError && e.field === 'markup' && /vscode\.Uri or a path/.test(e.message));
  });

  it('readPngHeader reads the size and alpha (colour type or tRNS) from the header alone', () => {
    assert.deepEqual(readPngHeader(png(7, 5)), { width: 7, height: 5, hasAlpha: true });
    assert.deepEqual(readPngHeader(png(7, 5, false)), { width: 7, height: 5, hasAlpha: false });
    assert.equal(readPngHeader(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), undefined);
  });
});
