// PNG decoder for the common case: 8-bit gray, gray+alpha, RGB, RGBA or palette, not interlaced.
// Bomb-safe: the declared size is checked against the decode budget before inflating, and inflate's output is
// capped at what that size needs, so a small file cannot make it allocate more.
import { inflateSync } from 'node:zlib';
import { readU32BE } from './bytes';
import { checkDecodeBudget } from './decode-budget';
import { ImageCheckError } from './image-check-error';
import { walkPngChunks } from './png-chunks';

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** width*height*4 bytes, non-premultiplied. */
  readonly rgba: Uint8Array;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(bytes: Uint8Array): DecodedImage {
  const chunks = walkPngChunks(bytes);
  const ihdr = chunks[0];
  if (ihdr.length !== 13) throw new ImageCheckError('corrupt', 'PNG is corrupt: IHDR is not 13 bytes');
  const width = readU32BE(bytes, ihdr.offset);
  const height = readU32BE(bytes, ihdr.offset + 4);
  const depth = bytes[ihdr.offset + 8];
  const colorType = bytes[ihdr.offset + 9];
  const interlace = bytes[ihdr.offset + 12];
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new ImageCheckError('corrupt', `PNG has invalid color type ${colorType}`);
  if (depth !== 8) throw new ImageCheckError('unsupported', `PNG bit depth ${depth} is not supported (only 8)`);
  if (interlace !== 0) throw new ImageCheckError('unsupported', 'Interlaced PNG is not supported');
  if (width === 0 || height === 0) throw new ImageCheckError('corrupt', `PNG is corrupt: size ${width}x${height}`);
  checkDecodeBudget(width, height, 'PNG');

  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (const c of chunks) {
    const data = bytes.subarray(c.offset, c.offset + c.length);
    if (c.type === 'PLTE') palette = data;
    else if (c.type === 'tRNS') trns = data;
    else if (c.type === 'IDAT') idat.push(data);
  }
  if (colorType === 3 && !palette) throw new ImageCheckError('corrupt', 'PNG palette image has no PLTE chunk');

  const stride = width * channels;
  const expected = height * (stride + 1);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (e) {
    const tooMuch = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ImageCheckError('corrupt', tooMuch ? `PNG image data inflates to more than the ${expected} bytes its size needs`
      : `PNG image data does not inflate: ${(e as Error).message}`);
  }
  if (raw.length < expected) {
    throw new ImageCheckError('truncated', `PNG image data is short: ${raw.length} of ${expected} bytes`);
  }
  const pixels = unfilter(raw, height, stride, channels);
  return { width, height, rgba: toRgba(pixels, width * height, colorType, palette, trns) };
}

function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const cur = y * stride;
    const up = cur - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[cur + i - bpp] : 0;
      const b = y > 0 ? out[up + i] : 0;
      const c = y > 0 && i >= bpp ? out[up + i - bpp] : 0;
      const x = raw[src + i];
      switch (filter) {
        case 0: out[cur + i] = x; break;
        case 1: out[cur + i] = x + a; break;
        case 2: out[cur + i] = x + b; break;
        case 3: out[cur + i] = x + ((a + b) >> 1); break;
        case 4: out[cur + i] = x + paeth(a, b, c); break;
        default: throw new ImageCheckError('corrupt', `PNG row ${y} has invalid filter type ${filter}`);
      }
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toRgba(px: Uint8Array, count: number, colorType: number, palette?: Uint8Array, trns?: Uint8Array): Uint8Array {
  const out = new Uint8Array(count * 4);
  for (let i = 0, o = 0; i < count; i++, o += 4) {
    switch (colorType) {
      case 0: {
        const g = px[i];
        out[o] = out[o + 1] = out[o + 2] = g;
        out[o + 3] = trns && trns.length >= 2 && trns[1] === g ? 0 : 255;
        break;
      }
      case 2: {
        const r = px[i * 3], g = px[i * 3 + 1], b = px[i * 3 + 2];
        out[o] = r; out[o + 1] = g; out[o + 2] = b;
        out[o + 3] = trns && trns.length >= 6 && trns[1] === r && trns[3] === g && trns[5] === b ? 0 : 255;
        break;
      }
      case 3: {
        const p = px[i];
        if (!palette || p * 3 + 2 >= palette.length) throw new ImageCheckError('corrupt', `PNG palette index ${p} out of range`);
        out[o] = palette[p * 3]; out[o + 1] = palette[p * 3 + 1]; out[o + 2] = palette[p * 3 + 2];
        out[o + 3] = trns && p < trns.length ? trns[p] : 255;
        break;
      }
      case 4:
        out[o] = out[o + 1] = out[o + 2] = px[i * 2];
        out[o + 3] = px[i * 2 + 1];
        break;
      default:
        out.set(px.subarray(i * 4, i * 4 + 4), o);
    }
  }
  return out;
}
