// Reads an AVIF file's header back (ISO BMFF boxes), independently of the encoder: the `ftyp` brands, and the image
// spatial extent (`ispe`) of the primary item, found through meta → pitm, iprp → ipco (the properties) and ipma (which
// property belongs to which item).
export interface AvifHeader {
  readonly majorBrand: string;
  readonly brands: readonly string[];
  readonly width: number;
  readonly height: number;
  /** An auxiliary item (the alpha plane) is present. */
  readonly hasAuxiliary: boolean;
}

interface Box { readonly type: string; readonly body: Uint8Array }

function boxes(bytes: Uint8Array): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Box[] = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 8 > bytes.length) throw new Error(`box header at ${at} runs past the end`);
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = bytes.length - at;
    if (size < header || at + size > bytes.length) throw new Error(`box ${type} at ${at} has a bad size ${size}`);
    out.push({ type, body: bytes.subarray(at + header, at + size) });
    at += size;
  }
  return out;
}

const child = (list: Box[], type: string): Box => {
  const b = list.find((x) => x.type === type);
  if (!b) throw new Error(`no ${type} box`);
  return b;
};
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at);
const u16 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(at);

/** The header of an AVIF file; throws when it is not one or its boxes are malformed. */
export function readAvifHeader(bytes: Uint8Array): AvifHeader {
  const top = boxes(bytes);
  if (top[0]?.type !== 'ftyp') throw new Error('the file does not start with an ftyp box');
  const ftyp = top[0].body;
  const fourcc = (at: number) => String.fromCharCode(...ftyp.subarray(at, at + 4));
  const brands = Array.from({ length: (ftyp.length - 8) / 4 }, (_, i) => fourcc(8 + 4 * i));
  const meta = boxes(child(top, 'meta').body.subarray(4)); // meta is a full box: version and flags first
  const pitm = child(meta, 'pitm').body;
  const primary = pitm[0] === 0 ? u16(pitm, 4) : u32(pitm, 4);
  const iprp = boxes(child(meta, 'iprp').body);
  const properties = boxes(child(iprp, 'ipco').body);
  const ipma = child(iprp, 'ipma').body;
  const version = ipma[0]!;
  const wideIndex = (ipma[3]! & 1) === 1;
  let at = 8;
  let associated: number[] | undefined;
  for (let n = u32(ipma, 4), i = 0; i < n; i++) {
    const item = version < 1 ? u16(ipma, at) : u32(ipma, at);
    at += version < 1 ? 2 : 4;
    const count = ipma[at++]!;
    const indices: number[] = [];
    for (let k = 0; k < count; k++) {
      indices.push(wideIndex ? u16(ipma, at) & 0x7fff : ipma[at]! & 0x7f);
      at += wideIndex ? 2 : 1;
    }
    if (item === primary) associated = indices;
  }
  if (!associated) throw new Error(`no properties for the primary item ${primary}`);
  const ispe = associated.map((i) => properties[i - 1]).find((p) => p?.type === 'ispe');
  if (!ispe) throw new Error('the primary item has no ispe property');
  return {
    majorBrand: fourcc(0), brands, width: u32(ispe.body, 4), height: u32(ispe.body, 8),
    hasAuxiliary: properties.some((p) => p.type === 'auxC'),
  };
}
