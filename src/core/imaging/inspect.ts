// Format detection and structural checks of image bytes, without decoding pixels: O(chunks), not O(pixels).
import type { ImageFormat, ImageInfo } from '../types';
import { ImageCheckError } from './image-check-error';
import { inspectJpeg } from './inspect-jpeg';
import { inspectPng } from './inspect-png';
import { inspectWebp } from './inspect-webp';
import { formatLabel } from './mime';
import { hasPngSignature } from './png-chunks';

export { ImageCheckError } from './image-check-error';
export type { ImageCheckErrorCode } from './image-check-error';

export interface ImageExpectation {
  readonly format?: ImageFormat;
  readonly width?: number;
  readonly height?: number;
  /** true: must have an alpha channel (transparent background asked); false: must not. */
  readonly alpha?: boolean;
}

/** The format named by the file signature, or undefined. Needs only the first 12 bytes. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (hasPngSignature(bytes)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 12 &&
    bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && // RIFF
    bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50 // WEBP
  ) {
    return 'webp';
  }
  return undefined;
}

/** Format, size, alpha and content credentials of a complete, well-formed image; throws ImageCheckError otherwise. */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  if (bytes.length === 0) throw new ImageCheckError('unknown-format', 'Image is empty (0 bytes)');
  switch (sniffFormat(bytes)) {
    case 'png':
      return inspectPng(bytes);
    case 'jpeg':
      return inspectJpeg(bytes);
    case 'webp':
      return inspectWebp(bytes);
    default:
      throw new ImageCheckError('unknown-format', `Not a PNG, JPEG or WebP image (starts with ${hexPrefix(bytes)})`);
  }
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
  return info;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
