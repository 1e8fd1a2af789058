// On-demand check of the imaging encoders against an independent decoder: headless Chromium draws each
// encoded image to a canvas and the pixels are compared with the source. Not a unit test (needs Chromium).
// Run: npm run compile-tests && node out/test/tools/verify-codecs.js [path-to-chromium]
import { chromium } from 'playwright-core';
import { encodeJpeg } from '../../src/core/imaging/jpeg';
import { encodePng } from '../../src/core/imaging/png';
import { encodeWebpLossless } from '../../src/core/imaging/webp';
import { fakeJumbf, jpegApp11Payload } from '../fake-provider/c2pa';

interface Case {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly alpha: boolean;
  readonly mime: string;
  readonly bytes: Uint8Array;
  readonly source: Uint8Array;
  /** Mean absolute error allowed over the color channels (0 for lossless). */
  readonly maxMeanError: number;
}

function testImage(w: number, h: number, alpha: boolean, seed: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const i = (y * w + x) * 4;
      px[i] = (x * 255) / Math.max(1, w - 1);
      px[i + 1] = ((x >> 4) ^ (y >> 4)) & 1 ? 230 : 20;
      px[i + 2] = (y * 3 + (s >>> 28)) & 255;
      px[i + 3] = alpha ? (x + 2 * y) & 255 : 255;
    }
  }
  return px;
}

function cases(): Case[] {
  const out: Case[] = [];
  const jumbf = fakeJumbf('verify');
  for (const [w, h] of [[1, 1], [3, 2], [17, 9], [333, 257], [1024, 64]] as const) {
    for (const alpha of [false, true]) {
      const src = testImage(w, h, alpha, w * 31 + h);
      const name = `${w}x${h}${alpha ? ' alpha' : ''}`;
      const caBX = [{ type: 'caBX', data: jumbf }];
      out.push({ name: `png ${name}`, width: w, height: h, alpha, mime: 'image/png', bytes: encodePng(src, w, h, { alpha, extraChunks: caBX }), source: src, maxMeanError: 0 });
      out.push({ name: `webp ${name}`, width: w, height: h, alpha, mime: 'image/webp', bytes: encodeWebpLossless(src, w, h, { alpha, extraChunks: [{ type: 'C2PA', data: jumbf }] }), source: src, maxMeanError: 0 });
      if (!alpha) {
        const app11 = [{ marker: 0xeb, data: jpegApp11Payload(jumbf) }];
        out.push({ name: `jpeg ${name}`, width: w, height: h, alpha, mime: 'image/jpeg', bytes: encodeJpeg(src, w, h, 95, { extraSegments: app11 }), source: src, maxMeanError: 4 });
      }
    }
  }
  return out;
}

interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly pixels: number[];
}

// Runs in the page (kept as source text: this project's Node tsconfig has no DOM types).
const BROWSER_DECODE = `async ({ b64, mime }) => {
  const blob = await (await fetch('data:' + mime + ';base64,' + b64)).blob();
  const bmp = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
  ctx.drawImage(bmp, 0, 0);
  return { width: bmp.width, height: bmp.height, pixels: Array.from(ctx.getImageData(0, 0, bmp.width, bmp.height).data) };
}`;

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.argv[2] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  let failures = 0;
  for (const c of cases()) {
    const arg = JSON.stringify({ b64: Buffer.from(c.bytes).toString('base64'), mime: c.mime });
    const decoded = (await page.evaluate(`(${BROWSER_DECODE})(${arg})`)) as Decoded;
    const problems = compare(c, decoded.width, decoded.height, decoded.pixels);
    failures += problems ? 1 : 0;
    console.log(`${problems ? 'FAIL' : 'ok  '} ${c.name} (${c.bytes.length} bytes)${problems ? `: ${problems}` : ''}`);
  }
  await browser.close();
  if (failures) {
    console.error(`${failures} case(s) failed`);
    process.exitCode = 1;
  }
}

/** Problems found, or '' when the decoded pixels match. Canvas storage is premultiplied, so translucent colors get a tolerance. */
function compare(c: Case, width: number, height: number, px: number[]): string {
  if (width !== c.width || height !== c.height) return `decoded as ${width}x${height}`;
  let sum = 0;
  for (let i = 0; i < px.length; i += 4) {
    const a = c.alpha ? c.source[i + 3] : 255;
    if (px[i + 3] !== a) return `alpha ${px[i + 3]} != ${a} at pixel ${i / 4}`;
    if (a === 0) continue;
    const tolerance = a === 255 ? 0 : Math.ceil(255 / a) + 1;
    for (let k = 0; k < 3; k++) {
      const d = Math.abs(px[i + k] - c.source[i + k]);
      sum += d;
      if (c.maxMeanError === 0 && d > tolerance) return `channel ${k} ${px[i + k]} != ${c.source[i + k]} at pixel ${i / 4}`;
    }
  }
  const mean = sum / ((px.length / 4) * 3);
  return c.maxMeanError > 0 && mean > c.maxMeanError ? `mean error ${mean.toFixed(2)} > ${c.maxMeanError}` : '';
}

void main();
