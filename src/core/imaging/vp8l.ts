// VP8L (WebP lossless) bitstream writer: no transforms, no color cache, one prefix-code group,
// Huffman codes from the histograms, and LZ77 copies from the pixel to the left or the row above.
import { ByteSink } from './byte-sink';
import { canonicalCodes, huffmanLengths, reverseBits } from './huffman';

const GREEN_ALPHABET = 256 + 24; // literals + length prefixes, no color cache
const DISTANCE_ALPHABET = 40;
const MAX_COPY = 4096;
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
// Distance codes 1 and 2 are the plane codes for (0,1), the pixel above, and (1,0), the pixel to the left.
const DIST_ABOVE = 1;
const DIST_LEFT = 2;

/** LSB-first bit writer, as VP8L reads. */
class LsbBits {
  private acc = 0;
  private n = 0;
  constructor(readonly out: ByteSink) {}

  put(value: number, bits: number): void {
    this.acc |= value << this.n; // n < 8 and bits <= 24, so this fits in 32 bits
    this.n += bits;
    while (this.n >= 8) {
      this.out.byte(this.acc & 0xff);
      this.acc >>>= 8;
      this.n -= 8;
    }
  }

  flush(): void {
    if (this.n > 0) this.put(0, 8 - this.n);
  }
}

interface PrefixCode {
  readonly lengths: Uint8Array;
  /** Bit-reversed codes, ready for LsbBits.put. */
  readonly codes: Uint32Array;
}

/** The VP8L payload (the contents of a `VP8L` chunk) for `rgba`. */
export function encodeVp8l(rgba: Uint8Array, width: number, height: number, alpha: boolean): Uint8Array {
  if (width > 16384 || height > 16384) throw new RangeError('WebP lossless is limited to 16384 pixels a side');
  const count = width * height;
  const argb = new Uint32Array(count);
  for (let i = 0, p = 0; i < count; i++, p += 4) {
    argb[i] = (((alpha ? rgba[p + 3] : 255) << 24) | (rgba[p] << 16) | (rgba[p + 1] << 8) | rgba[p + 2]) >>> 0;
  }
  // Tokens: copyLen[i] === 0 means a literal argb[i]; otherwise a copy of copyLen[i] pixels with distance code copyDist[i].
  const copyLen = new Uint16Array(count);
  const copyDist = new Uint8Array(count);
  const green = new Uint32Array(GREEN_ALPHABET);
  const red = new Uint32Array(256);
  const blue = new Uint32Array(256);
  const alp = new Uint32Array(256);
  const dist = new Uint32Array(DISTANCE_ALPHABET);
  for (let i = 0; i < count; ) {
    const up = i >= width ? matchLength(argb, i, width) : 0;
    const left = i >= 1 ? matchLength(argb, i, 1) : 0;
    const len = Math.max(up, left);
    if (len >= 3) {
      copyLen[i] = len;
      copyDist[i] = up >= left ? DIST_ABOVE : DIST_LEFT;
      green[256 + prefixOf(len)[0]]++;
      dist[prefixOf(copyDist[i])[0]]++;
      i += len;
    } else {
      const c = argb[i];
      alp[c >>> 24]++;
      red[(c >>> 16) & 0xff]++;
      green[(c >>> 8) & 0xff]++;
      blue[c & 0xff]++;
      i++;
    }
  }

  const out = new ByteSink(Math.max(1024, count));
  const bits = new LsbBits(out);
  bits.put(0x2f, 8);
  bits.put(width - 1, 14);
  bits.put(height - 1, 14);
  bits.put(alpha ? 1 : 0, 1);
  bits.put(0, 3); // version
  bits.put(0, 1); // no transform
  bits.put(0, 1); // no color cache
  bits.put(0, 1); // no meta prefix codes: one group for the whole image
  const codes = [green, red, blue, alp, dist].map((h) => writePrefixCode(bits, h));
  const [gC, rC, bC, aC, dC] = codes;

  for (let i = 0; i < count; ) {
    const len = copyLen[i];
    if (len) {
      const [lp, lExtraBits, lExtra] = prefixOf(len);
      bits.put(gC.codes[256 + lp], gC.lengths[256 + lp]);
      if (lExtraBits) bits.put(lExtra, lExtraBits);
      const [dp, dExtraBits, dExtra] = prefixOf(copyDist[i]);
      bits.put(dC.codes[dp], dC.lengths[dp]);
      if (dExtraBits) bits.put(dExtra, dExtraBits);
      i += len;
    } else {
      const c = argb[i];
      const g = (c >>> 8) & 0xff, r = (c >>> 16) & 0xff, b = c & 0xff, a = c >>> 24;
      bits.put(gC.codes[g], gC.lengths[g]);
      bits.put(rC.codes[r], rC.lengths[r]);
      bits.put(bC.codes[b], bC.lengths[b]);
      bits.put(aC.codes[a], aC.lengths[a]);
      i++;
    }
  }
  bits.flush();
  return out.result();
}

