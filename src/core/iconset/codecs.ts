// The maintained wasm codecs (jSquash from Squoosh: resize, PNG, JPEG, WebP, AVIF encoding; resvg for SVG), for the image
// worker only.
// Each wasm file is compiled on first use, from dist/wasm/ in the bundle (copied there as <name>.wasm by esbuild.mjs from the
// package paths in wasm-files.json) or from node_modules when run from the compiled tests.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import WASM_FILES from './wasm-files.json';
import type { Rgba } from './canvas';

export type WasmName = keyof typeof WASM_FILES;

/** The folder the bundle keeps its wasm files in, beside dist/imageWorker.js. */
const BUNDLED_WASM_DIR = path.join(__dirname, 'wasm');

/** A compiled WebAssembly.Module (the host's tsconfig has no DOM or WebAssembly types). */
type WasmModule = object;
const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule } }).WebAssembly;

/** The compiled module of one wasm file: from the bundle's folder when it is there, else from its package. */
function compileWasm(name: WasmName): WasmModule {
  const bundled = path.join(BUNDLED_WASM_DIR, `${name}.wasm`);
  const file = existsSync(bundled) ? bundled : createRequire(__filename).resolve(WASM_FILES[name]);
  return new Wasm.Module(readFileSync(file));
}

/** jSquash's Emscripten codecs take the compiled module and options, though their typings declare only the options. */
type EmscriptenInit = (module: WasmModule, options: typeof EMSCRIPTEN_OPTIONS) => Promise<unknown>;
/** The pixel buffer jSquash reads and returns (the browser's ImageData; NodeImageData here). */
interface ImageDataLike { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number }

// jSquash's codecs return and take the browser's ImageData; a worker thread has none, so it gets this shape.
class NodeImageData {
  readonly colorSpace = 'srgb';
  constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
}
function ensureImageData(): void {
  const g = globalThis as { ImageData?: unknown };
  g.ImageData ??= NodeImageData;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jSquash's typings name the DOM's ImageData, absent here
const toImageData = (img: Rgba): any => new (globalThis as unknown as { ImageData: typeof NodeImageData }).ImageData(
  new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height);
const fromImageData = (d: ImageDataLike): Rgba =>
  ({ data: new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.byteLength), width: d.width, height: d.height });

// Emscripten builds would otherwise look for their wasm beside an import.meta.url the CommonJS bundle does not have.
const EMSCRIPTEN_OPTIONS = { locateFile: (file: string) => file };

/** The codecs of one worker thread: each initialised once, on first use, so a job that needs no SVG never loads resvg. */
export class Codecs {
  private readonly ready = new Map<string, Promise<unknown>>();

  private once<T>(key: string, init: () => Promise<T>): Promise<T> {
    let p = this.ready.get(key) as Promise<T> | undefined;
    if (!p) {
      ensureImageData();
      p = init();
      this.ready.set(key, p);
      p.catch(() => this.ready.delete(key));
    }
    return p;
  }

  /** Decode a PNG, JPEG or WebP file to 8-bit RGBA. */
  async decode(bytes: Uint8Array, format: 'png' | 'jpeg' | 'webp'): Promise<Rgba> {
    const buffer = bytes.slice().buffer;
    switch (format) {
      case 'png': {
        const png = await this.once('png', async () => {
          const m = await import('@jsquash/png/decode.js');
          await m.init(compileWasm('pngCodec'));
          return m;
        });
        return fromImageData(await png.decode(buffer));
      }
      case 'jpeg': {
        const jpeg = await this.once('jpegDec', async () => {
          const m = await import('@jsquash/jpeg/decode.js');
          await (m.init as unknown as EmscriptenInit)(compileWasm('jpegDecoder'), EMSCRIPTEN_OPTIONS);
          return m;
        });
        return fromImageData(await jpeg.default(buffer));
      }
      case 'webp': {
        const webp = await this.once('webpDec', async () => {
          const m = await import('@jsquash/webp/decode.js');
          await (m.init as unknown as EmscriptenInit)(compileWasm('webpDecoder'), EMSCRIPTEN_OPTIONS);
          return m;
        });
        return fromImageData(await webp.default(buffer));
      }
    }
  }

  /**
   * Resample to width×height with Lanczos-3, in linear light on premultiplied alpha: thin lines average to the grey
   * they cover instead of vanishing or turning solid, and transparent edges do not darken.
   */
  async resize(img: Rgba, width: number, height: number): Promise<Rgba> {
    if (img.width === width && img.height === height) return img;
    const resize = await this.once('resize', async () => {
      const m = await import('@jsquash/resize');
      await m.initResize(compileWasm('resize'));
      return m;
    });
    return fromImageData(await resize.default(toImageData(img), { width, height, method: 'lanczos3', premultiply: true, linearRGB: true }));
  }

  async encodePng(img: Rgba): Promise<Uint8Array> {
    const png = await this.once('pngEnc', async () => {
      const m = await import('@jsquash/png/encode.js');
      await m.init(compileWasm('pngCodec'));
      return m;
    });
    return new Uint8Array(await png.default(toImageData(img)));
  }

  /** Lossy WebP at `quality` (1–100), alpha kept. */
  async encodeWebp(img: Rgba, quality: number): Promise<Uint8Array> {
    const webp = await this.once('webpEnc', async () => {
      const [m, detect] = await Promise.all([import('@jsquash/webp/encode.js'), import('wasm-feature-detect')]);
      // The encoder picks its SIMD build when the engine has SIMD: hand it the matching wasm.
      await (m.init as unknown as EmscriptenInit)(compileWasm((await detect.simd()) ? 'webpEncoderSimd' : 'webpEncoder'), EMSCRIPTEN_OPTIONS);
      return m;
    });
    return new Uint8Array(await webp.default(toImageData(img), { quality }));
  }

  /**
   * Lossy AVIF at `quality` (1–100, libavif's scale), alpha kept; Squoosh's default speed (6). The single-threaded encoder:
   * the package picks it under Node, and its 3.5 MB wasm is compiled only when the first AVIF copy is asked for.
   */
  async encodeAvif(img: Rgba, quality: number): Promise<Uint8Array> {
    const avif = await this.once('avifEnc', async () => {
      const m = await import('@jsquash/avif/encode.js');
      await (m.init as unknown as EmscriptenInit)(compileWasm('avifEncoder'), EMSCRIPTEN_OPTIONS);
      return m;
    });
    return new Uint8Array(await avif.default(toImageData(img), { quality }));
  }

  /** Render an SVG so its larger side is `edge` pixels (aspect kept); no system fonts, no external resources. */
  async rasterizeSvg(svg: Uint8Array, edge: number): Promise<Rgba> {
    const resvg = await this.once('resvg', async () => {
      const m = await import('@resvg/resvg-wasm');
      await m.initWasm(compileWasm('resvg'));
      return m;
    });
    const probe = new resvg.Resvg(svg, { font: { loadSystemFonts: false } });
    const fitTo = probe.width >= probe.height ? { mode: 'width' as const, value: edge } : { mode: 'height' as const, value: edge };
    probe.free();
    const r = new resvg.Resvg(svg, { font: { loadSystemFonts: false }, fitTo });
    try {
      const out = r.render();
      const img: Rgba = { data: out.pixels.slice(), width: out.width, height: out.height };
      out.free();
      return img;
    } finally {
      r.free();
    }
  }
}
