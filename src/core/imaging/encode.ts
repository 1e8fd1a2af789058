// One entry to the three encoders, for callers that choose the format at run time.
import type { RasterFormat } from '../types';
import { encodeJpeg } from './jpeg';
import { encodePng } from './png';
import { encodeWebpLossless } from './webp';

export interface EncodeImageOptions {
  readonly format: RasterFormat;
  /** PNG: RGBA instead of RGB. JPEG has no alpha; lossless WebP keeps it when present. */
  readonly alpha: boolean;
  /** JPEG quality 1–100. */
  readonly quality?: number;
}

export function encodeImage(rgba: Uint8Array, width: number, height: number, o: EncodeImageOptions): Uint8Array {
  switch (o.format) {
    case 'jpeg': return encodeJpeg(rgba, width, height, o.quality ?? 90);
    case 'webp': return encodeWebpLossless(rgba, width, height);
    case 'png': return encodePng(rgba, width, height, { alpha: o.alpha });
  }
}
