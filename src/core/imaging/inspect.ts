// Format detection and structural checks of image bytes, without decoding pixels: O(chunks), not O(pixels).
import { LIMITS } from '../limits';
import type { ImageFormat, ImageInfo, RasterFormat } from '../types';
import { formatLabel, sniffFormat } from './formats';
import { ImageCheckError } from './image-check-error';
import { inspectGif } from './inspect-gif';
import { inspectJpeg } from './inspect-jpeg';
import { inspectPng } from './inspect-png';
import { inspectSvg } from './inspect-svg';
import { inspectWebp } from './inspect-webp';

export { ImageCheckError } from './image-check-error';
export type { ImageCheckErrorCode } from './image-check-error';

export interface ImageExpectation {
  readonly format?: ImageFormat;
  readonly width?: number;
  readonly height?: number;
  /** true: must have an alpha channel (transparent background asked); false: must not. */
  readonly alpha?: boolean;
  /** GIF: the number of frames asked for. */
  readonly frames?: number;
}

export { sniffFormat } from './formats';

/**
 * Format, size, alpha and content credentials of a complete, well-formed image; throws ImageCheckError otherwise.
 * A raster image whose header declares a side over LIMITS.imageEdge is 'too-large' (a PNG header can say 2^32-1).
 */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  const info = inspectByFormat(bytes);
  if (info.format !== 'svg' && (info.width > LIMITS.imageEdge || info.height > LIMITS.imageEdge)) {
    throw new ImageCheckError('too-large', `${formatLabel(info.format)} declares ${info.width}x${info.height}: a side is over the ${LIMITS.imageEdge} px limit`);
  }
  return info;
}

function inspectByFormat(bytes: Uint8Array): ImageInfo {
  if (bytes.length === 0) throw new ImageCheckError('unknown-format', 'Image is empty (0 bytes)');
  switch (sniffFormat(bytes)) {
    case 'png':
      return inspectPng(bytes);
    case 'jpeg':
      return inspectJpeg(bytes);
    case 'webp':
      return inspectWebp(bytes);
    case 'gif':
      return inspectGif(bytes);
    case 'svg':
      return inspectSvg(bytes);
    default:
      throw new ImageCheckError('unknown-format', `Not a PNG, JPEG, WebP, GIF or SVG image (starts with ${hexPrefix(bytes)})`);
  }
}

/** inspectImage limited to the raster formats (reference uploads, thumbnails); GIF and SVG are refused. */
export function inspectRasterImage(bytes: Uint8Array): ImageInfo & { readonly format: RasterFormat } {
  const info = inspectImage(bytes);
  if (info.format === 'gif' || info.format === 'svg') throw new ImageCheckError('unsupported', `A ${formatLabel(info.format)} cannot be used here; use a PNG, JPEG or WebP image`);
  return { ...info, format: info.format };
}

/** inspectImage, then each stated expectation; a failed one throws ImageCheckError with code 'mismatch'. */
export function checkImage(bytes: Uint8Array, expect: ImageExpectation = {}): ImageInfo {
  const info = inspectImage(bytes);
  const label = formatLabel(info.format);
  if (expect.format !== undefined && expect.format !== info.format) {
    throw new ImageCheckError('mismatch', `Expected a ${formatLabel(expect.format)} image but got ${label}`);
  }
  const wrongWidth = expect.width !== undefined && expect.width !== info.width;
  const wrongHeight = expect.height !== undefined && expect.height !== info.height;
  if (wrongWidth || wrongHeight) {
    const want = `${expect.width ?? info.width}x${expect.height ?? info.height}`;
    throw new ImageCheckError('mismatch', `Expected a ${want} image but the ${label} is ${info.width}x${info.height}`);
  }
  if (expect.alpha === true && !info.hasAlpha) {
    throw new ImageCheckError('mismatch', `Asked for a transparent background but the ${label} has no alpha channel`);
  }
  if (expect.alpha === false && info.hasAlpha) {
    throw new ImageCheckError('mismatch', `Expected an opaque image but the ${label} has an alpha channel`);
  }
  if (expect.frames !== undefined && expect.frames !== info.frames) {
    throw new ImageCheckError('mismatch', `Expected ${expect.frames} frames but the ${label} has ${info.frames ?? 1}`);
  }
  return info;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
