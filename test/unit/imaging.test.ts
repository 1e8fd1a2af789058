import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { crc32, crc32Table } from '../../src/core/imaging/crc32';
import { encodePng, pngChunk, PNG_SIGNATURE } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { encodeJpeg } from '../../src/core/imaging/jpeg';
import { encodeWebpLossless, riffChunk } from '../../src/core/imaging/webp';
import { checkImage, ImageCheckError, inspectImage, sniffFormat } from '../../src/core/imaging/inspect';
import { extensionForFormat, formatFromFileName, formatFromMime, mimeForFormat } from '../../src/core/imaging/formats';
import { fakeJumbf, jpegApp11Payload } from '../fake-provider/c2pa';
import type { ImageCheckErrorCode } from '../../src/core/imaging/image-check-error';

function pattern(w: number, h: number, alpha: boolean): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      px[i] = (x * 7) & 255;
      px[i + 1] = (y * 13) & 255;
      px[i + 2] = ((x >> 3) ^ (y >> 3)) & 1 ? 220 : 30;
      px[i + 3] = alpha ? (x * 5 + y) & 255 : 255;
    }
  }
  return px;
}

function assertCheckError(fn: () => unknown, code: ImageCheckErrorCode, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ImageCheckError, `expected ImageCheckError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const W = 97;
const H = 61;
const opaque = pattern(W, H, false);
const translucent = pattern(W, H, true);

test('crc32: known value, native and table agree', () => {
  const data = new TextEncoder().encode('123456789');
  assert.equal(crc32(data), 0xcbf43926);
  assert.equal(crc32Table(data), 0xcbf43926);
  const big = pattern(64, 64, true);
  assert.equal(crc32(big), crc32Table(big));
  assert.equal(crc32(big.subarray(100), crc32(big.subarray(0, 100))), crc32(big));
});

test('PNG: encode -> inspect -> decode round trip, RGB and RGBA', () => {
  const rgb = encodePng(opaque, W, H);
  assert.deepEqual(inspectImage(rgb), { format: 'png', width: W, height: H, hasAlpha: false, contentCredentials: false });
  assert.deepEqual(decodePng(rgb), { width: W, height: H, rgba: opaque });

  const rgba = encodePng(translucent, W, H, { alpha: true, level: 1 });
  assert.deepEqual(inspectImage(rgba), { format: 'png', width: W, height: H, hasAlpha: true, contentCredentials: false });
  assert.deepEqual(decodePng(rgba).rgba, translucent);
});

test('PNG: RGB drops alpha bytes', () => {
  const decoded = decodePng(encodePng(translucent, W, H, { alpha: false }));
  for (let i = 0; i < decoded.rgba.length; i += 4) {
    assert.equal(decoded.rgba[i + 3], 255);
    assert.equal(decoded.rgba[i], translucent[i]);
  }
});

test('PNG: caBX chunk before IDAT is content credentials', () => {
  const png = encodePng(opaque, W, H, { extraChunks: [{ type: 'caBX', data: fakeJumbf('x') }] });
  assert.equal(inspectImage(png).contentCredentials, true);
  const text = Buffer.from(png).toString('latin1');
  assert.ok(text.indexOf('caBX') < text.indexOf('IDAT'));
  assert.deepEqual(decodePng(png).rgba, opaque);
});

test('PNG: gray, palette and tRNS decode and alpha detection', () => {
  const ihdr = (colorType: number): Uint8Array => {
    const d = new Uint8Array(13);
    new DataView(d.buffer).setUint32(0, 2);
    new DataView(d.buffer).setUint32(4, 1);
    d[8] = 8;
    d[9] = colorType;
    return d;
  };
  const file = (...chunks: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat([PNG_SIGNATURE, ...chunks]));
  const end = pngChunk('IEND', new Uint8Array(0));

  const gray = file(pngChunk('IHDR', ihdr(0)), pngChunk('IDAT', deflateSync(Buffer.from([0, 10, 200]))), end);
  assert.deepEqual(Array.from(decodePng(gray).rgba), [10, 10, 10, 255, 200, 200, 200, 255]);
  assert.equal(inspectImage(gray).hasAlpha, false);

  const palette = file(
    pngChunk('IHDR', ihdr(3)),
    pngChunk('PLTE', new Uint8Array([1, 2, 3, 4, 5, 6])),
    pngChunk('tRNS', new Uint8Array([0])),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0, 1]))),
    end,
  );
  assert.deepEqual(Array.from(decodePng(palette).rgba), [1, 2, 3, 0, 4, 5, 6, 255]);
  assert.equal(inspectImage(palette).hasAlpha, true);
});

test('PNG: truncation at several offsets', () => {
  const png = encodePng(translucent, W, H, { alpha: true, extraChunks: [{ type: 'caBX', data: fakeJumbf('t') }] });
  for (const cut of [8, 12, 20, 33, 60, png.length >> 1, png.length - 13, png.length - 1]) {
    assertCheckError(() => inspectImage(png.subarray(0, cut)), 'truncated', /PNG is truncated/);
  }
  assertCheckError(() => inspectImage(png.subarray(0, png.length - 12)), 'truncated', new RegExp(`no IEND chunk after ${png.length - 12} bytes`));
  assertCheckError(() => inspectImage(png.subarray(0, 5)), 'unknown-format');
});

test('PNG: corrupted CRC and damaged data are corrupt', () => {
  const png = encodePng(opaque, W, H);
  const flipped = png.slice();
  flipped[png.length - 30] ^= 0x40; // inside the last IDAT
  assertCheckError(() => inspectImage(flipped), 'corrupt', /CRC mismatch in IDAT/);
  const badCrc = png.slice();
  badCrc[8 + 8 + 13] ^= 1; // IHDR's CRC
  assertCheckError(() => inspectImage(badCrc), 'corrupt', /CRC mismatch in IHDR/);
  const noIdat = new Uint8Array(Buffer.concat([png.subarray(0, 33), pngChunk('IEND', new Uint8Array(0))]));
  assertCheckError(() => inspectImage(noIdat), 'corrupt', /no IDAT/);
});

test('JPEG: encode -> inspect; dims, no alpha, APP11 C2PA', () => {
  const jpg = encodeJpeg(translucent, W, H, 80);
  assert.deepEqual(inspectImage(jpg), { format: 'jpeg', width: W, height: H, hasAlpha: false, contentCredentials: false });
  const signed = encodeJpeg(pattern(1, 1, false), 1, 1, 90, { extraSegments: [] });
  assert.equal(inspectImage(signed).width, 1);
  const withC2pa = encodeJpeg(pattern(640, 8, false), 640, 8, 90, {
    extraSegments: [{ marker: 0xeb, data: jpegApp11Payload(fakeJumbf('j')) }],
  });
  assert.deepEqual(inspectImage(withC2pa), { format: 'jpeg', width: 640, height: 8, hasAlpha: false, contentCredentials: true });
  const otherApp11 = encodeJpeg(opaque, W, H, 90, { extraSegments: [{ marker: 0xeb, data: new Uint8Array(20) }] });
  assert.equal(inspectImage(otherApp11).contentCredentials, false);
});

test('JPEG: quality changes size; quality 100 and 1 are valid', () => {
  const hi = encodeJpeg(opaque, W, H, 100);
  const lo = encodeJpeg(opaque, W, H, 1);
  assert.ok(hi.length > lo.length);
  assert.equal(inspectImage(hi).height, H);
  assert.equal(inspectImage(lo).height, H);
});

test('JPEG: truncation at several offsets; corrupt markers', () => {
  const jpg = encodeJpeg(opaque, W, H, 90, { extraSegments: [{ marker: 0xeb, data: jpegApp11Payload(fakeJumbf('j')) }] });
  for (const cut of [3, 4, 10, 30, 200, jpg.length >> 1, jpg.length - 2, jpg.length - 1]) {
    assertCheckError(() => inspectImage(jpg.subarray(0, cut)), 'truncated', /JPEG is truncated: no EOI marker/);
  }
  const bad = jpg.slice();
  bad[2 + 2 + 16] = 0x12; // where the marker after APP0 (SOI 2 bytes + marker 2 + length 16) should start
  assertCheckError(() => inspectImage(bad), 'corrupt', /expected a marker/);
});

test('WebP: encode -> inspect; simple and extended containers, alpha flags', () => {
  const plain = encodeWebpLossless(opaque, W, H);
  assert.equal(Buffer.from(plain.subarray(12, 16)).toString('latin1'), 'VP8L');
  assert.deepEqual(inspectImage(plain), { format: 'webp', width: W, height: H, hasAlpha: false, contentCredentials: false });
  const alpha = encodeWebpLossless(translucent, W, H);
  assert.equal(Buffer.from(alpha.subarray(12, 16)).toString('latin1'), 'VP8X');
  assert.deepEqual(inspectImage(alpha), { format: 'webp', width: W, height: H, hasAlpha: true, contentCredentials: false });
  const forcedOpaque = encodeWebpLossless(translucent, W, H, { alpha: false });
  assert.equal(inspectImage(forcedOpaque).hasAlpha, false);
});

test('WebP: C2PA chunk, odd sizes padded, RIFF size equals file length', () => {
  const jumbf = fakeJumbf('webp');
  const odd = new Uint8Array(jumbf.length + (jumbf.length % 2 === 0 ? 1 : 0)).fill(7);
  odd.set(jumbf);
  const webp = encodeWebpLossless(pattern(5, 3, false), 5, 3, { extraChunks: [{ type: 'C2PA', data: odd }] });
  assert.equal(webp.length % 2, 0);
  assert.equal(new DataView(webp.buffer, webp.byteOffset).getUint32(4, true) + 8, webp.length);
  assert.deepEqual(inspectImage(webp), { format: 'webp', width: 5, height: 3, hasAlpha: false, contentCredentials: true });
});

test('WebP: lossy VP8 header dims are read without decoding', () => {
  const vp8 = new Uint8Array(10);
  vp8.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 0);
  new DataView(vp8.buffer).setUint16(6, 320, true);
  new DataView(vp8.buffer).setUint16(8, 200, true);
  const body = Buffer.concat([Buffer.from('WEBP'), riffChunk('VP8 ', vp8)]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  const info = inspectImage(new Uint8Array(Buffer.concat([head, body])));
  assert.deepEqual(info, { format: 'webp', width: 320, height: 200, hasAlpha: false, contentCredentials: false });
});

test('WebP: truncation at several offsets; trailing bytes are corrupt', () => {
  const webp = encodeWebpLossless(translucent, W, H, { extraChunks: [{ type: 'C2PA', data: fakeJumbf('t') }] });
  for (const cut of [12, 16, 29, 40, webp.length >> 1, webp.length - 1]) {
    assertCheckError(() => inspectImage(webp.subarray(0, cut)), 'truncated', /WebP is truncated: the RIFF header says/);
  }
  assertCheckError(() => inspectImage(webp.subarray(0, 11)), 'unknown-format');
  const longer = new Uint8Array(webp.length + 4);
  longer.set(webp);
  assertCheckError(() => inspectImage(longer), 'corrupt', /RIFF header says/);
});

test('inspectImage: empty and unknown bytes', () => {
  assertCheckError(() => inspectImage(new Uint8Array(0)), 'unknown-format', /empty/);
  assertCheckError(() => inspectImage(new TextEncoder().encode('{"error":"nope"}')), 'unknown-format', /7b 22 65/);
  assert.equal(sniffFormat(new TextEncoder().encode('GIF89a')), 'gif');
  assertCheckError(() => inspectImage(new TextEncoder().encode('GIF89a')), 'truncated');
  assert.equal(sniffFormat(new TextEncoder().encode('GIF88a')), undefined);
});

test('checkImage: expectations and clear mismatch messages', () => {
  const png = encodePng(opaque, W, H);
  assert.equal(checkImage(png, { format: 'png', width: W, height: H, alpha: false }).width, W);
  assert.equal(checkImage(png, { alpha: undefined }).format, 'png');
  assertCheckError(() => checkImage(png, { format: 'webp' }), 'mismatch', /Expected a WebP image but got PNG/);
  assertCheckError(() => checkImage(png, { width: 1024, height: 1024 }), 'mismatch', new RegExp(`Expected a 1024x1024 image but the PNG is ${W}x${H}`));
  assertCheckError(() => checkImage(png, { alpha: true }), 'mismatch', /transparent background but the PNG has no alpha channel/);
  const webp = encodeWebpLossless(translucent, W, H);
  assertCheckError(() => checkImage(webp, { alpha: false }), 'mismatch', /opaque image but the WebP has an alpha channel/);
  assertCheckError(() => checkImage(encodeJpeg(opaque, W, H), { alpha: true }), 'mismatch', /JPEG has no alpha/);
  assertCheckError(() => checkImage(png.subarray(0, 100), { format: 'png' }), 'truncated');
});

test('encoders reject bad sizes', () => {
  assert.throws(() => encodePng(new Uint8Array(4), 2, 1), RangeError);
  assert.throws(() => encodeJpeg(new Uint8Array(0), 0, 0), RangeError);
  assert.throws(() => encodeWebpLossless(new Uint8Array(4 * 20000), 20000, 1), RangeError);
});

test('mime helpers', () => {
  assert.equal(mimeForFormat('jpeg'), 'image/jpeg');
  assert.equal(extensionForFormat('jpeg'), 'jpg');
  assert.equal(extensionForFormat('webp'), 'webp');
  assert.equal(formatFromFileName('a/b/Cat.JPEG'), 'jpeg');
  assert.equal(formatFromFileName('x.jpg?token=1'), 'jpeg');
  assert.equal(formatFromFileName('dir.png/readme'), undefined);
  assert.equal(formatFromFileName('icon.webp'), 'webp');
  assert.equal(formatFromFileName('noext'), undefined);
  assert.equal(formatFromMime('image/png; charset=binary'), 'png');
  assert.equal(formatFromMime('application/octet-stream'), undefined);
});
