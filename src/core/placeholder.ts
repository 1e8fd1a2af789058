// The offline placeholder renderer: a deterministic RGBA picture that says what it stands for.
// Written for speed: one 32-bit store per pixel from a colour table, text drawn as scaled blocks.
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor } from './font5x7';
import { LIMITS } from './limits';

export interface PlaceholderRequest {
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  /** 0-based position of the image in its batch; shown 1-based as `2/4`. */
  readonly index: number;
  readonly n: number;
  /** Transparent outside a rounded card, for previews of transparent assets. */
  readonly transparent: boolean;
}

export interface PlaceholderImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, RGBA, not premultiplied. */
  readonly rgba: Uint8Array;
}

export const MAX_PLACEHOLDER_EDGE = LIMITS.imageEdge;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LUT_SIZE = 1024;

function pack(r: number, g: number, b: number, a: number): number {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

/** FNV-1a over the UTF-16 code units: stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

/** A three-stop gradient table; `lift` brightens it for the stripes. */
function gradientTable(seed: number, lift: number): Uint32Array {
  const hue = seed % 360;
  const stops = [hslToRgb(hue, 0.55, 0.42), hslToRgb((hue + 40 + (seed >>> 9) % 50) % 360, 0.6, 0.55), hslToRgb((hue + 110) % 360, 0.5, 0.4)];
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i / (LUT_SIZE - 1)) * 2;
    const [a, b] = t < 1 ? [stops[0], stops[1]] : [stops[1], stops[2]];
    const u = t < 1 ? t : t - 1;
    const mix = (j: 0 | 1 | 2) => Math.min(255, Math.round(((a?.[j] ?? 0) * (1 - u) + (b?.[j] ?? 0) * u) * lift));
    lut[i] = pack(mix(0), mix(1), mix(2), 255);
  }
  return lut;
}

/** Horizontal span [x0, x1) of a rounded rectangle on row y, with coverage of the two edge pixels. */
function cardSpan(y: number, w: number, h: number, inset: number, radius: number): { x0: number; x1: number } | null {
  const cy = y + 0.5;
  if (cy < inset || cy > h - inset) return null;
  const top = inset + radius;
  const bottom = h - inset - radius;
  let dx = 0;
  if (cy < top || cy > bottom) {
    const dy = cy < top ? top - cy : cy - bottom;
    if (dy >= radius) return null;
    dx = radius - Math.sqrt(radius * radius - dy * dy);
  }
  return { x0: inset + dx, x1: w - inset - dx };
}

function paintBackground(px: Uint32Array, req: PlaceholderRequest, seed: number, inset: number, radius: number): void {
  const { width: w, height: h } = req;
  const base = gradientTable(seed, 1);
  const light = gradientTable(seed, 1.12);
  // Gradient direction and stripe width come from the seed; fixed-point steps keep the inner loop integer-only.
  const flip = (seed >>> 3) & 1;
  const denom = w + h;
  const step = Math.floor(((LUT_SIZE - 1) << 16) / denom);
  const stripe = Math.max(8, Math.round(Math.min(w, h) / (10 + ((seed >>> 5) % 8))));
  for (let y = 0; y < h; y++) {
    let x0 = 0;
    let x1 = w;
    const row = y * w;
    const gy = flip ? h - 1 - y : y;
    if (req.transparent) {
      const span = cardSpan(y, w, h, inset, radius);
      if (!span) continue;
      x0 = Math.ceil(span.x0);
      x1 = Math.floor(span.x1);
      if (x0 > 0) edgePixel(px, row + x0 - 1, x0 - span.x0, base[((gy + x0 - 1) * step) >>> 16] ?? 0);
      if (x1 < w) edgePixel(px, row + x1, span.x1 - x1, base[((gy + x1) * step) >>> 16] ?? 0);
    }
    let acc = gy * step + x0 * step;
    let band = (x0 + y) % (2 * stripe);
    for (let x = x0; x < x1; x++) {
      px[row + x] = (band < stripe ? base : light)[acc >>> 16] ?? 0;
      acc += step;
      if (++band === 2 * stripe) band = 0;
    }
  }
}

function edgePixel(px: Uint32Array, i: number, coverage: number, color: number): void {
  if (i < 0 || i >= px.length || coverage <= 0) return;
  const a = Math.round(Math.min(1, coverage) * 255);
  px[i] = LITTLE_ENDIAN ? ((color & 0x00ffffff) | (a << 24)) >>> 0 : ((color & 0xffffff00) | a) >>> 0;
}

/** Halve the brightness of a rectangle, keeping alpha: a quiet panel behind the text. */
function darken(px: Uint32Array, w: number, h: number, x: number, y: number, rw: number, rh: number): void {
  const keep = LITTLE_ENDIAN ? 0xff000000 : 0x000000ff;
  const rgb = LITTLE_ENDIAN ? 0x007f7f7f : 0x7f7f7f00;
  const xe = Math.min(w, x + rw);
  for (let yy = Math.max(0, y); yy < Math.min(h, y + rh); yy++) {
    for (let i = yy * w + Math.max(0, x), end = yy * w + xe; i < end; i++) {
      const p = px[i] ?? 0;
      if (p & keep) px[i] = ((p & keep) | ((p >>> 1) & rgb)) >>> 0;
    }
  }
}

