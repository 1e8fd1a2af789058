// The largest image Pixelsmith decodes: declared once, checked from the header before any pixel is inflated.
import { LIMITS } from '../limits';
import { ImageCheckError } from './image-check-error';

/** Most pixels decoded for one image (a 4-byte RGBA copy of 50 MP is 200 MB). */
export const MAX_DECODE_PIXELS = LIMITS.imagePixels;
/** Longest side decoded, whatever the pixel count. */
export const MAX_DECODE_EDGE = LIMITS.imageEdge;

/** Whether an image of this size may be decoded. */
export function withinDecodeBudget(width: number, height: number): boolean {
  return width <= MAX_DECODE_EDGE && height <= MAX_DECODE_EDGE && width * height <= MAX_DECODE_PIXELS;
}

/** Throws ImageCheckError 'too-large' when a header declares more than the budget. */
export function checkDecodeBudget(width: number, height: number, label: string): void {
  if (withinDecodeBudget(width, height)) return;
  if (width > MAX_DECODE_EDGE || height > MAX_DECODE_EDGE) {
    throw new ImageCheckError('too-large', `${label} declares ${width}x${height}: a side is over the ${MAX_DECODE_EDGE} px limit`);
  }
  const mp = (n: number) => `${Math.round(n / 1e5) / 10} MP`;
  throw new ImageCheckError('too-large', `${label} declares ${width}x${height} (${mp(width * height)}): over the ${mp(MAX_DECODE_PIXELS)} limit`);
}
