// GIF87a/89a structure: logical screen, every block walked through to the trailer (0x3B), frames counted.
import type { ImageInfo } from '../types';
import { ImageCheckError } from './image-check-error';

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const APPLICATION = 0xff;

/** Size, frame count and transparency of a complete GIF; throws ImageCheckError if it is cut short or malformed. */
export function inspectGif(b: Uint8Array): ImageInfo {
  if (b.length < 13) throw new ImageCheckError('truncated', `GIF ends inside its header (${b.length} bytes)`);
  const width = u16(b, 6);
  const height = u16(b, 8);
  if (width === 0 || height === 0) throw new ImageCheckError('corrupt', `GIF logical screen is ${width}x${height}`);
  let at = 13 + colorTableBytes(b[10]);
  let frames = 0;
  let hasAlpha = false;
  let contentCredentials = false;
  for (;;) {
    if (at >= b.length) throw new ImageCheckError('truncated', `GIF ends after ${frames} frame(s) without its trailer (0x3B)`);
    const introducer = b[at];
    if (introducer === TRAILER) break;
    if (introducer === EXTENSION) {
      if (at + 2 > b.length) throw new ImageCheckError('truncated', 'GIF ends inside an extension');
      const label = b[at + 1];
      if (label === GRAPHIC_CONTROL && at + 3 < b.length && b[at + 2] === 4) hasAlpha ||= (b[at + 3] & 1) === 1;
      if (label === APPLICATION && at + 6 < b.length) contentCredentials ||= ascii(b, at + 3, 4) === 'C2PA';
      at = skipSubBlocks(b, at + 2);
    } else if (introducer === IMAGE) {
      if (at + 10 > b.length) throw new ImageCheckError('truncated', `GIF ends inside the descriptor of frame ${frames + 1}`);
      const fw = u16(b, at + 5);
      const fh = u16(b, at + 7);
      if (fw === 0 || fh === 0) throw new ImageCheckError('corrupt', `GIF frame ${frames + 1} is ${fw}x${fh}`);
      at += 10 + colorTableBytes(b[at + 9]);
      if (at >= b.length) throw new ImageCheckError('truncated', `GIF ends before the pixels of frame ${frames + 1}`);
      const minCodeSize = b[at];
      if (minCodeSize < 2 || minCodeSize > 11) throw new ImageCheckError('corrupt', `GIF frame ${frames + 1} has LZW code size ${minCodeSize}`);
      at = skipSubBlocks(b, at + 1);
      frames++;
    } else {
      throw new ImageCheckError('corrupt', `GIF has an unknown block 0x${introducer.toString(16).padStart(2, '0')} at byte ${at}`);
    }
  }
  if (frames === 0) throw new ImageCheckError('corrupt', 'GIF has no frames');
  return { format: 'gif', width, height, hasAlpha, contentCredentials, frames };
}

/** Bytes of the colour table a packed field announces (bit 7: present; bits 0–2: 2^(n+1) entries). */
function colorTableBytes(packed: number): number {
  return packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0;
}

/** The offset after a chain of data sub-blocks (size byte, data) ending with a zero size. */
function skipSubBlocks(b: Uint8Array, at: number): number {
  for (;;) {
    if (at >= b.length) throw new ImageCheckError('truncated', 'GIF ends inside a data block');
    const size = b[at];
    at += 1 + size;
    if (size === 0) return at;
  }
}

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}
