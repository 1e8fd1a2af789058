// Sizes across providers: a WIDTHxHEIGHT or an aspect ratio (+ resolution) mapped to the size language of the chosen
// model (OpenAI pixels with its rules, FLUX width × height up to 4 MP, Gemini aspect ratio + resolution), what each
// provider's request carries for it, and the panel's carrying of a size from one model to another.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGenerateArgs } from '../../src/core/generateArgs';
import { getModel } from '../../src/core/catalogue';
import { ValidationError } from '../../src/core/errors';
import { carrySize, checkCustomSize, resolveSizeIntent, sentSizeOf, sizeLanguage } from '../../src/core/sizes';
import { sizeChoices, switchModel } from '../../webview/generate/sizes';

const gpt = getModel('gpt-image-2');
const flux = getModel('flux-2-pro');
const nano2 = getModel('gemini-3.1-flash-image');
const nano = getModel('gemini-2.5-flash-image');
const gpt1 = getModel('gpt-image-1.5');

function refused(fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ValidationError && e.field === field && message.test(e.message));
}

describe('size languages', () => {
  it('each model speaks one', () => {
    assert.equal(sizeLanguage(gpt), 'pixels');
    assert.equal(sizeLanguage(flux), 'pixels');
    assert.equal(sizeLanguage(nano2), 'aspect-ratio');
    assert.equal(sizeLanguage(getModel('google/gemini-2.5-flash-image')), 'aspect-ratio');
    assert.equal(sizeLanguage(gpt1), 'presets');
  });
});

describe('resolveSizeIntent', () => {
  it('no size at all leaves the default to the preset', () => {
    assert.equal(resolveSizeIntent({}, gpt), undefined);
  });

  it('a size in the model\'s own language passes as it is, even a wrong one (validation names its rule)', () => {
    assert.deepEqual(resolveSizeIntent({ size: '1536x1024' }, gpt), { size: '1536x1024', asked: '1536x1024' });
    assert.deepEqual(resolveSizeIntent({ size: '1000x1000' }, gpt), { size: '1000x1000', asked: '1000x1000' });
    assert.deepEqual(resolveSizeIntent({ size: '1376x768' }, nano2), { size: '1376x768', asked: '1376x768' });
    assert.deepEqual(resolveSizeIntent({ size: 'auto' }, nano2), { size: 'auto', asked: 'auto' });
  });

  it('WIDTHxHEIGHT on a Gemini model becomes the nearest aspect ratio and resolution, said plainly', () => {
    const r = resolveSizeIntent({ size: '1536x1024' }, nano2)!;
    assert.equal(r.size, '1264x848');
    assert.match(r.note!, /1536x1024 became 3:2 at 1K \(1264x848\)/);
    const big = resolveSizeIntent({ size: '3840x2160' }, nano2)!;
    assert.equal(big.size, '2752x1536', '16:9 at the tier nearest 8.3 MP (2K, 4.2 MP, rather than 4K, 16.9 MP)');
    const wide = resolveSizeIntent({ size: '1920x1080' }, nano)!;
    assert.equal(wide.size, '1344x768', 'Gemini 2.5 has one tier');
  });

  it('aspectRatio on a Gemini model: its own table, 1K by default, an unknown ratio or tier named', () => {
    assert.deepEqual(resolveSizeIntent({ aspectRatio: '16:9' }, nano2), { size: '1376x768', asked: '16:9' });
    assert.deepEqual(resolveSizeIntent({ aspectRatio: '9:16', resolution: '2K' }, nano2), { size: '1536x2752', asked: '9:16 at 2K' });
    refused(() => resolveSizeIntent({ aspectRatio: '2:1' }, nano2), 'aspectRatio', /does not make it\. Allowed: 1:1, 2:3/);
    refused(() => resolveSizeIntent({ aspectRatio: '16:9', resolution: '4K' }, nano), 'resolution', /makes 16:9 at 1K only/);
  });

  it('aspectRatio on gpt-image-2: pixels at the resolution, snapped to its rules (multiples of 16, at least 655,360 pixels)', () => {
    const r = resolveSizeIntent({ aspectRatio: '16:9', resolution: '1K' }, gpt)!;
    assert.equal(r.size, '1360x768');
    assert.match(r.note!, /sized in pixels: 16:9 at 1K became 1360x768/);
    const small = resolveSizeIntent({ aspectRatio: '1:1', resolution: '512' }, gpt)!;
    const [w, h] = small.size.split('x').map(Number) as [number, number];
    assert.ok(w * h >= 655_360 && checkCustomSize(w, h, gpt).length === 0, small.size);
    assert.match(small.note!, /the least it makes is 655,360 pixels/);
  });

  it('aspectRatio on FLUX.2: at most 4 megapixels', () => {
    const r = resolveSizeIntent({ aspectRatio: '16:9', resolution: '4K' }, flux)!;
    const [w, h] = r.size.split('x').map(Number) as [number, number];
    assert.ok(w * h <= 4 * 1024 * 1024 && w % 16 === 0 && h % 16 === 0, r.size);
    assert.ok(Math.abs(w / h - 16 / 9) < 0.02, r.size);
    assert.match(r.note!, /the most it makes is 4,194,304 pixels/);
  });

  it('aspectRatio on a preset-only model: the preset of the nearest shape', () => {
    assert.equal(resolveSizeIntent({ aspectRatio: '16:9' }, gpt1)!.size, '1536x1024');
    assert.equal(resolveSizeIntent({ aspectRatio: '2:3' }, gpt1)!.size, '1024x1536');
  });

  it('contradictions and bad values name their field', () => {
    refused(() => resolveSizeIntent({ size: '1024x1024', aspectRatio: '1:1' }, gpt), 'aspectRatio', /not both/);
    refused(() => resolveSizeIntent({ resolution: '2K' }, gpt), 'resolution', /goes with aspectRatio/);
    refused(() => resolveSizeIntent({ aspectRatio: 'wide' }, gpt), 'aspectRatio', /expected W:H/);
  });
});

