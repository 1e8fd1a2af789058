// Fake C2PA manifest stores: a JUMBF superbox labelled "c2pa", and its carriers for PNG, JPEG and WebP.
// Structurally plausible (what inspectors look for), not a signed manifest.
import { createHash } from 'node:crypto';

const C2PA_UUID = Buffer.from('6332706100110010800000aa00389b71', 'hex'); // 'c2pa' + ISO suffix

function box(type: string, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

/** A JUMBF superbox ('jumb' with a 'jumd' labelled "c2pa") holding a small JSON box derived from `seed`. */
export function fakeJumbf(seed: string): Uint8Array {
  const jumd = box('jumd', Buffer.concat([C2PA_UUID, Buffer.from([0x03]), Buffer.from('c2pa\0', 'latin1')]));
  const digest = createHash('sha256').update(seed).digest('hex');
  const json = box('json', Buffer.from(JSON.stringify({ generator: 'pixelsmith-fake-provider', claim: digest }), 'utf8'));
  return new Uint8Array(box('jumb', Buffer.concat([jumd, json])));
}

/** The APP11 segment payload carrying `jumbf`: 'JP', box instance 1, packet sequence 1, then the box. */
export function jpegApp11Payload(jumbf: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0x4a, 0x50, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]), jumbf]));
}