function characters(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  }
  return [...text];
}

/** Word-wrap to `cols` columns and at most `maxLines` lines; a cut text ends with '…'. */
export function wrapText(text: string, cols: number, maxLines: number): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter((w) => w !== '');
  for (let wi = 0; wi < words.length && lines.length < maxLines; wi++) {
    let word = characters(words[wi] ?? '');
    while (word.length > 0 && lines.length < maxLines) {
      const room = cols - line.length - (line.length > 0 ? 1 : 0);
      if (word.length <= room) {
        line = line.length > 0 ? [...line, ' ', ...word] : word;
        word = [];
      } else if (line.length > 0) {
        lines.push(line);
        line = [];
      } else {
        lines.push(word.slice(0, cols));
        word = word.slice(cols);
      }
    }
  }
  if (line.length > 0 && lines.length < maxLines) lines.push(line);
  const shown = lines.reduce((s, l) => s + l.filter((c) => c !== ' ').length, 0);
  const total = words.reduce((s, w) => s + characters(w).length, 0);
  const last = lines[lines.length - 1];
  if (shown < total && last) lines[lines.length - 1] = [...last.slice(0, Math.max(0, cols - 1)), '…'];
  return lines;
}

function drawText(px: Uint32Array, w: number, h: number, chars: readonly string[], x: number, y: number, scale: number, color: number): void {
  for (let k = 0; k < chars.length; k++) {
    const rows = glyphFor(chars[k] ?? ' ');
    const gx = x + k * (GLYPH_WIDTH + 1) * scale;
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      const bits = rows[r] ?? 0;
      if (bits === 0) continue;
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if (!(bits & (1 << (GLYPH_WIDTH - 1 - c)))) continue;
        const bx = gx + c * scale;
        const by = y + r * scale;
        for (let yy = Math.max(0, by); yy < Math.min(h, by + scale); yy++) {
          px.fill(color, yy * w + Math.max(0, bx), yy * w + Math.min(w, bx + scale));
        }
      }
    }
  }
}

/** Render a placeholder; the same request always gives the same pixels. */
export function renderPlaceholder(req: PlaceholderRequest): PlaceholderImage {
  const { width: w, height: h } = req;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || w > MAX_PLACEHOLDER_EDGE || h > MAX_PLACEHOLDER_EDGE) {
    throw new RangeError(`placeholder size ${w}x${h}: edges must be whole numbers from 1 to ${MAX_PLACEHOLDER_EDGE}`);
  }
  const rgba = new Uint8Array(w * h * 4);
  const px = new Uint32Array(rgba.buffer);
  const seed = hash(`${req.prompt}\u0000${req.index}`);
  const short = Math.min(w, h);
  const inset = req.transparent ? Math.round(short * 0.04) : 0;
  const radius = Math.round(short * 0.1);
  paintBackground(px, req, seed, inset, radius);

  const scale = Math.max(1, Math.floor(short / 200));
  const cell = (GLYPH_WIDTH + 1) * scale;
  const lineH = (GLYPH_HEIGHT + 2) * scale;
  const margin = Math.round(short * 0.08);
  const pad = 2 * scale;
  const cols = Math.max(1, Math.floor((w - 2 * margin - 2 * pad) / cell));
  const title = characters('PLACEHOLDER — offline');
  const titleScale = Math.max(1, Math.min(scale * 2, Math.floor((w - 2 * margin - 2 * pad) / (title.length * (GLYPH_WIDTH + 1)))));
  const info = characters(`${req.index + 1}/${req.n} · ${w}x${h}`);
  const titleH = (GLYPH_HEIGHT + 2) * titleScale;
  const maxPromptLines = Math.max(0, Math.floor((h - 2 * margin - 2 * pad - titleH - 2 * lineH) / lineH));
  const prompt = wrapText(req.prompt, cols, maxPromptLines);
  const blockH = titleH + lineH * (1 + (prompt.length > 0 ? prompt.length + 1 : 0)) - 2 * scale;
  const top = Math.max(margin, Math.round((h - blockH) / 2));
  darken(px, w, h, margin, top - pad, w - 2 * margin, blockH + 2 * pad);

  const ink = pack(255, 255, 255, 255);
  const shadow = pack(0, 0, 0, 255);
  const lines: { chars: readonly string[]; y: number; scale: number }[] = [
    { chars: title, y: top, scale: titleScale },
    { chars: info, y: top + titleH, scale },
    ...prompt.map((chars, i) => ({ chars, y: top + titleH + lineH * (i + 2), scale })),
  ];
  for (const line of lines) {
    const x = margin + pad;
    const off = Math.max(1, line.scale >> 1);
    drawText(px, w, h, line.chars, x + off, line.y + off, line.scale, shadow);
    drawText(px, w, h, line.chars, x, line.y, line.scale, ink);
  }
  return { width: w, height: h, rgba };
}
