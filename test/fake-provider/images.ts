// Deterministic fake provider images: a colored pattern per seed (prompt, index), encoded with the
// project's own encoders, carrying fake C2PA like real gpt-image output. Cached per spec, since a
// 3840x2160 PNG takes a noticeable fraction of a second to make.
import { createHash } from 'node:crypto';
import type { ImageFormat } from '../../src/core/types';
import { encodeJpeg } from '../../src/core/imaging/jpeg';
import { encodePng } from '../../src/core/imaging/png';
import { encodeWebpLossless } from '../../src/core/imaging/webp';
import { fakeJumbf, jpegApp11Payload } from './c2pa';
import { encodeGif, makeSvg } from './gif-svg';

export interface ImageSpec {
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly transparent: boolean;
  /** What the content derives from, e.g. `${prompt}#${index}`. */
  readonly seed: string;
  /** JPEG quality (100 - output_compression); ignored for png/webp. */
  readonly quality?: number;
  /** 'grain' adds pixel noise so files are as large as real output (a 4K PNG of ~10 MB); 'flat' compresses to almost nothing. */
  readonly texture?: Texture;
  /** GIF: frames and delay per frame. */
  readonly gifFrames?: number;
  readonly frameDurationMs?: number;
  /** SVG: carry a `<script>` (a rule asked for a hostile SVG). */
  readonly svgScript?: boolean;
}

export type Texture = 'grain' | 'flat';

export interface FakeImage {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly spec: ImageSpec;
}

const CACHE_LIMIT_BYTES = 256 * 1024 * 1024;

/** Makes and caches fake images; one per FakeProvider, so no state is shared between servers. */
export class ImageFactory {
  private readonly cache = new Map<string, FakeImage>();
  private cachedBytes = 0;

  get(spec: ImageSpec): FakeImage {
    const key = JSON.stringify([spec.width, spec.height, spec.format, spec.transparent, spec.seed, spec.quality ?? 90, spec.texture ?? 'grain', spec.gifFrames, spec.frameDurationMs, spec.svgScript]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // re-insert: most recently used last
      this.cache.set(key, hit);
      return hit;
    }
    const bytes = encodeFake(spec);
    const image: FakeImage = { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), spec };
    this.cache.set(key, image);
    this.cachedBytes += bytes.length;
    for (const [k, v] of this.cache) {
      if (this.cachedBytes <= CACHE_LIMIT_BYTES) break;
      this.cache.delete(k);
      this.cachedBytes -= v.bytes.length;
    }
    return image;
  }
}

export function encodeFake(spec: ImageSpec): Uint8Array {
  const { width, height, seed } = spec;
  if (spec.format === 'gif') return encodeGif({ width, height, seed, frames: spec.gifFrames ?? 9, frameDurationMs: spec.frameDurationMs ?? 200 });
  if (spec.format === 'svg') return makeSvg(width, height, seed, spec.svgScript === true);
  const alpha = spec.transparent && spec.format !== 'jpeg';
  const rgba = renderPattern(width, height, seed, alpha, spec.texture ?? 'grain');
  const jumbf = fakeJumbf(seed);
  switch (spec.format) {
    case 'png':
      return encodePng(rgba, width, height, { alpha, level: 1, strategy: 'rle', extraChunks: [{ type: 'caBX', data: jumbf }] });
    case 'jpeg':
      return encodeJpeg(rgba, width, height, spec.quality ?? 90, { extraSegments: [{ marker: 0xeb, data: jpegApp11Payload(jumbf) }] });
    case 'webp':
      return encodeWebpLossless(rgba, width, height, { alpha, extraChunks: [{ type: 'C2PA', data: jumbf }] });
  }
}

/**
 * Diagonal stripes over a checkerboard with a disc in the middle; colors and scale from sha256(seed).
 * With `transparent`, everything outside the disc is fully transparent.
 */
export function renderPattern(width: number, height: number, seed: string, transparent: boolean, texture: Texture = 'grain'): Uint8Array {
  const h = createHash('sha256').update(seed).digest();
  const color = (k: number): number => ((0xff << 24) | (h[k + 2] << 16) | (h[k + 1] << 8) | h[k]) >>> 0; // little-endian ABGR
  const [c0, c1, c2, c3] = [color(0), color(3), color(6), color(9)];
  const tile = 16 << (h[12] & 3); // 16..128
  const stripe = 8 + (h[13] & 31);
  const cx = width / 2;
  const cy = height / 2;
  const r2 = (Math.min(width, height) * 0.4) ** 2;
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) ** 2;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const inDisc = (x - cx) ** 2 + dy2 <= r2;
      let c: number;
      if (inDisc) c = ((x + y) / stripe) & 1 ? c2 : c3;
      else if (transparent) c = 0;
      else c = ((x / tile) ^ (y / tile)) & 1 ? c0 : c1;
      out[row + x] = c;
    }
  }
  const rgba = new Uint8Array(out.buffer);
  if (texture === 'grain') addGrain(rgba, h.readUInt32LE(16) | 1);
  return rgba;
}

/** Deterministic noise of +-8 on the color channels of visible pixels (xorshift32). */
function addGrain(rgba: Uint8Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    for (let k = 0; k < 3; k++) {
      const v = rgba[i + k] + ((s >>> (k * 5)) & 15) - 8;
      rgba[i + k] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}
