// Checks a request against the catalogue before any money is spent; every error names its field and the allowed values.
// No Node imports: the Generate webview bundles this module too.
import {
  BACKGROUNDS, COMPRESSIBLE_FORMATS, COMPRESSION_RANGE, MAX_FRAMES, MAX_MASK_BYTES, MAX_PARTIAL_IMAGES,
  MAX_REFERENCE_BYTES, PRODUCT_MAX_N, REFERENCE_MIME_TYPES, TRANSPARENT_FORMATS,
  describeAllowedSizes, getModel, groupDigits, isProviderId, maxPerCall, modelsFor, providersOf, retiredModel, type ModelInfo,
} from './catalogue';
import { formatFromMime, formatLabel, sniffFormat } from './imaging/formats';
import { readPngHeader } from './imaging/png-header';
import { ValidationError, listValues, quoteValue } from './errors';
import { checkCustomSize, formatSize, nearestValidSize, tryParseSize, type Dimensions } from './sizes';
import { checkOutputFormat, streams } from './validateFormat';
import { PROVIDER_IDS, providers } from './providers/registry';
import type { ImageInput, ImageRequest } from './types';

export { checkCustomSize, nearestValidSize, parseSize, tryParseSize, type Dimensions, type SizeProblem } from './sizes';

/** A request that passed validation, with what the rest of the pipeline needs already worked out. */
export interface ValidatedRequest extends Readonly<ImageRequest> {
  /** `auto` or a normalised `WIDTHxHEIGHT`. */
  readonly size: string;
  readonly dimensions: Dimensions | 'auto';
  readonly modelInfo: ModelInfo;
  /** 0 where the provider does not stream. */
  readonly partialImages: number;
  /** Images to produce in all: `frames` for a sequence, otherwise `n`. */
  readonly total: number;
  /** Images one provider call may ask for. */
  readonly perCall: number;
}

export interface ValidateOptions {
  /** Images per request; default 8. */
  readonly maxN?: number;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

function fail(field: string, value: unknown, problem: string, allowed: readonly string[], allowedText?: string, hint?: string): never {
  const text = allowedText ?? allowed.join(', ');
  throw new ValidationError(field, `${field} ${quoteValue(value)}: ${problem}. Allowed: ${text}.`, { allowed, ...(hint ? { hint } : {}) });
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], what = 'not supported'): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, value, what, allowed);
}

function intInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  return fail(field, value, `must be a whole number from ${min} to ${max}`, [`${min}–${max}`]);
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) count++;
    else {
      const next = text.charCodeAt(i + 1);
      count++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

function checkPrompt(prompt: unknown, model: ModelInfo): void {
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw new ValidationError('prompt', 'prompt: must not be empty. Describe the image you want.', { hint: 'Describe the image you want.' });
  }
  const chars = countCodePoints(prompt);
  if (chars > model.maxPromptChars) {
    const over = groupDigits(chars - model.maxPromptChars);
    throw new ValidationError('prompt', `prompt: ${groupDigits(chars)} characters is over the limit of ${groupDigits(model.maxPromptChars)} for ${model.id}. Shorten it by ${over} characters.`, {
      allowed: [`1–${model.maxPromptChars} characters`],
    });
  }
}

function checkSize(size: unknown, model: ModelInfo): Dimensions | 'auto' {
  const allowedText = describeAllowedSizes(model);
  const parsed = typeof size === 'string' ? tryParseSize(size) : null;
  if (parsed === null) return fail('size', size, 'expected auto or WIDTHxHEIGHT, e.g. 1536x1024', model.sizes, allowedText);
  if (parsed === 'auto') {
    if (!model.sizes.includes('auto')) fail('size', size, `${model.id} needs an explicit size`, model.sizes, allowedText);
    return 'auto';
  }
  const problems = checkCustomSize(parsed.width, parsed.height, model);
  if (problems.length > 0) {
    const near = nearestValidSize(parsed.width, parsed.height, model);
    const hint = near ? `Nearest valid size: ${formatSize(near)}.` : undefined;
    fail('size', size, problems.map((p) => p.message).join('; '), model.sizes, allowedText, hint);
  }
  return parsed;
}

