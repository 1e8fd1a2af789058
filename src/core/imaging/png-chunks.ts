// Walks a PNG's chunks from the signature through IEND, checking lengths and (optionally) CRCs.
import { crc32 } from './crc32';
import { fourCC, readU32BE } from './bytes';
import { ImageCheckError } from './image-check-error';
import { PNG_SIGNATURE } from './png';

export interface PngChunkRef {
  readonly type: string;
  /** Offset of the chunk's data in the file. */
  readonly offset: number;
  readonly length: number;
}

export function hasPngSignature(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return false;
  return true;
}

/** Every chunk up to and including IEND; throws ImageCheckError on truncation or corruption. */
export function walkPngChunks(bytes: Uint8Array, verifyCrc = true): PngChunkRef[] {
  if (!hasPngSignature(bytes)) {
    throw new ImageCheckError(bytes.length < 8 ? 'truncated' : 'corrupt', 'PNG signature is missing or damaged');
  }
  const chunks: PngChunkRef[] = [];
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 8 > bytes.length) {
      throw new ImageCheckError('truncated', `PNG is truncated: no IEND chunk after ${bytes.length} bytes`);
    }
    const length = readU32BE(bytes, at);
    const type = fourCC(bytes, at + 4);
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) {
      throw new ImageCheckError('corrupt', `PNG is corrupt: invalid chunk header at byte ${at}`);
    }
    const dataAt = at + 8;
    if (dataAt + length + 4 > bytes.length) {
      throw new ImageCheckError(
        'truncated',
        `PNG is truncated: ${type} chunk at byte ${at} needs ${length + 12} bytes, ${bytes.length - at} left`,
      );
    }
    if (chunks.length === 0 && type !== 'IHDR') {
      throw new ImageCheckError('corrupt', `PNG is corrupt: first chunk is ${type}, not IHDR`);
    }
    if (verifyCrc) {
      const stored = readU32BE(bytes, dataAt + length);
      const actual = crc32(bytes.subarray(at + 4, dataAt + length));
      if (stored !== actual) {
        throw new ImageCheckError('corrupt', `PNG is corrupt: CRC mismatch in ${type} chunk at byte ${at}`);
      }
    }
    chunks.push({ type, offset: dataAt, length });
    at = dataAt + length + 4;
    if (type === 'IEND') return chunks;
  }
}
