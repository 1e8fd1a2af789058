// Small thumbnails for the gallery grid: decode a PNG, shrink it by area averaging, encode a small PNG.
import { decodePng } from '../imaging/png-decode';
import { encodePng } from '../imaging/png';
import type { GalleryImageFormat } from './types';

/** Longest edge of a thumbnail in pixels: two device pixels per CSS pixel of a 96 px tile. */
export const THUMBNAIL_EDGE = 192;

export interface Thumbnail {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Whether the gallery makes a shrunk thumbnail of an image in this format: only of a PNG (the decoder is PNG-only).
 * JPEG, WebP, GIF, SVG and AVIF tiles show the original, lazily, at a small CSS size; their bytes never reach the decoder.
 */
export function makesThumbnail(format: GalleryImageFormat): format is 'png' {
  return format === 'png';
}

/** The thumbnail of a PNG file's bytes (throws an ImageCheckError for a PNG the decoder cannot read). */
export function makePngThumbnail(bytes: Uint8Array, edge = THUMBNAIL_EDGE): Thumbnail {
  const img = decodePng(bytes);
  const scale = Math.min(1, edge / Math.max(img.width, img.height));
  const width = Math.max(1, Math.round(img.width * scale));
  const height = Math.max(1, Math.round(img.height * scale));
  const rgba = scale === 1 ? img.rgba : shrink(img.rgba, img.width, img.height, width, height);
  return { png: encodePng(rgba, width, height, { alpha: true, level: 9 }), width, height };
}

/**
 * Box filter: each target pixel is the alpha-weighted mean of the source pixels it covers
 * (so transparent pixels do not darken the edges of icons).
 */
export function shrink(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  const out = new Uint8Array(dw * dh * 4);
  const acc = new Float64Array(5);
  for (let y = 0; y < dh; y++) {
    const y0 = Math.floor((y * sh) / dh);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / dh));
    for (let x = 0; x < dw; x++) {
      const x0 = Math.floor((x * sw) / dw);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sw) / dw));
      acc.fill(0);
      for (let sy = y0; sy < y1; sy++) {
        let i = (sy * sw + x0) * 4;
        for (let sx = x0; sx < x1; sx++, i += 4) {
          const a = src[i + 3]!;
          acc[0] += src[i]! * a;
          acc[1] += src[i + 1]! * a;
          acc[2] += src[i + 2]! * a;
          acc[3] += a;
          acc[4]++;
        }
      }
      const o = (y * dw + x) * 4;
      if (acc[3]! > 0) {
        out[o] = Math.round(acc[0]! / acc[3]!);
        out[o + 1] = Math.round(acc[1]! / acc[3]!);
        out[o + 2] = Math.round(acc[2]! / acc[3]!);
      }
      out[o + 3] = Math.round(acc[3]! / acc[4]!);
    }
  }
  return out;
}
