// Decompression bombs for tests and benchmarks: a valid PNG whose all-zero gray pixels are one literal and then
// back-references of 258 bytes each (fixed Huffman, 13 bits per 258 bytes), so the file is ~1/160 of its pixels.
import { pngChunk, PNG_SIGNATURE } from '../../src/core/imaging/png';
import { concatBytes, writeU32BE } from '../../src/core/imaging/bytes';

/** An 8-bit grayscale PNG of `width`×`height` black pixels whose IDAT really inflates to every row. */
export function pngBomb(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  writeU32BE(ihdr, 0, width);
  writeU32BE(ihdr, 4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // gray
  return concatBytes([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zerosZlib(height * (width + 1))), pngChunk('IEND', new Uint8Array(0))]);
}

/** A zlib stream that inflates to `length` zero bytes. */
export function zerosZlib(length: number): Uint8Array {
  const copies = Math.floor((length - 1) / 258);
  const tail = length - 1 - copies * 258;
  const out = new Uint8Array(2 + Math.ceil((3 + 8 + copies * 13 + tail * 8 + 7) / 8) + 4);
  out[0] = 0x78; out[1] = 0x01;
  let at = 2;
  let acc = 0;
  let n = 0;
  const bits = (value: number, count: number) => { // LSB first, as deflate packs them
    for (let i = 0; i < count; i++) {
      acc |= ((value >> i) & 1) << n;
      if (++n === 8) { out[at++] = acc; acc = 0; n = 0; }
    }
  };
  const code = (value: number, count: number) => { for (let i = count - 1; i >= 0; i--) bits((value >> i) & 1, 1); }; // Huffman codes MSB first
  bits(1, 1); bits(1, 2); // last block, fixed Huffman
  code(0x30, 8); // literal 0
  for (let i = 0; i < copies; i++) { code(0xc5, 8); code(0, 5); } // length 258 (symbol 285), distance 1
  for (let i = 0; i < tail; i++) code(0x30, 8);
  code(0, 7); // end of block
  if (n > 0) out[at++] = acc;
  writeU32BE(out, at, ((length % 65521) << 16 | 1) >>> 0); // Adler-32 of zeros: a = 1, b = length
  return out.subarray(0, at + 4);
}
