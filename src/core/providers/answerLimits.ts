// How big an image answer can legitimately be, stated once: every body reader refuses more than this,
// so a broken gateway cannot fill the extension host's memory.
import { getModel, PRESET_SIZES } from '../catalogue';
import { tryParseSize } from '../sizes';
import type { ImageRequest } from '../types';

/** A revised prompt is kept up to the longest prompt a model takes; anything longer is cut. */
export const MAX_REVISED_PROMPT_CHARS = 32_000;

const MIB = 1024 * 1024;
/** Room per image for what is not pixels (C2PA manifest, chunk headers, per-row filter bytes). */
const PER_IMAGE_OVERHEAD = MIB;
/** The JSON around the images (usage, echoed parameters) or the SSE framing. */
const ENVELOPE = MIB;
/** JSON-escaped text can take up to 6 bytes per character (`\uXXXX`). */
const ESCAPED_BYTES_PER_CHAR = 6;

export interface AnswerLimits {
  /** Bytes of body at most. */
  readonly bodyBytes: number;
  /** Bytes of JSON text outside the base64 images at most (revised prompts, usage). */
  readonly textBytes: number;
}

/**
 * The rule: each image the answer can carry (n finals and, when streamed, n × partialImages previews) is at most
 * its raw RGBA pixels (4 bytes each, more than any PNG, JPEG or WebP encoder of a real image produces) plus 1 MiB,
 * base64 makes that 4/3 larger, and 1 MiB covers the envelope. Size `auto` counts the largest size the model takes.
 */
export function answerLimits(request: Pick<ImageRequest, 'model' | 'size' | 'partialImages'>, n: number): AnswerLimits {
  const images = n * (1 + Math.max(0, request.partialImages ?? 0));
  const perImage = imageByteLimit(request);
  return {
    bodyBytes: Math.ceil((images * perImage * 4) / 3) + ENVELOPE,
    textBytes: ENVELOPE + n * MAX_REVISED_PROMPT_CHARS * ESCAPED_BYTES_PER_CHAR,
  };
}

/** One image file, as downloaded (fal.ai serves files, not base64): its raw RGBA pixels plus 1 MiB. */
export function imageByteLimit(request: Pick<ImageRequest, 'model' | 'size'>): number {
  return largestPixels(request) * 4 + PER_IMAGE_OVERHEAD;
}

function largestPixels(request: Pick<ImageRequest, 'model' | 'size'>): number {
  const dims = tryParseSize(request.size);
  if (dims && dims !== 'auto') return dims.width * dims.height;
  const rules = getModel(request.model).customSizes;
  if (rules) return rules.maxPixels;
  return Math.max(...PRESET_SIZES.map((s) => s.split('x').map(Number).reduce((w, h) => w * h)));
}
