// JPEG facts from the marker walk: SOFn for size, APP11 JUMBF for C2PA, EOI for completeness.
import type { ImageInfo } from '../types';
import { ascii, containsBytes, readU16BE } from './bytes';
import { ImageCheckError } from './image-check-error';

const JUMB = ascii('jumb');
const C2PA = ascii('c2pa');

function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

export function inspectJpeg(bytes: Uint8Array): ImageInfo {
  const n = bytes.length;
  const truncated = (): ImageCheckError =>
    new ImageCheckError('truncated', `JPEG is truncated: no EOI marker after ${n} bytes`);
  let width = 0;
  let height = 0;
  let credentials = false;
  let at = 2;
  for (;;) {
    if (at >= n) throw truncated();
    if (bytes[at] !== 0xff) throw new ImageCheckError('corrupt', `JPEG is corrupt: expected a marker at byte ${at}`);
    while (at < n && bytes[at] === 0xff) at++; // fill bytes
    if (at >= n) throw truncated();
    const marker = bytes[at++];
    if (marker === 0xd9) break; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no payload
    if (marker === 0xd8 || marker === 0x00) throw new ImageCheckError('corrupt', `JPEG is corrupt: unexpected marker at byte ${at - 1}`);
    if (at + 2 > n) throw truncated();
    const length = readU16BE(bytes, at);
    if (length < 2) throw new ImageCheckError('corrupt', `JPEG is corrupt: segment length ${length} at byte ${at}`);
    const end = at + length;
    if (end > n) throw truncated();
    if (isSof(marker)) {
      if (length < 8) throw new ImageCheckError('corrupt', 'JPEG is corrupt: SOF segment too short');
      height = readU16BE(bytes, at + 3);
      width = readU16BE(bytes, at + 5);
    } else if (marker === 0xeb && isC2paApp11(bytes, at + 2, end)) {
      credentials = true;
    }
    at = end;
    if (marker === 0xda) at = skipEntropyData(bytes, at, truncated);
  }
  if (width === 0 || height === 0) {
    throw new ImageCheckError('corrupt', width === 0 && height === 0 ? 'JPEG is corrupt: no SOF (frame header) segment' : `JPEG is corrupt: size ${width}x${height}`);
  }
  return { format: 'jpeg', width, height, hasAlpha: false, contentCredentials: credentials };
}

/** APP11 payload: 'JP' common identifier, instance (2), sequence (4), then a JUMBF box of type 'jumb' labelled 'c2pa'. */
function isC2paApp11(bytes: Uint8Array, from: number, end: number): boolean {
  if (end - from < 16 || bytes[from] !== 0x4a || bytes[from + 1] !== 0x50) return false;
  return containsBytes(bytes, JUMB, from + 8, Math.min(end, from + 24)) && containsBytes(bytes, C2PA, from + 8, end);
}

/** Position of the first marker after entropy-coded data (skipping stuffed 0xFF00 and restart markers). */
function skipEntropyData(bytes: Uint8Array, at: number, truncated: () => ImageCheckError): number {
  for (;;) {
    const ff = bytes.indexOf(0xff, at);
    if (ff < 0 || ff + 1 >= bytes.length) throw truncated();
    const next = bytes[ff + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      at = next === 0xff ? ff + 1 : ff + 2;
      continue;
    }
    return ff;
  }
}
