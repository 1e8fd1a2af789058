// Decompression bombs: refused from the header, before inflating, with the reason; inflate never outgrows the size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { MAX_DECODE_EDGE, MAX_DECODE_PIXELS, withinDecodeBudget } from '../../src/core/imaging/decode-budget';
import { ImageCheckError } from '../../src/core/imaging/image-check-error';
import { encodePng, pngChunk, PNG_SIGNATURE } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { concatBytes } from '../../src/core/imaging/bytes';
import { pngBomb, zerosZlib } from './pngBomb';

function refusedTooLarge(bytes: Uint8Array, reason: RegExp): void {
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => decodePng(bytes), (e: unknown) => {
    assert.ok(e instanceof ImageCheckError, String(e));
    assert.equal(e.code, 'too-large');
    assert.match(e.message, reason);
    return true;
  });
  // Pixels were never allocated: the whole attempt holds less than one row of a 16384-wide image per MB.
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024, 'the decoder allocated buffers for the pixels');
}

test('the bomb fixture is a real PNG: a small one decodes to black pixels', () => {
  const png = pngBomb(300, 200);
  assert.equal(inflateSync(png.subarray(8 + 25 + 8, png.length - 12 - 4)).length, 200 * 301);
  const img = decodePng(png);
  assert.deepEqual([img.width, img.height], [300, 200]);
  assert.ok(img.rgba.every((v, i) => v === (i % 4 === 3 ? 255 : 0)));
});

test('a 8000x8000 bomb of a few hundred KB is refused before inflating, naming the size and the limit', () => {
  const bomb = pngBomb(8000, 8000);
  assert.ok(bomb.length < 500 * 1024, `fixture is ${bomb.length} bytes`);
  refusedTooLarge(bomb, /PNG declares 8000x8000 \(64 MP\): over the 50 MP limit/);
});

test('a 16384x16384 bomb is refused for its pixel count, a side over 16384 for the side alone', () => {
  refusedTooLarge(pngBomb(16_384, 16_384), /16384x16384 \(268\.4 MP\): over the 50 MP limit/);
  refusedTooLarge(pngBomb(MAX_DECODE_EDGE + 1, 1), /16385x1: a side is over the 16384 px limit/);
  assert.ok(MAX_DECODE_PIXELS < MAX_DECODE_EDGE * MAX_DECODE_EDGE);
});

test('image data that inflates past what the declared size needs is refused, not inflated to the end', () => {
  const ihdr = encodePng(new Uint8Array(4 * 4 * 4), 4, 4, { alpha: true }).subarray(8, 8 + 25);
  const lying = concatBytes([PNG_SIGNATURE, ihdr, pngChunk('IDAT', zerosZlib(50_000_000)), pngChunk('IEND', new Uint8Array(0))]);
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => decodePng(lying), (e: unknown) => e instanceof ImageCheckError && e.code === 'corrupt' && /inflates to more than the 68 bytes/.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
});

test('images within the budget still decode', () => {
  const px = new Uint8Array(64 * 48 * 4).map((_, i) => (i * 37) & 255);
  assert.deepEqual(decodePng(encodePng(px, 64, 48, { alpha: true })).rgba, px);
});

test('the budget the gallery also applies to declared sizes: 50 MP and no side over 16384', () => {
  assert.equal(withinDecodeBudget(3840, 2160), true);
  assert.equal(withinDecodeBudget(16_384, 3000), true);
  assert.equal(withinDecodeBudget(8000, 8000), false);
  assert.equal(withinDecodeBudget(16_385, 1), false);
});