function matchLength(px: Uint32Array, i: number, distance: number): number {
  const max = Math.min(MAX_COPY, px.length - i);
  let k = 0;
  while (k < max && px[i + k] === px[i + k - distance]) k++;
  return k;
}

/** VP8L prefix coding of a value >= 1: [prefix symbol, extra bit count, extra bits]. */
function prefixOf(value: number): [number, number, number] {
  const d = value - 1;
  if (d < 4) return [d, 0, 0];
  const high = 31 - Math.clz32(d);
  const second = (d >>> (high - 1)) & 1;
  const extraBits = high - 1;
  return [2 * high + second, extraBits, d & ((1 << extraBits) - 1)];
}

/** Writes the prefix code for histogram `hist` and returns it; simple codes for one or two small symbols. */
function writePrefixCode(bits: LsbBits, hist: Uint32Array): PrefixCode {
  const used: number[] = [];
  for (let s = 0; s < hist.length && used.length <= 2; s++) if (hist[s]) used.push(s);
  if (used.length <= 2 && used.every((s) => s < 256)) {
    const symbols = used.length ? used : [0];
    const lengths = new Uint8Array(hist.length);
    bits.put(1, 1); // simple code
    bits.put(symbols.length - 1, 1);
    const first8 = symbols[0] > 1 ? 1 : 0;
    bits.put(first8, 1);
    bits.put(symbols[0], first8 ? 8 : 1);
    if (symbols.length === 2) {
      bits.put(symbols[1], 8);
      lengths[symbols[0]] = lengths[symbols[1]] = 1;
    } // one symbol: a zero-length code, nothing is written per pixel
    return { lengths, codes: reversed(lengths) };
  }
  const lengths = huffmanLengths(withTwoSymbols(hist), 15);
  bits.put(0, 1); // normal code
  writeCodeLengths(bits, lengths);
  return { lengths, codes: reversed(lengths) };
}

function reversed(lengths: Uint8Array): Uint32Array {
  const codes = canonicalCodes(lengths);
  for (let s = 0; s < codes.length; s++) codes[s] = reverseBits(codes[s], lengths[s]);
  return codes;
}

/** A copy of `hist` with at least two used symbols, so the code is a complete tree. */
function withTwoSymbols(hist: ArrayLike<number>): Uint32Array {
  const h = Uint32Array.from(hist);
  for (let s = 0, used = h.filter((v) => v > 0).length; used < 2 && s < h.length; s++) {
    if (!h[s]) {
      h[s] = 1;
      used++;
    }
  }
  return h;
}

/** Code lengths, run-length coded with symbols 16 (repeat previous non-zero), 17 and 18 (zero runs). */
function writeCodeLengths(bits: LsbBits, lengths: Uint8Array): void {
  const tokens: [number, number, number][] = []; // [symbol, extra bit count, extra]
  let prevNonZero = 8;
  for (let i = 0; i < lengths.length; ) {
    const v = lengths[i];
    let run = 1;
    while (i + run < lengths.length && lengths[i + run] === v) run++;
    i += run;
    if (v === 0) {
      while (run >= 3) {
        const n = Math.min(run, 138);
        tokens.push(n >= 11 ? [18, 7, n - 11] : [17, 3, n - 3]);
        run -= n;
      }
    } else {
      if (v !== prevNonZero) {
        tokens.push([v, 0, 0]);
        prevNonZero = v;
        run--;
      }
      while (run >= 3) {
        const n = Math.min(run, 6);
        tokens.push([16, 2, n - 3]);
        run -= n;
      }
    }
    for (; run > 0; run--) tokens.push([v, 0, 0]);
  }
  const hist = new Uint32Array(19);
  for (const [s] of tokens) hist[s]++;
  const clLengths = huffmanLengths(withTwoSymbols(hist), 7);
  const clCodes = reversed(clLengths);
  let num = 19;
  while (num > 4 && clLengths[CODE_LENGTH_ORDER[num - 1]] === 0) num--;
  bits.put(num - 4, 4);
  for (let k = 0; k < num; k++) bits.put(clLengths[CODE_LENGTH_ORDER[k]], 3);
  bits.put(0, 1); // max_symbol: code lengths for the whole alphabet follow
  for (const [s, nExtra, extra] of tokens) {
    bits.put(clCodes[s], clLengths[s]);
    if (nExtra) bits.put(extra, nExtra);
  }
}
