// GIF and SVG requests end to end in the core: which models take them and with which options, the SDK body,
// the engine keeping them (and refusing an unsafe SVG into the history only), and the save plan's extension and sidecar.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { extensionFor, sidecarFor } from '../../src/core/savePlan';
import { getModel } from '../../src/core/catalogue';
import { GenerationEngine, type GenerationEvent } from '../../src/core/engine';
import { ValidationError } from '../../src/core/errors';
import { HistoryStore } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import { openaiFormatParams } from '../../src/core/providers/openai/formatParams';
import { parseSidecar, serializeSidecar } from '../../src/core/sidecar';
import type { ImageProvider, ImageRequest, ProviderCall, ProviderResult } from '../../src/core/types';
import { validateRequest } from '../../src/core/validate';
import { encodeGif, makeSvg } from '../fake-provider/gif-svg';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

const req = (over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt: 'a paper plane icon', model: 'gpt-image-2.6-sunburst', provider: 'openai', n: 1, size: '1024x1024',
  quality: 'low', background: 'auto', outputFormat: 'svg', ...over,
});

function refusedOn(field: string, over: Partial<ImageRequest>, message: RegExp, allowed?: readonly string[]): void {
  assert.throws(() => validateRequest(req(over)), (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    assert.equal(e.field, field, e.message);
    assert.match(e.message, message);
    if (allowed) assert.deepEqual(e.allowed, allowed);
    return true;
  });
}

describe('catalogue and validation of GIF and SVG', () => {
  it('gives svg and gif to the gpt-image-2.6 models only', () => {
    for (const id of ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-flare-2026-09-08']) {
      assert.deepEqual(getModel(id).formats, ['png', 'jpeg', 'webp', 'gif', 'svg'], id);
      assert.equal(getModel(id).supportsComplexity, true);
    }
    for (const id of ['gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-1.5', 'chatgpt-image-latest']) {
      assert.deepEqual(getModel(id).formats, ['png', 'jpeg', 'webp'], id);
      assert.equal(getModel(id).supportsComplexity, false);
    }
  });

  it('refuses svg and gif elsewhere, naming the field, the allowed values and the models that can', () => {
    refusedOn('outputFormat', { model: 'gpt-image-2' }, /gpt-image-2 does not make svg images; models that can: gpt-image-2\.6-sunburst and gpt-image-2\.6-flare/, ['png', 'jpeg', 'webp']);
    refusedOn('outputFormat', { model: 'gpt-image-2.5-flare', outputFormat: 'gif' }, /does not make gif images/, ['png', 'jpeg', 'webp']);
    refusedOn('outputFormat', { provider: 'offline' }, /Offline placeholder cannot deliver svg images/, ['png', 'jpeg', 'webp']);
  });

  it('accepts a 1024x1024 GIF and sizes gpt-image-2.6 cannot take in raster', () => {
    assert.equal(validateRequest(req({ outputFormat: 'gif', gifFrames: 6, gifFrameDurationMs: 120 })).size, '1024x1024');
    assert.equal(validateRequest(req({ outputFormat: 'gif', size: '512x512' })).size, '512x512');
    assert.equal(validateRequest(req({ size: '64x64' })).size, '64x64');
    refusedOn('size', { outputFormat: 'png', size: '512x512' }, /accepts only/);
    refusedOn('size', { outputFormat: 'gif', size: '4096x4096' }, /4096/);
  });

  it('checks GIF options: frames 2–16, duration, no mask, no compression, gif only', () => {
    refusedOn('gifFrames', { outputFormat: 'gif', gifFrames: 17 }, /from 2 to 16/, ['2–16']);
    refusedOn('gifFrames', { outputFormat: 'gif', gifFrames: 1 }, /from 2 to 16/);
    refusedOn('gifFrames', { outputFormat: 'png', gifFrames: 6 }, /only applies to outputFormat gif/);
    refusedOn('gifFrameDurationMs', { outputFormat: 'gif', gifFrameDurationMs: 0 }, /from 10 to 655350/);
    refusedOn('outputCompression', { outputFormat: 'gif', outputCompression: 50 }, /GIF output does not take compression/);
    const mask = { name: 'mask.png', mimeType: 'image/png' as const, bytes: new Uint8Array(8) };
    refusedOn('mask', { outputFormat: 'gif', mask, references: [{ ...mask, name: 'ref.png' }] }, /GIF output does not take a mask/);
  });

  it('checks SVG options: n=1, effort with its model, svg only; complexity where the model takes it', () => {
    refusedOn('n', { n: 2 }, /one image per request/, ['1']);
    refusedOn('svgModel', { outputFormat: 'png', svgModel: 'gpt-5' }, /only applies to outputFormat svg/);
    refusedOn('svgEffort', { svgEffort: 'high' }, /set svgModel too/);
    refusedOn('svgEffort', { svgModel: 'gpt-5', svgEffort: 'huge' as never }, /not supported/);
    refusedOn('complexity', { model: 'gpt-image-2', outputFormat: 'png', complexity: 'high' }, /gpt-image-2 does not take complexity/);
    refusedOn('frames', { frames: 4 }, /raster reference/);
    assert.equal(validateRequest(req({ complexity: 'high', svgModel: 'gpt-5', svgEffort: 'low' })).complexity, 'high');
  });

  it('does not stream GIF or SVG: partial images are dropped', () => {
    assert.equal(validateRequest(req({ outputFormat: 'gif', partialImages: 2 })).partialImages, 0);
    assert.equal(validateRequest(req({ outputFormat: 'png', partialImages: 2 })).partialImages, 2);
  });
});

