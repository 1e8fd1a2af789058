// Icon sets and web copies: the ICO writer read back, the resampler against a naive resize, each set's files at their
// sizes and placements (in process and through the worker thread), the web copy's size, the automation arguments.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs, exportIconSetArgs, saveWebCopyArgs, WEB_COPY_DEFAULTS } from '../../src/core/iconset/args';
import { Codecs } from '../../src/core/iconset/codecs';
import { renderIconSet, type IconSetResult } from '../../src/core/iconset/iconSet';
import { iconSetSidecarText, linkTags, webManifestFragment } from '../../src/core/iconset/manifest';
import { WEB_COPY_FORMATS, webCopySize } from '../../src/core/iconset/webCopy';
import { webCopySidecar } from '../../src/core/iconset/webCopySidecar';
import { buildSidecar } from '../../src/core/sidecar';
import { encodeIco } from '../../src/core/imaging/ico';
import { encodePng } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { ImageWorker } from '../../src/core/work/imageWorkerClient';
import { imageWorkerScript } from '../fake-provider/engine-rig';
import { readAvifHeader } from '../integration/support/avif';
import { readIco } from '../integration/support/ico';

const codecs = new Codecs();
const workers: ImageWorker[] = [];
after(() => { for (const w of workers) w.dispose(); });

/** White with 1 px black lines every 8 px both ways: 1/8 of each row and column is line. */
function thinLines(edge: number): Uint8Array {
  const px = new Uint8Array(edge * edge * 4).fill(255);
  for (let y = 0; y < edge; y++) {
    for (let x = 0; x < edge; x++) {
      if (x % 8 === 0 || y % 8 === 0) px.fill(0, (y * edge + x) * 4, (y * edge + x) * 4 + 3);
    }
  }
  return px;
}

function nearest(src: Uint8Array, edge: number, out: number): Uint8Array {
  const px = new Uint8Array(out * out * 4);
  for (let y = 0; y < out; y++) {
    for (let x = 0; x < out; x++) {
      const sx = Math.floor(((x + 0.5) * edge) / out);
      const sy = Math.floor(((y + 0.5) * edge) / out);
      px.set(src.subarray((sy * edge + sx) * 4, (sy * edge + sx) * 4 + 4), (y * out + x) * 4);
    }
  }
  return px;
}

/** sRGB 0–255 of a linear-light fraction. */
const srgb = (linear: number) => 255 * (linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055);

/** A 1024² opaque test picture: a blue disc on orange, with a dark red top-left corner. */
function picture(edge = 1024): Uint8Array {
  const px = new Uint8Array(edge * edge * 4);
  for (let y = 0; y < edge; y++) {
    for (let x = 0; x < edge; x++) {
      const i = (y * edge + x) * 4;
      const inDisc = (x - edge / 2) ** 2 + (y - edge / 2) ** 2 < (edge * 0.4) ** 2;
      px.set(x < 16 && y < 16 ? [120, 10, 10, 255] : inDisc ? [30, 60, 200, 255] : [250, 150, 40, 255], i);
    }
  }
  return encodePng(px, edge, edge, { alpha: true, level: 1 });
}

/** Colours within 2 per channel: the resampler works in linear light, so a flat colour may come back 1 off. */
function near(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.ok(actual.every((v, i) => Math.abs(v - expected[i]!) <= 2), `${what}: ${JSON.stringify(actual)} is not within 2 of ${JSON.stringify(expected)}`);
}

const file = (r: IconSetResult, name: string) => {
  const f = r.files.find((x) => x.name === name);
  assert.ok(f, `${name} is in the set`);
  return f;
};

describe('ICO writer', () => {
  it('writes PNG entries that read back with their sizes, 256 stored as 0', () => {
    const pngs = [16, 32, 48, 256].map((s) => ({ width: s, height: s, png: encodePng(new Uint8Array(s * s * 4).fill(200), s, s, { alpha: true }) }));
    const ico = encodeIco(pngs);
    assert.equal(ico[6 + 16 * 3], 0, '256 is written as 0');
    const back = readIco(ico);
    assert.deepEqual(back.map((e) => [e.width, e.height, e.bitCount]), [[16, 16, 32], [32, 32, 32], [48, 48, 32], [256, 256, 32]]);
    back.forEach((e, i) => assert.deepEqual(Buffer.from(e.png), Buffer.from(pngs[i]!.png)));
  });

  it('refuses an empty icon and entries over 256 px', () => {
    assert.throws(() => encodeIco([]), RangeError);
    assert.throws(() => encodeIco([{ width: 257, height: 257, png: new Uint8Array(8) }]), /1 to 256 px/);
  });
});

