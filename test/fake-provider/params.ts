// Reading image parameters from a request (OpenAI JSON, OpenAI multipart fields, fal JSON), with the
// provider's own 400 wording when a value is wrong. Only what the fake needs to answer; not the real rules.
import type { ImageFormat } from '../../src/core/types';

export interface ImageParams {
  readonly prompt: string;
  readonly model: string;
  readonly n: number;
  readonly width: number;
  readonly height: number;
  /** The size as asked ('auto' or 'WxH'), echoed in answers. */
  readonly size: string;
  readonly quality: string;
  readonly background: string;
  readonly format: ImageFormat;
  readonly compression?: number;
  readonly stream: boolean;
  readonly partialImages: number;
  /** GIF: `frame_count` (default 9) and `frame_duration_ms` (default 200). */
  readonly frameCount?: number;
  readonly frameDurationMs?: number;
}

/** A request the fake refuses, with the parameter it names (and the status and code, where not 400 invalid_value). */
export class ParamError extends Error {
  constructor(readonly param: string, message: string, readonly status = 400, readonly code = 'invalid_value') {
    super(message);
  }
}

/** Models the API no longer serves: it answers 404 model_not_found, as for every shut-down OpenAI model. */
const RETIRED = ['gpt-image-1', 'dall-e-2', 'dall-e-3'];
const QUALITIES = ['auto', 'low', 'medium', 'high'];
/** gpt-image-2.5 also takes xhigh and max (openai 7.59.0). */
const QUALITIES_2_5 = [...QUALITIES, 'xhigh', 'max'];
const baseModel = (model: string) => model.toLowerCase().replace(/-\d{4}-\d{2}-\d{2}$/, '');

/** What the model itself refuses: retired ids, qualities it lacks, transparency on gpt-image-2 (400 since 2026-09-30). */
function checkModel(model: string, quality: string, background: string): void {
  const base = baseModel(model);
  if (RETIRED.includes(base)) {
    throw new ParamError('model', `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`, 404, 'model_not_found');
  }
  const qualities = base.startsWith('gpt-image-2.5-') ? QUALITIES_2_5 : QUALITIES;
  if (!qualities.includes(quality)) {
    throw new ParamError('quality', `Invalid value: '${quality}'. Supported values are: ${qualities.map((q) => `'${q}'`).join(', ')}.`);
  }
  if (background === 'transparent' && base === 'gpt-image-2') {
    throw new ParamError('background', `Transparent background is not supported for model \`${model}\`. Use 'opaque' or 'auto'.`);
  }
}

const FORMATS: readonly string[] = ['png', 'jpeg', 'webp'];
/** gpt-image-2.6 also makes animated GIF and SVG (openai 7.59.0). */
const FORMATS_2_6: readonly string[] = [...FORMATS, 'gif', 'svg'];

/** GIF and SVG options, refused where they do not apply, in the API's words. */
function mediaParams(get: Source, format: string, n: number, compression: unknown): { frameCount?: number; frameDurationMs?: number } {
  const frames = get('frame_count');
  const duration = get('frame_duration_ms');
  if (format !== 'gif' && (frames !== undefined || duration !== undefined)) {
    throw new ParamError(frames !== undefined ? 'frame_count' : 'frame_duration_ms', 'Only supported with output_format=gif.');
  }
  if ((format === 'gif' || format === 'svg') && (bool(get('stream')) || compression !== undefined)) {
    throw new ParamError(compression !== undefined ? 'output_compression' : 'stream', `${format.toUpperCase()} output does not support streaming or output compression.`);
  }
  if (format === 'svg' && n !== 1) throw new ParamError('n', 'SVG output requires n=1.');
  if (format !== 'gif') return {};
  const frameCount = int(frames, 'frame_count', 9);
  if (frameCount < 2 || frameCount > 16) throw new ParamError('frame_count', `Invalid 'frame_count': expected a value between 2 and 16, but got ${frameCount}.`);
  return { frameCount, frameDurationMs: int(duration, 'frame_duration_ms', 200) };
}
const MAX_EDGE = 4096;
const FAL_SIZES: Readonly<Record<string, [number, number]>> = {
  square_hd: [1024, 1024], square: [512, 512], portrait_4_3: [768, 1024], portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768], landscape_16_9: [1024, 576],
};

type Source = (name: string) => unknown;

