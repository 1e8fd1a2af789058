// PNG facts from the chunk walk alone: IHDR for size and color type, tRNS, caBX (C2PA). No inflating.
import type { ImageInfo } from '../types';
import { readU32BE } from './bytes';
import { ImageCheckError } from './image-check-error';
import { walkPngChunks } from './png-chunks';

const VALID_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

export function inspectPng(bytes: Uint8Array): ImageInfo {
  const chunks = walkPngChunks(bytes, true);
  const ihdr = chunks[0];
  if (ihdr.length !== 13) throw new ImageCheckError('corrupt', `PNG is corrupt: IHDR is ${ihdr.length} bytes, not 13`);
  const width = readU32BE(bytes, ihdr.offset);
  const height = readU32BE(bytes, ihdr.offset + 4);
  const depth = bytes[ihdr.offset + 8];
  const colorType = bytes[ihdr.offset + 9];
  if (width === 0 || height === 0) throw new ImageCheckError('corrupt', `PNG is corrupt: size ${width}x${height}`);
  if (!VALID_DEPTHS[colorType]?.includes(depth)) {
    throw new ImageCheckError('corrupt', `PNG is corrupt: color type ${colorType} with bit depth ${depth}`);
  }
  let idat = false;
  let trns = false;
  let credentials = false;
  for (const c of chunks) {
    if (c.type === 'IDAT') idat = true;
    else if (c.type === 'tRNS') trns = true;
    else if (c.type === 'caBX') credentials = true;
  }
  if (!idat) throw new ImageCheckError('corrupt', 'PNG is corrupt: no IDAT chunk (no image data)');
  return {
    format: 'png',
    width,
    height,
    hasAlpha: colorType === 4 || colorType === 6 || trns,
    contentCredentials: credentials,
  };
}
