// Reads a PNG's chunk list, independently of the product's own parser, to check that what was kept is whole.
export interface PngChunk { readonly type: string; readonly length: number }

/** The chunks of a PNG, in order; throws when the signature is wrong or a chunk runs past the end. */
export function pngChunks(bytes: Uint8Array): PngChunk[] {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`PNG cut short at byte ${at}`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    chunks.push({ type, length });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}
