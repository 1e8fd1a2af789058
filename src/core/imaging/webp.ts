// WebP lossless files: a VP8L bitstream in a RIFF container, extended (VP8X) when there is alpha or extra chunks.
import { ascii, concatBytes, writeU32LE } from './bytes';
import { checkDims } from './png';
import { encodeVp8l } from './vp8l';

/** A RIFF chunk placed after the image data, e.g. `C2PA`. */
export interface WebpChunk {
  readonly type: string;
  readonly data: Uint8Array;
}

export interface EncodeWebpOptions {
  /** Keep the alpha channel. Default: only when some pixel is not fully opaque. */
  readonly alpha?: boolean;
  readonly extraChunks?: readonly WebpChunk[];
}

const VP8X_ALPHA = 0x10;

export function encodeWebpLossless(rgba: Uint8Array, width: number, height: number, opts: EncodeWebpOptions = {}): Uint8Array {
  checkDims(rgba, width, height);
  const alpha = opts.alpha ?? hasTransparency(rgba);
  const extra = opts.extraChunks ?? [];
  const chunks: Uint8Array[] = [];
  if (alpha || extra.length > 0) {
    const vp8x = new Uint8Array(10);
    vp8x[0] = alpha ? VP8X_ALPHA : 0;
    writeU24LE(vp8x, 4, width - 1);
    writeU24LE(vp8x, 7, height - 1);
    chunks.push(riffChunk('VP8X', vp8x));
  }
  chunks.push(riffChunk('VP8L', encodeVp8l(rgba, width, height, alpha)));
  for (const c of extra) chunks.push(riffChunk(c.type, c.data));
  const body = concatBytes(chunks);
  const header = new Uint8Array(12);
  header.set(ascii('RIFF'), 0);
  writeU32LE(header, 4, body.length + 4);
  header.set(ascii('WEBP'), 8);
  return concatBytes([header, body]);
}

/** Type, little-endian size, data, and a pad byte when the size is odd. */
export function riffChunk(type: string, data: Uint8Array): Uint8Array {
  if (type.length !== 4) throw new Error(`Invalid RIFF chunk type "${type}"`);
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set(ascii(type), 0);
  writeU32LE(out, 4, data.length);
  out.set(data, 8);
  return out;
}

function writeU24LE(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
}

function hasTransparency(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return true;
  return false;
}
