// Baseline JPEG encoder: YCbCr 4:4:4, IJG quality scaling, the Annex K Huffman tables, float AAN DCT.
// Alpha is ignored (JPEG has none). Optional APPn segments (e.g. APP11 carrying C2PA JUMBF) follow APP0.
import { ByteSink } from './byte-sink';
import { CHROMA_AC, CHROMA_DC, CHROMA_QUANT, HuffmanSpec, LUMA_AC, LUMA_DC, LUMA_QUANT, ZIGZAG } from './jpeg-tables';
import { checkDims } from './png';

/** A marker segment written before the frame: marker 0xE0–0xEF (APPn) or 0xFE (COM). */
export interface JpegSegment {
  readonly marker: number;
  readonly data: Uint8Array;
}

export interface EncodeJpegOptions {
  readonly extraSegments?: readonly JpegSegment[];
}

const AAN_SCALE = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379];

interface HuffmanCodes {
  readonly code: Uint16Array;
  readonly size: Uint8Array;
}

export function encodeJpeg(
  rgba: Uint8Array,
  width: number,
  height: number,
  quality = 90,
  opts: EncodeJpegOptions = {},
): Uint8Array {
  checkDims(rgba, width, height);
  if (width > 65535 || height > 65535) throw new RangeError('JPEG is limited to 65535 pixels a side');
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const lumaQ = scaleQuant(LUMA_QUANT, q);
  const chromaQ = scaleQuant(CHROMA_QUANT, q);

  const out = new ByteSink(Math.max(64 * 1024, (width * height) >> 2));
  out.u16be(0xffd8);
  out.bytes([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // APP0 JFIF 1.1
  for (const seg of opts.extraSegments ?? []) {
    if (!((seg.marker >= 0xe0 && seg.marker <= 0xef) || seg.marker === 0xfe)) throw new RangeError('Only APPn/COM segments');
    if (seg.data.length > 65533) throw new RangeError('A JPEG segment holds at most 65533 bytes');
    out.u16be(0xff00 | seg.marker);
    out.u16be(seg.data.length + 2);
    out.bytes(seg.data);
  }
  writeDqt(out, 0, lumaQ);
  writeDqt(out, 1, chromaQ);
  out.bytes([0xff, 0xc0, 0, 17, 8]); // SOF0, length 17, 8-bit
  out.u16be(height);
  out.u16be(width);
  out.bytes([3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  writeDht(out, [
    [0x00, LUMA_DC],
    [0x10, LUMA_AC],
    [0x01, CHROMA_DC],
    [0x11, CHROMA_AC],
  ]);
  out.bytes([0xff, 0xda, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]); // SOS
  writeScan(out, rgba, width, height, divisors(lumaQ), divisors(chromaQ));
  out.u16be(0xffd9);
  return out.result();
}

/** Quantization table scaled for `quality`, in natural order. */
function scaleQuant(base: readonly number[], quality: number): Uint8Array {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  const t = new Uint8Array(64);
  for (let i = 0; i < 64; i++) t[i] = Math.min(255, Math.max(1, Math.floor((base[i] * scale + 50) / 100)));
  return t;
}

/** Reciprocal divisors that fold the AAN DCT's output scaling into quantization. */
function divisors(quant: Uint8Array): Float32Array {
  const d = new Float32Array(64);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) d[row * 8 + col] = 1 / (quant[row * 8 + col] * AAN_SCALE[row] * AAN_SCALE[col] * 8);
  }
  return d;
}

function writeDqt(out: ByteSink, id: number, quant: Uint8Array): void {
  out.bytes([0xff, 0xdb, 0, 67, id]);
  const zz = new Uint8Array(64);
  for (let i = 0; i < 64; i++) zz[ZIGZAG[i]] = quant[i];
  out.bytes(zz);
}

function writeDht(out: ByteSink, tables: [number, HuffmanSpec][]): void {
  let length = 2;
  for (const [, spec] of tables) length += 17 + spec.symbols.length;
  out.u16be(0xffc4);
  out.u16be(length);
  for (const [klass, spec] of tables) {
    out.byte(klass);
    out.bytes(spec.counts);
    out.bytes(spec.symbols);
  }
}

function buildCodes(spec: HuffmanSpec): HuffmanCodes {
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < spec.counts[len - 1]; i++) {
      code[spec.symbols[k]] = next++;
      size[spec.symbols[k]] = len;
      k++;
    }
    next <<= 1;
  }
  return { code, size };
}

/** Entropy-coded bits with 0xFF byte stuffing. */
class ScanBits {
  private acc = 0;
  private n = 0;
  constructor(private readonly out: ByteSink) {}

  put(bits: number, len: number): void {
    this.acc = (this.acc << len) | bits;
    this.n += len;
    while (this.n >= 8) {
      const b = (this.acc >>> (this.n - 8)) & 0xff;
      this.out.byte(b);
      if (b === 0xff) this.out.byte(0);
      this.n -= 8;
    }
    this.acc &= (1 << this.n) - 1;
  }

