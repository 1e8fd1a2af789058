// Reads an .ico file back, independently of the writer (src/core/imaging/ico.ts): header, directory, PNG entries.
export interface IcoImage { readonly width: number; readonly height: number; readonly bitCount: number; readonly png: Uint8Array }

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The images of an icon file; throws when the header, an entry or an entry's PNG is malformed. */
export function readIco(bytes: Uint8Array): IcoImage[] {
  if (bytes.length < 6) throw new Error('ICO shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('not an icon file (reserved 0, type 1)');
  const count = view.getUint16(4, true);
  if (6 + 16 * count > bytes.length) throw new Error('ICO directory runs past the end');
  const images: IcoImage[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const size = view.getUint32(at + 8, true);
    const offset = view.getUint32(at + 12, true);
    if (offset + size > bytes.length) throw new Error(`ICO entry ${i} runs past the end`);
    const png = bytes.subarray(offset, offset + size);
    if (!PNG_SIGNATURE.every((b, k) => png[k] === b)) throw new Error(`ICO entry ${i} is not a PNG`);
    const pngView = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const width = bytes[at] === 0 ? 256 : bytes[at]!;
    const height = bytes[at + 1] === 0 ? 256 : bytes[at + 1]!;
    // The directory and the PNG's own IHDR must agree.
    if (pngView.getUint32(16) !== width || pngView.getUint32(20) !== height) throw new Error(`ICO entry ${i}: directory says ${width}x${height}, PNG says ${pngView.getUint32(16)}x${pngView.getUint32(20)}`);
    images.push({ width, height, bitCount: view.getUint16(at + 6, true), png });
  }
  return images;
}