describe('resampler', () => {
  it('keeps 1 px lines as the grey they cover at 16 px, where a naive nearest-neighbour resize turns them solid black', async () => {
    const edge = 1024;
    const src = thinLines(edge);
    const ours = await codecs.resize({ data: src, width: edge, height: edge }, 16, 16);
    const naive = nearest(src, edge, 16);
    // Each 64 px cell holds 8 lines each way: 15/64 of its area is black, so its linear-light value is 49/64.
    const ideal = srgb(49 / 64);
    const maxError = (px: Uint8Array) => {
      let worst = 0;
      for (let y = 1; y < 15; y++) for (let x = 1; x < 15; x++) worst = Math.max(worst, Math.abs(px[(y * 16 + x) * 4]! - ideal));
      return worst;
    };
    assert.ok(maxError(ours.data) < 12, `the resampler's grey is within 12 of ${ideal.toFixed(0)} (worst ${maxError(ours.data).toFixed(1)})`);
    assert.ok(maxError(naive) > 150, `the naive resize lands on the lines (worst ${maxError(naive).toFixed(1)})`);
  });
});

describe('icon sets', () => {
  it('draws every set at its size: favicon.ico with 16/32/48, the maskable artwork inside the safe zone, Android margins transparent', async () => {
    const r = await renderIconSet({ kind: 'iconSet', bytes: picture(), sets: ['web', 'apple', 'pwa', 'android'], background: { r: 0x12, g: 0x34, b: 0x56 }, monochrome: true }, codecs);
    assert.equal(r.background, '#123456');
    assert.deepEqual(readIco(file(r, 'favicon.ico').bytes).map((e) => e.width), [16, 32, 48]);
    const sizes: Record<string, number> = {
      'favicon-16x16.png': 16, 'favicon-32x32.png': 32, 'apple-touch-icon.png': 180, 'icon-192.png': 192, 'icon-512.png': 512,
      'icon-maskable-512.png': 512, 'android-foreground-432.png': 432, 'android-background-432.png': 432, 'android-monochrome-432.png': 432, 'android-store-512.png': 512,
    };
    for (const [name, size] of Object.entries(sizes)) {
      const img = decodePng(file(r, name).bytes);
      assert.deepEqual([img.width, img.height], [size, size], name);
    }
    assert.equal(r.files.some((f) => f.name === 'icon.svg'), false, 'no icon.svg from a PNG');
    const maskable = decodePng(file(r, 'icon-maskable-512.png').bytes);
    const px = (img: { rgba: Uint8Array; width: number }, x: number, y: number) => [...img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];
    for (let i = 0; i < 512; i++) {
      for (const [x, y] of [[i, 0], [i, 50], [0, i], [50, i], [i, 511], [i, 461], [511, i], [461, i]] as const) {
        assert.deepEqual(px(maskable, x, y), [0x12, 0x34, 0x56, 255], `maskable outer 10% at ${x},${y} is the background`);
      }
    }
    near(px(maskable, 256, 256), [30, 60, 200, 255], 'the artwork is in the middle');
    const fg = decodePng(file(r, 'android-foreground-432.png').bytes);
    for (let i = 0; i < 432; i++) for (const [x, y] of [[i, 0], [i, 71], [0, i], [71, i], [i, 431], [i, 360], [431, i], [360, i]] as const) assert.equal(px(fg, x, y)[3], 0, `foreground margin at ${x},${y} is transparent`);
    assert.equal(px(fg, 216, 216)[3], 255, 'the foreground artwork is opaque in the middle');
    near(px(decodePng(file(r, 'apple-touch-icon.png').bytes), 90, 90), [30, 60, 200, 255], 'the Apple icon\'s artwork');
  });

  it('takes the background from the top-left corner when none is given', async () => {
    const r = await renderIconSet({ kind: 'iconSet', bytes: picture(256), sets: ['apple'] }, codecs);
    const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(r.background)!;
    near(hex.slice(1).map((h) => parseInt(h, 16)), [120, 10, 10], 'the corner colour');
  });

  it('renders an SVG source at each size and keeps icon.svg as it was', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect x="1" y="1" width="8" height="8" fill="#0a0"/></svg>');
    const r = await renderIconSet({ kind: 'iconSet', bytes: svg, sets: ['web', 'pwa'] }, codecs);
    assert.deepEqual(Buffer.from(file(r, 'icon.svg').bytes), Buffer.from(svg));
    const big = decodePng(file(r, 'icon-512.png').bytes);
    assert.deepEqual([big.width, big.height], [512, 512]);
    const mid = (256 * 512 + 256) * 4;
    assert.deepEqual([...big.rgba.subarray(mid, mid + 4)], [0, 0xaa, 0, 255], 'vector drawn at 512 px, colours straight (not premultiplied)');
    assert.equal(big.rgba[3], 0, 'the SVG\'s transparent corner stays transparent');
  });

  it('runs in the worker thread: the same files as in process', async () => {
    const w = new ImageWorker(imageWorkerScript());
    workers.push(w);
    const job = { kind: 'iconSet', bytes: picture(256), sets: ['web'] } as const;
    const [inThread, inPlace] = [await w.run(job), await renderIconSet(job, codecs)];
    assert.deepEqual(inThread.files.map((f) => [f.name, Buffer.from(f.bytes).toString('base64')]), inPlace.files.map((f) => [f.name, Buffer.from(f.bytes).toString('base64')]));
    // A Node Buffer (what vscode.workspace.fs.readFile gives) keeps its bytes: its slice() is a view, not a copy.
    const source = Buffer.from(picture(512));
    const copy = await w.run({ kind: 'webCopy', bytes: source, format: 'webp', quality: 80, maxWidth: 300 });
    assert.equal(source.length, picture(512).length, 'the caller\'s Buffer is not detached');
    assert.deepEqual([copy.width, copy.height], [300, 300]);
    assert.equal(String.fromCharCode(...copy.bytes.subarray(8, 12)), 'WEBP');
  });

  it('writes the manifest fragment and link tags for the files present, and a checked sidecar', () => {
    const names = ['favicon.ico', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'site.webmanifest'];
    const manifest = JSON.parse(webManifestFragment(names, '#123456')) as { icons: { src: string; purpose?: string }[] };
    assert.deepEqual(manifest.icons.map((i) => [i.src, i.purpose]), [['icon-192.png', undefined], ['icon-512.png', undefined], ['icon-maskable-512.png', 'maskable']]);
    assert.equal(linkTags(names), '<link rel="icon" href="/favicon.ico" sizes="48x48">\n<link rel="manifest" href="/site.webmanifest">\n');
    const base = { kind: 'pixelsmith-icon-set' as const, schemaVersion: 1 as const, parent: 'a/b.png', parentSha256: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', sets: ['web' as const], background: '#ffffff' };
    assert.match(iconSetSidecarText({ ...base, files: [{ path: 'a/b-icons/favicon.ico', bytes: 10, width: 48, height: 48 }] }), /"parent": "a\/b.png"/);
    assert.throws(() => iconSetSidecarText({ ...base, files: [{ path: '../out.png', bytes: 1 }] }));
  });
});