function checkUpload(field: string, input: ImageInput, allowedMime: readonly ImageInput['mimeType'][], maxBytes: number): void {
  const label = typeof input?.name === 'string' && input.name !== '' ? input.name : field;
  if (!input || !(input.bytes instanceof Uint8Array) || input.bytes.length === 0) {
    throw new ValidationError(field, `${field} ${quoteValue(label)}: the image is empty or unreadable.`, { allowed: allowedMime });
  }
  const mime = oneOf(field, input.mimeType, allowedMime, `type ${quoteValue(input.mimeType)} of ${quoteValue(label)} is not supported`);
  if (input.bytes.length > maxBytes) {
    fail(field, label, `${groupDigits(input.bytes.length)} bytes is over the limit of ${groupDigits(maxBytes)}`, [`≤ ${groupDigits(maxBytes)} bytes`]);
  }
  const expected = formatFromMime(mime);
  if (expected === undefined || sniffFormat(input.bytes) !== expected) {
    fail(field, label, `the file is not a ${expected ? formatLabel(expected) : mime} image`, allowedMime);
  }
}

function checkReferences(req: ImageRequest, model: ModelInfo): void {
  const refs: readonly ImageInput[] = req.references ?? [];
  if (!Array.isArray(refs)) fail('references', refs, 'must be a list of images', [`0–${model.maxReferenceImages} images`]);
  if (refs.length > model.maxReferenceImages) {
    fail('references', `${refs.length} images`, `${model.id} takes at most ${model.maxReferenceImages} reference images`, [`0–${model.maxReferenceImages} images`]);
  }
  if (refs.length > 0 && !(providers.get(req.provider).capabilities.edit && model.supportsEdit)) {
    const editors = providers.all.filter((p) => p.capabilities.edit).map((p) => p.id);
    fail('references', `${refs.length} images`, `${providers.label(req.provider)} with ${model.id} cannot edit images`, editors, `providers ${listValues(editors)}, or no references`);
  }
  refs.forEach((ref, i) => checkUpload(`references[${i}]`, ref, REFERENCE_MIME_TYPES, MAX_REFERENCE_BYTES));
  if (req.mask === undefined) return;
  if (refs.length === 0) {
    throw new ValidationError('mask', 'mask: needs at least one reference image to apply to. Add the image to edit as a reference, or remove the mask.', {
      hint: 'Add the image to edit as a reference, or remove the mask.',
    });
  }
  if (!model.supportsMask) fail('mask', req.mask.name, `${model.id} does not take a mask`, ['no mask']);
  checkUpload('mask', req.mask, ['image/png'], MAX_MASK_BYTES);
}

/** Markup: a transparent PNG over the first reference, on the models that take it, never with a mask (openai 7.59.0 images.d.ts). */
function checkMarkup(req: ImageRequest, model: ModelInfo): void {
  const markup = req.markup;
  if (markup === undefined) return;
  const label = markup.name || 'markup';
  const first = req.references?.[0];
  if (!first) {
    throw new ValidationError('markup', 'markup: is drawn over the first reference image, and there is none. Add the image to edit as a reference, or remove the markup.', {
      hint: 'Add the image to edit as a reference, or remove the markup.',
    });
  }
  if (!model.supportsMarkup) {
    const can = modelsFor(req.provider).filter((m) => m.supportsMarkup).map((m) => m.id);
    fail('markup', label, `${model.id} does not take markup${can.length ? `; models that can: ${listValues(can, 'and')}` : ''}`, can.length ? can : ['no markup'],
      undefined, can.length ? `For markup use ${listValues(can)}.` : undefined);
  }
  if (req.mask !== undefined) fail('markup', label, 'markup cannot be combined with a mask', ['a mask or markup, not both']);
  checkUpload('markup', markup, ['image/png'], MAX_REFERENCE_BYTES);
  const info = readPngHeader(markup.bytes);
  if (!info) return fail('markup', label, 'the PNG header is damaged', ['a transparent PNG']);
  if (!info.hasAlpha) fail('markup', label, 'the PNG has no transparency: markup is drawn over the image, so all but the marks must be transparent', ['a transparent PNG']);
  // Compared with a PNG reference only: JPEG and WebP may carry an orientation that swaps the edges.
  const ref = first.mimeType === 'image/png' ? readPngHeader(first.bytes) : undefined;
  if (ref) {
    if (ref.width !== info.width || ref.height !== info.height) {
      fail('markup', label, `is ${info.width}×${info.height} but the first reference is ${ref.width}×${ref.height}; they must match`, [`${ref.width}×${ref.height}`]);
    }
  }
}