  flush(): void {
    if (this.n > 0) this.put((1 << (8 - this.n)) - 1, 8 - this.n);
  }
}

function writeScan(out: ByteSink, rgba: Uint8Array, width: number, height: number, lumaDiv: Float32Array, chromaDiv: Float32Array): void {
  const bits = new ScanBits(out);
  const tables = {
    lumaDc: buildCodes(LUMA_DC),
    lumaAc: buildCodes(LUMA_AC),
    chromaDc: buildCodes(CHROMA_DC),
    chromaAc: buildCodes(CHROMA_AC),
  };
  const y = new Float32Array(64);
  const cb = new Float32Array(64);
  const cr = new Float32Array(64);
  const coef = new Int32Array(64);
  let dcY = 0;
  let dcCb = 0;
  let dcCr = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let r = 0; r < 8; r++) {
        const py = Math.min(by + r, height - 1);
        for (let c = 0; c < 8; c++) {
          const p = (py * width + Math.min(bx + c, width - 1)) * 4;
          const R = rgba[p], G = rgba[p + 1], B = rgba[p + 2];
          const k = r * 8 + c;
          y[k] = 0.299 * R + 0.587 * G + 0.114 * B - 128;
          cb[k] = -0.168736 * R - 0.331264 * G + 0.5 * B;
          cr[k] = 0.5 * R - 0.418688 * G - 0.081312 * B;
        }
      }
      dcY = encodeBlock(bits, y, lumaDiv, coef, dcY, tables.lumaDc, tables.lumaAc);
      dcCb = encodeBlock(bits, cb, chromaDiv, coef, dcCb, tables.chromaDc, tables.chromaAc);
      dcCr = encodeBlock(bits, cr, chromaDiv, coef, dcCr, tables.chromaDc, tables.chromaAc);
    }
  }
  bits.flush();
}

/** DCT, quantize, and Huffman-code one 8x8 block; returns its DC value for the next block's prediction. */
function encodeBlock(
  bits: ScanBits,
  block: Float32Array,
  div: Float32Array,
  zz: Int32Array,
  prevDc: number,
  dc: HuffmanCodes,
  ac: HuffmanCodes,
): number {
  fdct(block);
  for (let i = 0; i < 64; i++) zz[ZIGZAG[i]] = Math.round(block[i] * div[i]);
  const diff = zz[0] - prevDc;
  const dcCat = category(diff);
  bits.put(dc.code[dcCat], dc.size[dcCat]);
  if (dcCat) bits.put(diff < 0 ? diff + (1 << dcCat) - 1 : diff, dcCat);

  let last = 63;
  while (last > 0 && zz[last] === 0) last--;
  let run = 0;
  for (let i = 1; i <= last; i++) {
    const v = zz[i];
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      bits.put(ac.code[0xf0], ac.size[0xf0]); // ZRL: sixteen zeros
      run -= 16;
    }
    const cat = category(v);
    const sym = (run << 4) | cat;
    bits.put(ac.code[sym], ac.size[sym]);
    bits.put(v < 0 ? v + (1 << cat) - 1 : v, cat);
    run = 0;
  }
  if (last < 63) bits.put(ac.code[0], ac.size[0]); // EOB
  return zz[0];
}

function category(v: number): number {
  let a = v < 0 ? -v : v;
  let n = 0;
  while (a) {
    n++;
    a >>= 1;
  }
  return n;
}

/** In-place separable forward DCT (Arai–Agui–Nakajima); outputs need the AAN scale folded into `div`. */
function fdct(d: Float32Array): void {
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : 8; // rows, then columns
    const next = pass === 0 ? 8 : 1;
    for (let i = 0, o = 0; i < 8; i++, o += next) {
      const d0 = d[o], d1 = d[o + step], d2 = d[o + 2 * step], d3 = d[o + 3 * step];
      const d4 = d[o + 4 * step], d5 = d[o + 5 * step], d6 = d[o + 6 * step], d7 = d[o + 7 * step];
      const t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
      const t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
      const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
      d[o] = t10 + t11;
      d[o + 4 * step] = t10 - t11;
      const z1 = (t12 + t13) * 0.707106781;
      d[o + 2 * step] = t13 + z1;
      d[o + 6 * step] = t13 - z1;
      const s10 = t4 + t5, s11 = t5 + t6, s12 = t6 + t7;
      const z5 = (s10 - s12) * 0.382683433;
      const z2 = 0.5411961 * s10 + z5;
      const z4 = 1.306562965 * s12 + z5;
      const z3 = s11 * 0.707106781;
      const z11 = t7 + z3, z13 = t7 - z3;
      d[o + 5 * step] = z13 + z2;
      d[o + 3 * step] = z13 - z2;
      d[o + step] = z11 + z4;
      d[o + 7 * step] = z11 - z4;
    }
  }
}