describe('web copy and arguments', () => {
  it('scales down to the maximum width with the aspect kept, never up', () => {
    assert.deepEqual(webCopySize(1536, 1024, 800), { width: 800, height: 533 });
    assert.deepEqual(webCopySize(640, 480, 800), { width: 640, height: 480 });
  });

  it('encodes an AVIF copy in the worker thread: ftyp avif, the scaled size in its ispe, decodes back to the picture', async () => {
    const w = new ImageWorker(imageWorkerScript());
    workers.push(w);
    const copy = await w.run({ kind: 'webCopy', bytes: picture(512), format: 'avif', quality: 60, maxWidth: 300 });
    const header = readAvifHeader(copy.bytes);
    assert.deepEqual([header.majorBrand, header.brands.includes('avif'), header.width, header.height], ['avif', true, 300, 300]);
    assert.deepEqual([copy.width, copy.height], [300, 300]);
    // The decoder is for this test only (the extension ships the encoder alone).
    const dec = await import('@jsquash/avif/decode.js');
    const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly;
    await (dec.init as unknown as (m: object) => Promise<void>)(new Wasm.Module(readFileSync(require.resolve('@jsquash/avif/codec/dec/avif_dec.wasm'))));
    const img = (await dec.default(copy.bytes.slice().buffer))!;
    assert.deepEqual([img.width, img.height], [300, 300]);
    const at = (x: number, y: number) => [...img.data.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 4)];
    const close = (actual: number[], expected: number[], what: string) =>
      assert.ok(actual.every((v, i) => Math.abs(v - expected[i]!) <= 12), `${what}: ${JSON.stringify(actual)} is not near ${JSON.stringify(expected)}`);
    close(at(150, 150), [30, 60, 200, 255], 'the disc');
    close(at(280, 20), [250, 150, 40, 255], 'the background');
  });

  it('pixelsmith.webCopy.format in package.json offers exactly the formats the worker encodes', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown }> } } };
    const s = manifest.contributes.configuration.properties['pixelsmith.webCopy.format'];
    assert.deepEqual([s?.enum, s?.default], [[...WEB_COPY_FORMATS], WEB_COPY_DEFAULTS.format]);
  });

  it('refuses unknown and invalid arguments, naming the field', () => {
    assert.throws(() => parseCommandArgs('pixelsmith.exportIconSet', exportIconSetArgs(), { uri: 'a.png', size: 3 }), (e: Error & { field?: string }) => e.field === 'size' && /Unknown argument "size"/.test(e.message));
    assert.throws(() => parseCommandArgs('pixelsmith.exportIconSet', exportIconSetArgs(), { uri: 'a.png', sets: ['web', 'ios'] }), (e: Error & { field?: string }) => e.field === 'sets[1]');
    assert.throws(() => parseCommandArgs('pixelsmith.exportIconSet', exportIconSetArgs(), { uri: 'a.png', background: 'red' }), (e: Error & { field?: string }) => e.field === 'background');
    assert.throws(() => parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), { uri: 'a.png', quality: 101 }), (e: Error & { field?: string }) => e.field === 'quality');
    assert.throws(() => parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), {}), (e: Error & { field?: string }) => e.field === 'uri');
    assert.throws(() => parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), { uri: 'a.png', format: 'jxl' }), (e: Error & { field?: string }) => e.field === 'format' && /webp or avif/.test(e.message));
    assert.deepEqual(parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), { uri: 'a.png', format: 'avif' }), { uri: 'a.png', format: 'avif' });
    assert.deepEqual(parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), { uri: 'a.png', maxWidth: 800 }), { uri: 'a.png', maxWidth: 800 });
  });
});

describe('web copy sidecar', () => {
  it('carries every generation parameter the parent recorded (complexity, GIF frames) and names the parent', () => {
    const parent = buildSidecar({
      request: {
        prompt: 'a looping flame', provider: 'openai', model: 'gpt-image-2.6', size: '1024x1024', quality: 'high', background: 'auto',
        outputFormat: 'gif', n: 1, complexity: 'high', gifFrames: 4, gifFrameDurationMs: 120,
      },
      image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: 'gif', bytes: 10, contentCredentials: false },
      generationId: '20261202-080000-abcdef', createdAt: '2026-12-02T08:00:00Z', costUsd: 0.2,
    });
    const copy = webCopySidecar(parent, { file: 'flame.gif', sha256: 'a'.repeat(64) }, { sha256: 'b'.repeat(64), width: 800, height: 800, bytes: 5, format: 'webp' });
    assert.ok(copy);
    assert.deepEqual([copy.parameters.complexity, copy.parameters.gifFrames, copy.parameters.gifFrameDurationMs], ['high', 4, 120]);
    assert.equal(copy.parent?.file, 'flame.gif');
    assert.equal(copy.costUsd, 0);
  });
});