function checkBackground(req: ImageRequest, model: ModelInfo): void {
  if (!BACKGROUNDS.includes(req.background)) fail('background', req.background, 'not supported', model.backgrounds);
  if (req.background !== 'transparent') return;
  if (!model.backgrounds.includes('transparent')) {
    const alternatives = modelsForTransparency(req);
    const use = alternatives.length > 0 ? `; models that can: ${listValues(alternatives, 'and')}` : '';
    fail('background', req.background, `${model.id} does not support transparent backgrounds${use}`, model.backgrounds, undefined,
      alternatives.length > 0 ? `For a transparent background use ${listValues(alternatives)}.` : undefined);
  }
  if (!TRANSPARENT_FORMATS.includes(req.outputFormat)) {
    fail('background', req.background, `a transparent background needs outputFormat png or webp (got outputFormat ${quoteValue(req.outputFormat)})`,
      TRANSPARENT_FORMATS, 'outputFormat png or webp with background transparent; or background auto or opaque');
  }
}

/** A retired model answers only errors: refuse it before anything is sent, with the date and what replaces it. */
function checkNotRetired(req: ImageRequest): void {
  const retired = retiredModel(req.model);
  if (!retired) return;
  const available = modelsFor(req.provider).map((m) => m.id);
  const replacements = retired.replacements.filter((id) => available.includes(id));
  const use = replacements.length > 0 ? replacements : available;
  fail('model', req.model, `${retired.id} was retired by OpenAI on ${retired.since} and no longer answers; use ${listValues(use)} instead`, available,
    undefined, `Use ${listValues(use)} instead.`);
}

function modelsForTransparency(req: ImageRequest): string[] {
  return modelsFor(req.provider).filter((m) => m.backgrounds.includes('transparent')).map((m) => m.id);
}

/** Validate a request; throws a ValidationError for the first problem found. The prompt is returned exactly as given. */
export function validateRequest(req: ImageRequest, opts: ValidateOptions = {}): ValidatedRequest {
  const maxN = opts.maxN ?? PRODUCT_MAX_N;
  if (!isProviderId(req.provider)) fail('provider', req.provider, 'unknown provider', PROVIDER_IDS);
  if (typeof req.model !== 'string' || !MODEL_ID.test(req.model.trim())) {
    fail('model', req.model, 'expected a model id such as gpt-image-2 (letters, digits, . _ : / -, up to 100 characters)', modelsFor(req.provider).map((m) => m.id));
  }
  checkNotRetired(req);
  const model = getModel(req.model);
  if (model.known && !providersOf(model).includes(req.provider)) {
    fail('model', req.model, `not available on ${providers.label(req.provider)}`, modelsFor(req.provider).map((m) => m.id));
  }
  checkPrompt(req.prompt, model);
  const n = intInRange('n', req.n, 1, maxN);
  const frames = req.frames === undefined ? undefined : intInRange('frames', req.frames, 1, MAX_FRAMES);
  oneOf('quality', req.quality, model.qualities);
  const sizing = checkOutputFormat(req, model);
  const dimensions = checkSize(req.size, sizing);
  checkBackground(req, model);
  if (req.outputCompression !== undefined) {
    if (!COMPRESSIBLE_FORMATS.includes(req.outputFormat)) {
      fail('outputCompression', req.outputCompression, `only applies to jpeg and webp (outputFormat is ${quoteValue(req.outputFormat)})`, COMPRESSIBLE_FORMATS,
        'outputFormat jpeg or webp; omit it for png');
    }
    intInRange('outputCompression', req.outputCompression, COMPRESSION_RANGE.min, COMPRESSION_RANGE.max);
  }
  const partialImages = req.partialImages === undefined ? 0 : intInRange('partialImages', req.partialImages, 0, MAX_PARTIAL_IMAGES);
  checkReferences(req, model);
  checkMarkup(req, model);
  return {
    ...req,
    model: req.model.trim(),
    size: dimensions === 'auto' ? 'auto' : formatSize(dimensions),
    dimensions,
    modelInfo: model,
    n,
    ...(frames !== undefined ? { frames } : {}),
    partialImages: streams(req) ? partialImages : 0,
    total: frames ?? n,
    perCall: maxPerCall(req.provider, req.model),
  };
}
