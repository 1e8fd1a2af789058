// A PNG's size and whether it can hold transparency, from its header chunks alone (no CRC pass, no Node imports:
// the Generate webview bundles the request checks that use it). Deeper checks are inspectPng's.
import { fourCC, readU32BE } from './bytes';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngHeader { readonly width: number; readonly height: number; readonly hasAlpha: boolean }

/** Size and alpha from IHDR (colour types 4 and 6) and a tRNS chunk before the image data; undefined when not a readable PNG. */
export function readPngHeader(b: Uint8Array): PngHeader | undefined {
  if (b.length < 33 || SIGNATURE.some((v, i) => b[i] !== v) || fourCC(b, 12) !== 'IHDR' || readU32BE(b, 8) !== 13) return undefined;
  const width = readU32BE(b, 16);
  const height = readU32BE(b, 20);
  const colorType = b[25]!;
  if (width === 0 || height === 0) return undefined;
  let hasAlpha = colorType === 4 || colorType === 6;
  // tRNS comes before the first IDAT; walk the chunk headers up to it.
  for (let at = 33; !hasAlpha && at + 8 <= b.length;) {
    const type = fourCC(b, at + 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'tRNS') hasAlpha = true;
    at += 12 + readU32BE(b, at);
  }
  return { width, height, hasAlpha };
}