/** Parameters from an OpenAI/Azure JSON body (`get = (k) => body[k]`) or multipart fields (strings). */
export function openaiParams(get: Source): ImageParams {
  const prompt = get('prompt');
  if (typeof prompt !== 'string' || prompt.length === 0) throw new ParamError('prompt', "Missing required parameter: 'prompt'.");
  const n = int(get('n'), 'n', 1);
  if (n < 1 || n > 10) throw new ParamError('n', `Invalid 'n': integer below minimum value or above maximum value. Expected a value between 1 and 10, but got ${n}.`);
  const size = str(get('size'), 'auto');
  const [width, height] = parseSize(size, 'size');
  const format = str(get('output_format'), 'png');
  const model = str(get('model'), 'gpt-image-2');
  const formats = baseModel(model).startsWith('gpt-image-2.6-') ? FORMATS_2_6 : FORMATS;
  if (!formats.includes(format)) throw new ParamError('output_format', `Invalid value: '${format}'. Supported values are: ${formats.map((f) => `'${f}'`).join(', ')}.`);
  const compression = get('output_compression');
  const partialImages = int(get('partial_images'), 'partial_images', 0);
  const media = mediaParams(get, format, n, compression);
  if (partialImages < 0 || partialImages > 3) throw new ParamError('partial_images', `Invalid 'partial_images': expected a value between 0 and 3, but got ${partialImages}.`);
  const background = str(get('background'), 'auto');
  if (background === 'transparent' && format === 'jpeg') throw new ParamError('background', 'Transparent background is not supported for output format jpeg.');
  const quality = str(get('quality'), 'auto');
  checkModel(model, quality, background);
  return {
    prompt, model, n, width, height, size, quality, background, ...media,
    format: format as ImageFormat, stream: bool(get('stream')), partialImages,
    ...(compression !== undefined ? { compression: int(compression, 'output_compression', 100) } : {}),
  };
}

/** Parameters from a fal JSON input (`num_images`, `image_size` as 'WxH', a preset name or `{ width, height }`). */
export function falParams(input: Record<string, unknown>): ImageParams {
  const prompt = input.prompt;
  if (typeof prompt !== 'string' || prompt.length === 0) throw new ParamError('prompt', 'Field required');
  const n = int(input.num_images, 'num_images', 1);
  if (n < 1 || n > 4) throw new ParamError('num_images', 'Input should be less than or equal to 4 and greater than or equal to 1');
  const raw = input.image_size ?? 'auto';
  let size: string;
  if (typeof raw === 'object' && raw !== null) {
    const o = raw as { width?: unknown; height?: unknown };
    size = `${String(o.width)}x${String(o.height)}`;
  } else {
    size = String(raw);
  }
  const preset = FAL_SIZES[size];
  const [width, height] = preset ?? parseSize(size, 'image_size');
  const format = str(input.output_format, 'png');
  if (!FORMATS.includes(format)) throw new ParamError('output_format', "Input should be 'jpeg', 'png' or 'webp'");
  return {
    prompt, model: 'gpt-image-2', n, width, height, size, quality: str(input.quality, 'auto'), background: str(input.background, 'auto'),
    format: format as ImageFormat, stream: false, partialImages: 0,
  };
}

/** `auto` is 1024x1024; otherwise `WxH` with edges 16..4096. */
export function parseSize(size: string, param: string): [number, number] {
  if (size === 'auto') return [1024, 1024];
  const m = /^(\d{2,4})x(\d{2,4})$/.exec(size);
  const w = m ? Number(m[1]) : NaN;
  const h = m ? Number(m[2]) : NaN;
  if (!m || w < 16 || h < 16 || w > MAX_EDGE || h > MAX_EDGE) {
    throw new ParamError(param, `Invalid value: '${size}'. Expected 'auto' or WIDTHxHEIGHT with edges between 16 and ${MAX_EDGE}.`);
  }
  return [w, h];
}

function str(v: unknown, fallback: string): string {
  return v === undefined || v === null || v === '' ? fallback : String(v);
}

function int(v: unknown, param: string, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw new ParamError(param, `Invalid type for '${param}': expected an integer, but got ${JSON.stringify(v)}.`);
  return n;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Deterministic usage figures in the shape of OpenAI's `usage`, so cost from tokens can be tested. */
export function fakeUsage(p: ImageParams, inputImages: number): Record<string, unknown> {
  const perImage: Record<string, number> = { low: 272, medium: 1056, high: 4160, xhigh: 6240, max: 8320, auto: 1056 };
  const scale = (p.width * p.height) / (1024 * 1024);
  const outputTokens = Math.round((perImage[p.quality] ?? 1056) * scale) * p.n;
  const textTokens = Math.ceil(p.prompt.length / 4);
  const imageTokens = inputImages * 323;
  return {
    input_tokens: textTokens + imageTokens, input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
    output_tokens: outputTokens, total_tokens: textTokens + imageTokens + outputTokens,
  };
}