describe('the automation arguments declare aspectRatio and resolution', () => {
  it('accepts them and names a bad one', () => {
    const a = parseGenerateArgs({ prompt: 'x', aspectRatio: '16:9', resolution: '2K' });
    assert.equal(a.aspectRatio, '16:9');
    assert.equal(a.resolution, '2K');
    refused(() => parseGenerateArgs({ prompt: 'x', aspectRatio: '16/9' }), 'aspectRatio', /must be W:H/);
    refused(() => parseGenerateArgs({ prompt: 'x', aspectRatio: '1:1', resolution: '8K' }), 'resolution', /Allowed: 512, 1K, 2K, 4K/);
  });
});

describe('what each provider sends for a size', () => {
  it('OpenAI size, FLUX width and height, Gemini aspect ratio and imageSize, OpenRouter aspect ratio', () => {
    assert.deepEqual(sentSizeOf('openai', 'gpt-image-2', '1536x1024'), { size: '1536x1024' });
    assert.deepEqual(sentSizeOf('bfl', 'flux-2-pro', '1360x768'), { width: 1360, height: 768 });
    assert.deepEqual(sentSizeOf('gemini', 'gemini-3.1-flash-image', '1536x2752'), { aspectRatio: '9:16', resolution: '2K' });
    assert.deepEqual(sentSizeOf('gemini', 'gemini-2.5-flash-image', '1344x768'), { aspectRatio: '16:9' });
    assert.deepEqual(sentSizeOf('openrouter', 'google/gemini-3.1-flash-image-preview', '1376x768'), { aspectRatio: '16:9' });
    assert.deepEqual(sentSizeOf('gemini', 'gemini-3-pro-image', 'auto'), { size: 'auto' });
  });
});

describe('carrySize: switching models keeps the intent', () => {
  it('a size both take stays', () => {
    assert.deepEqual(carrySize('1024x1024', gpt, flux), { size: '1024x1024', asked: '1024x1024' });
    assert.deepEqual(carrySize('auto', gpt, nano2), { size: 'auto', asked: 'auto' });
  });
  it('pixels to Gemini: the nearest ratio and resolution, said', () => {
    const r = carrySize('1536x1024', gpt, nano2);
    assert.equal(r.size, '1264x848');
    assert.match(r.note!, /3:2 at 1K/);
  });
  it('Gemini to pixels: the same ratio and resolution in pixels', () => {
    assert.deepEqual(carrySize('2752x1536', nano2, gpt), { size: '2752x1536', asked: '2752x1536' }, 'a Gemini size gpt-image-2 takes stays');
    const r = carrySize('5504x3072', nano2, gpt);
    assert.equal(r.size, '3840x2160');
    assert.match(r.note!, /16:9 at 4K became 3840x2160 \(the most it makes is 8,294,400 pixels\)/);
  });
  it('gpt-image-2\'s 4K to FLUX.2: the nearest size under 4 MP', () => {
    const r = carrySize('3840x2160', gpt, flux);
    const [w, h] = r.size.split('x').map(Number) as [number, number];
    assert.ok(w * h <= 4 * 1024 * 1024, r.size);
    assert.match(r.note!, /cannot make 3840x2160/);
  });
});

describe('the panel keeps the intent when switching models', () => {
  const form = {
    prompt: 'p', preset: 'custom', provider: 'openai', model: 'gpt-image-2', size: '1536x1024', quality: 'high', background: 'auto',
    outputFormat: 'webp', outputCompression: 80, n: 1, frames: 4,
  } as const;
  it('to a Gemini provider: its first model, the nearest ratio said, settings it takes', () => {
    const r = switchModel(form, { provider: 'gemini' });
    assert.deepEqual(r.change, { provider: 'gemini', model: 'gemini-3.1-flash-image', size: '1264x848', quality: 'auto', background: 'auto', outputFormat: 'png' });
    assert.match(r.note!, /1536x1024 became 3:2 at 1K \(1264x848\)/);
  });
  it('a size the new model takes stays, and nothing is said', () => {
    const r = switchModel({ ...form, size: '1024x1024' }, { provider: 'bfl' });
    assert.equal(r.change.model, 'flux-2-pro');
    assert.equal(r.change.size, '1024x1024');
    assert.equal(r.note, undefined);
  });
  it('the size list of a Gemini model is in its language', () => {
    assert.ok(sizeChoices('gemini-3.1-flash-image').some((c) => c.value === '1376x768' && c.label === '16:9 · 1K (1376×768)'));
  });
});
