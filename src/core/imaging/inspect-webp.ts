// WebP facts from the RIFF chunk walk: VP8X/VP8L/VP8 headers for size and alpha, C2PA chunk for credentials.
import type { ImageInfo } from '../types';
import { fourCC, readU24LE, readU32LE } from './bytes';
import { ImageCheckError } from './image-check-error';

const VP8X_ALPHA = 0x10;
const VP8X_ANIMATION = 0x02;

export function inspectWebp(bytes: Uint8Array): ImageInfo {
  const n = bytes.length;
  if (n < 12) throw new ImageCheckError('truncated', `WebP is truncated: ${n} bytes, shorter than the RIFF header`);
  const total = readU32LE(bytes, 4) + 8;
  if (total > n) throw new ImageCheckError('truncated', `WebP is truncated: the RIFF header says ${total} bytes, the file has ${n}`);
  if (total < n) throw new ImageCheckError('corrupt', `WebP is corrupt: the file has ${n} bytes, the RIFF header says ${total}`);

  let width = 0;
  let height = 0;
  let alpha = false;
  let extended = false;
  let image = false;
  let credentials = false;
  let at = 12;
  while (at < total) {
    if (at + 8 > total) throw new ImageCheckError('corrupt', `WebP is corrupt: partial chunk header at byte ${at}`);
    const type = fourCC(bytes, at);
    const size = readU32LE(bytes, at + 4);
    const data = at + 8;
    if (data + size > total) {
      throw new ImageCheckError('corrupt', `WebP is corrupt: ${type} chunk at byte ${at} runs past the end of the file`);
    }
    if (at === 12 && type !== 'VP8X' && type !== 'VP8L' && type !== 'VP8 ') {
      throw new ImageCheckError('corrupt', `WebP is corrupt: first chunk is "${type}", not VP8X, VP8L or VP8`);
    }
    if (type === 'VP8X') {
      if (size < 10) throw new ImageCheckError('corrupt', 'WebP is corrupt: VP8X chunk too short');
      extended = true;
      alpha = (bytes[data] & VP8X_ALPHA) !== 0;
      image = image || (bytes[data] & VP8X_ANIMATION) !== 0;
      width = readU24LE(bytes, data + 4) + 1;
      height = readU24LE(bytes, data + 7) + 1;
    } else if (type === 'VP8L') {
      if (size < 5 || bytes[data] !== 0x2f) throw new ImageCheckError('corrupt', 'WebP is corrupt: bad VP8L header');
      const bits = readU32LE(bytes, data + 1);
      if (bits >>> 29 !== 0) throw new ImageCheckError('corrupt', 'WebP is corrupt: unknown VP8L version');
      image = true;
      if (!extended) {
        width = (bits & 0x3fff) + 1;
        height = ((bits >>> 14) & 0x3fff) + 1;
        alpha = ((bits >>> 28) & 1) === 1;
      }
    } else if (type === 'VP8 ') {
      if (size < 10 || bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) {
        throw new ImageCheckError('corrupt', 'WebP is corrupt: bad VP8 key frame header');
      }
      image = true;
      if (!extended) {
        width = (bytes[data + 6] | (bytes[data + 7] << 8)) & 0x3fff;
        height = (bytes[data + 8] | (bytes[data + 9] << 8)) & 0x3fff;
      }
    } else if (type === 'ALPH') {
      alpha = true;
    } else if (type === 'C2PA') {
      credentials = true;
    }
    at = data + size + (size & 1);
  }
  if (!image) throw new ImageCheckError('corrupt', 'WebP is corrupt: no image data (VP8 or VP8L chunk)');
  if (width === 0 || height === 0) throw new ImageCheckError('corrupt', `WebP is corrupt: size ${width}x${height}`);
  return { format: 'webp', width, height, hasAlpha: alpha, contentCredentials: credentials };
}
