// Windows icon (.ico) files with PNG entries, which every browser and Windows since Vista read: a 6-byte header,
// one 16-byte directory entry per image, then the PNG files as they are.

export interface IcoEntry {
  /** 1–256 px. */
  readonly width: number;
  readonly height: number;
  /** A complete PNG file of that size. */
  readonly png: Uint8Array;
}

const HEADER = 6;
const DIR_ENTRY = 16;
/** An .ico directory counts its entries in 16 bits. */
const MAX_ENTRIES = 0xffff;

export function encodeIco(entries: readonly IcoEntry[]): Uint8Array {
  if (entries.length === 0 || entries.length > MAX_ENTRIES) throw new RangeError(`An icon file holds 1 to ${MAX_ENTRIES} images (got ${entries.length})`);
  for (const e of entries) {
    for (const side of [e.width, e.height]) {
      if (!Number.isInteger(side) || side < 1 || side > 256) throw new RangeError(`Icon entries are 1 to 256 px (got ${e.width}x${e.height})`);
    }
  }
  const total = HEADER + DIR_ENTRY * entries.length + entries.reduce((n, e) => n + e.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // 1: icon (2 would be a cursor)
  view.setUint16(4, entries.length, true);
  let offset = HEADER + DIR_ENTRY * entries.length;
  entries.forEach((e, i) => {
    const at = HEADER + DIR_ENTRY * i;
    out[at] = e.width === 256 ? 0 : e.width; // 0 means 256
    out[at + 1] = e.height === 256 ? 0 : e.height;
    out[at + 2] = 0; // no palette
    out[at + 3] = 0; // reserved
    view.setUint16(at + 4, 1, true); // colour planes
    view.setUint16(at + 6, 32, true); // bits per pixel
    view.setUint32(at + 8, e.png.length, true);
    view.setUint32(at + 12, offset, true);
    out.set(e.png, offset);
    offset += e.png.length;
  });
  return out;
}