describe('openaiFormatParams', () => {
  it('maps GIF options to frame_count and frame_duration_ms, and nothing of SVG', () => {
    assert.deepEqual(openaiFormatParams(req({ outputFormat: 'gif', gifFrames: 6, gifFrameDurationMs: 120, complexity: 'low', svgModel: 'x' })),
      { output_format: 'gif', complexity: 'low', frame_count: 6, frame_duration_ms: 120 });
  });

  it('maps the SVG author to svg.model and svg.reasoning.effort, and omits svg without a model', () => {
    assert.deepEqual(openaiFormatParams(req({ svgModel: 'gpt-5', svgEffort: 'minimal', gifFrames: 3 })),
      { output_format: 'svg', svg: { model: 'gpt-5', reasoning: { effort: 'minimal' } } });
    assert.deepEqual(openaiFormatParams(req()), { output_format: 'svg' });
  });

  it('sends compression for jpeg and webp only', () => {
    assert.deepEqual(openaiFormatParams(req({ outputFormat: 'webp', outputCompression: 70 })), { output_format: 'webp', output_compression: 70 });
    assert.deepEqual(openaiFormatParams(req({ outputFormat: 'png', outputCompression: 70 })), { output_format: 'png' });
  });
});

async function engineWith(answer: (c: ProviderCall) => ProviderResult) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-svggif-'));
  roots.push(root);
  const history = new HistoryStore(root);
  const calls: ProviderCall[] = [];
  const provider: ImageProvider = { id: 'openai', call: async (c) => { calls.push(c); return answer(c); } };
  const engine = new GenerationEngine({ history, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 2, maxRetries: () => 0, retryBaseDelayMs: 1 });
  return { history, engine, calls };
}

describe('engine with GIF and SVG', () => {
  it('keeps an SVG as .svg with its size read from the document', async () => {
    const svg = makeSvg(1024, 1024, 'plane');
    const { engine, history } = await engineWith(() => ({ images: [{ bytes: svg }] }));
    const rec = await engine.generate(req());
    assert.equal(rec.status, 'complete');
    assert.deepEqual(rec.images.map((i) => [i.file, i.format, i.width, i.height]), [['01.svg', 'svg', 1024, 1024]]);
    assert.deepEqual(await fs.readFile(history.imagePath(rec.id, '01.svg')), Buffer.from(svg));
  });

  it('keeps a 6-frame GIF as .gif with its frames, and refuses one with the wrong number of frames', async () => {
    let frames = 6;
    const { engine } = await engineWith(() => ({ images: [{ bytes: encodeGif({ width: 64, height: 64, frames, seed: 'spin' }) }] }));
    const rec = await engine.generate(req({ outputFormat: 'gif', size: '64x64', gifFrames: 6 }));
    assert.deepEqual(rec.images.map((i) => [i.file, i.format, i.frames]), [['01.gif', 'gif', 6]]);
    frames = 5;
    const bad = await engine.generate(req({ outputFormat: 'gif', size: '64x64', gifFrames: 6 }));
    assert.equal(bad.images.length, 0);
    assert.match(bad.errors[0]!.message, /Expected 6 frames but the GIF has 5/);
  });

  it('keeps an SVG with a <script> in the history only, and the error names the image and the reason', async () => {
    const hostile = makeSvg(256, 256, 'evil', true);
    const { engine, history } = await engineWith(() => ({ images: [{ bytes: hostile }] }));
    const events: GenerationEvent[] = [];
    const rec = await engine.generate(req({ size: '256x256' }), { onEvent: (e) => events.push(e) });
    assert.equal(rec.status, 'failed');
    assert.deepEqual(rec.images, [], 'never among the images a save can pick');
    assert.equal(rec.errors.length, 1);
    const err = rec.errors[0]!;
    assert.equal(err.index, 0);
    assert.equal(err.code, 'bad-image');
    assert.match(err.message, /^Image 1 \(SVG\) was not saved because it contains a <script> element/);
    assert.equal(err.file, '01.refused.svg');
    assert.deepEqual(await fs.readFile(history.imagePath(rec.id, err.file!)), Buffer.from(hostile), 'kept byte for byte in the history');
    const imageError = events.find((e) => e.kind === 'image-error');
    assert.ok(imageError && imageError.kind === 'image-error' && /<script>/.test(imageError.error.message));
    assert.equal((await history.get(rec.id))?.errors[0]?.file, '01.refused.svg');
  });
});

describe('save plan for GIF and SVG', () => {
  it('writes .svg and .gif, and a sidecar that reads back with the format', async () => {
    assert.equal(extensionFor('svg'), 'svg');
    assert.equal(extensionFor('gif'), 'gif');
    const { engine } = await engineWith(() => ({ images: [{ bytes: encodeGif({ width: 32, height: 32, frames: 3, seed: 's' }) }] }));
    const rec = await engine.generate(req({ outputFormat: 'gif', size: '32x32', gifFrames: 3 }));
    const sidecar = parseSidecar(serializeSidecar(sidecarFor(rec, rec.images[0]!)));
    assert.equal(sidecar.format, 'gif');
    assert.equal(sidecar.parameters.outputFormat, 'gif');
    assert.equal(sidecar.width, 32);
  });
});
