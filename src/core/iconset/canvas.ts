// Plain RGBA pixel buffers (straight, not premultiplied alpha) and the few placements the icon sets need: centring on
// a square, filling, compositing one image over another. Resampling is not here: it is the codec's (codecs.ts).

export interface Rgba {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Rgb { readonly r: number; readonly g: number; readonly b: number }

export function blank(width: number, height: number): Rgba {
  return { data: new Uint8Array(width * height * 4), width, height };
}

export function filled(width: number, height: number, c: Rgb): Rgba {
  const img = blank(width, height);
  for (let i = 0; i < img.data.length; i += 4) {
    img.data[i] = c.r; img.data[i + 1] = c.g; img.data[i + 2] = c.b; img.data[i + 3] = 255;
  }
  return img;
}

/** Straight alpha from premultiplied (what resvg renders). */
export function unpremultiply(img: Rgba): Rgba {
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]!;
    if (a === 0 || a === 255) continue;
    d[i] = Math.min(255, Math.round((d[i]! * 255) / a));
    d[i + 1] = Math.min(255, Math.round((d[i + 1]! * 255) / a));
    d[i + 2] = Math.min(255, Math.round((d[i + 2]! * 255) / a));
  }
  return img;
}

/** The image centred on a transparent square as large as its longer side (a square image is returned as is). */
export function squared(img: Rgba): Rgba {
  if (img.width === img.height) return img;
  const edge = Math.max(img.width, img.height);
  const out = blank(edge, edge);
  drawOver(out, img, Math.floor((edge - img.width) / 2), Math.floor((edge - img.height) / 2));
  return out;
}

/** Composite `src` over `dst` (source-over, straight alpha) with its top-left corner at x, y; `dst` is changed. */
export function drawOver(dst: Rgba, src: Rgba, x: number, y: number): Rgba {
  const d = dst.data;
  const s = src.data;
  for (let row = 0; row < src.height; row++) {
    const dy = y + row;
    if (dy < 0 || dy >= dst.height) continue;
    for (let col = 0; col < src.width; col++) {
      const dx = x + col;
      if (dx < 0 || dx >= dst.width) continue;
      const si = (row * src.width + col) * 4;
      const di = (dy * dst.width + dx) * 4;
      const sa = s[si + 3]! / 255;
      if (sa === 0) continue;
      const da = d[di + 3]! / 255;
      const oa = sa + da * (1 - sa);
      for (let k = 0; k < 3; k++) d[di + k] = Math.round((s[si + k]! * sa + d[di + k]! * da * (1 - sa)) / oa);
      d[di + 3] = Math.round(oa * 255);
    }
  }
  return dst;
}

/** The colour of the top-left pixel, for an opaque background taken from the image; white where it is transparent. */
export function cornerColour(img: Rgba): Rgb {
  const d = img.data;
  const a = d[3]! / 255;
  const over = (v: number) => Math.round(v * a + 255 * (1 - a));
  return { r: over(d[0]!), g: over(d[1]!), b: over(d[2]!) };
}

/** One colour with the image's alpha: Android's monochrome (themed) icon layer. */
export function silhouette(img: Rgba, c: Rgb): Rgba {
  const out = blank(img.width, img.height);
  for (let i = 0; i < img.data.length; i += 4) {
    out.data[i] = c.r; out.data[i + 1] = c.g; out.data[i + 2] = c.b; out.data[i + 3] = img.data[i + 3]!;
  }
  return out;
}

export function hexColour(c: Rgb): string {
  return `#${[c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** `#rgb` or `#rrggbb` (case-insensitive), or undefined. */
export function parseHexColour(text: string): Rgb | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!m) return undefined;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
}
