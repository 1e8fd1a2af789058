// The output format and its own options: which models and providers make GIF and SVG, and the options that go with
// each (frames and frame duration for GIF, the author model and effort for SVG, complexity where the model takes it).
// No Node imports: the Generate webview bundles this module too.
import {
  ANIMATION_AND_VECTOR_SIZE_RULES, COMPLEXITIES, FORMATS, GIF_FRAME_DURATION_MS, GIF_FRAMES, SVG_EFFORTS, modelsFor, type ModelInfo,
} from './catalogue';
import { ValidationError, listValues, quoteValue } from './errors';
import { providers } from './providers/registry';
import type { ImageRequest } from './types';

function fail(field: string, value: unknown, problem: string, allowed: readonly string[], hint?: string): never {
  throw new ValidationError(field, `${field} ${quoteValue(value)}: ${problem}. Allowed: ${allowed.join(', ')}.`, { allowed, ...(hint ? { hint } : {}) });
}

function intIn(field: string, value: unknown, min: number, max: number): void {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  fail(field, value, `must be a whole number from ${min} to ${max}`, [`${min}–${max}`]);
}

/** Checks outputFormat and the options that belong to it; returns the model with the size rules of that format. */
export function checkOutputFormat(req: ImageRequest, model: ModelInfo): ModelInfo {
  const format = req.outputFormat;
  if (!FORMATS.includes(format)) fail('outputFormat', format, 'not supported', model.formats);
  const provider = providers.get(req.provider);
  if (!provider.capabilities.formats.includes(format)) {
    fail('outputFormat', format, `${provider.label} cannot deliver ${format} images`, provider.capabilities.formats.filter((f) => model.formats.includes(f)));
  }
  if (!model.formats.includes(format)) {
    const can = modelsFor(req.provider).filter((m) => m.formats.includes(format)).map((m) => m.id);
    fail('outputFormat', format, `${model.id} does not make ${format} images${can.length ? `; models that can: ${listValues(can, 'and')}` : ''}`, model.formats,
      can.length ? `For ${format} output use ${listValues(can)}.` : undefined);
  }
  if (req.complexity !== undefined) {
    if (!model.supportsComplexity) fail('complexity', req.complexity, `${model.id} does not take complexity`, ['omit it']);
    if (!COMPLEXITIES.includes(req.complexity)) fail('complexity', req.complexity, 'not supported', COMPLEXITIES);
  }
  checkGifOptions(req);
  checkSvgOptions(req);
  if (format === 'gif' || format === 'svg') {
    if (req.frames !== undefined) fail('frames', req.frames, `a sequence continues from its last frame as a raster reference, which ${format} output cannot give`, ['png', 'jpeg', 'webp output']);
    return { ...model, customSizes: ANIMATION_AND_VECTOR_SIZE_RULES };
  }
  return model;
}

function checkGifOptions(req: ImageRequest): void {
  const gif = req.outputFormat === 'gif';
  if (req.gifFrames !== undefined) {
    if (!gif) fail('gifFrames', req.gifFrames, `only applies to outputFormat gif (outputFormat is ${quoteValue(req.outputFormat)})`, ['outputFormat gif']);
    intIn('gifFrames', req.gifFrames, GIF_FRAMES.min, GIF_FRAMES.max);
  }
  if (req.gifFrameDurationMs !== undefined) {
    if (!gif) fail('gifFrameDurationMs', req.gifFrameDurationMs, `only applies to outputFormat gif (outputFormat is ${quoteValue(req.outputFormat)})`, ['outputFormat gif']);
    intIn('gifFrameDurationMs', req.gifFrameDurationMs, GIF_FRAME_DURATION_MS.min, GIF_FRAME_DURATION_MS.max);
  }
  if (!gif) return;
  if (req.mask) fail('mask', req.mask.name, 'GIF output does not take a mask', ['no mask']);
  if (req.outputCompression !== undefined) fail('outputCompression', req.outputCompression, 'GIF output does not take compression', ['omit it']);
}

function checkSvgOptions(req: ImageRequest): void {
  const svg = req.outputFormat === 'svg';
  if (req.svgModel !== undefined) {
    if (!svg) fail('svgModel', req.svgModel, `only applies to outputFormat svg (outputFormat is ${quoteValue(req.outputFormat)})`, ['outputFormat svg']);
    if (typeof req.svgModel !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/.test(req.svgModel)) fail('svgModel', req.svgModel, 'expected a model id', ['a model id']);
  }
  if (req.svgEffort !== undefined) {
    if (!svg) fail('svgEffort', req.svgEffort, `only applies to outputFormat svg (outputFormat is ${quoteValue(req.outputFormat)})`, ['outputFormat svg']);
    if (!SVG_EFFORTS.includes(req.svgEffort)) fail('svgEffort', req.svgEffort, 'not supported', SVG_EFFORTS);
    if (req.svgModel === undefined) fail('svgEffort', req.svgEffort, 'the SVG author\'s effort is sent with its model: set svgModel too', ['with svgModel']);
  }
  if (!svg) return;
  if (req.n !== 1) fail('n', req.n, 'SVG output makes one image per request', ['1']);
  if (req.outputCompression !== undefined) fail('outputCompression', req.outputCompression, 'SVG output does not take compression', ['omit it']);
}

/** SVG and GIF answers are not streamed: partial images are dropped for them, as for providers that cannot stream. */
export function streams(req: ImageRequest): boolean {
  return req.outputFormat !== 'svg' && req.outputFormat !== 'gif' && providers.get(req.provider).capabilities.streaming;
}
