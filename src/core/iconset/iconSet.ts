// What each icon set holds and how each file is drawn from the source: run in the image worker (see imageJobs.ts).
import { encodeIco } from '../imaging/ico';
import { inspectImage } from '../imaging/inspect';
import { ImageCheckError } from '../imaging/image-check-error';
import { checkDecodeBudget } from '../imaging/decode-budget';
import { blank, cornerColour, drawOver, filled, hexColour, silhouette, squared, unpremultiply, type Rgb, type Rgba } from './canvas';
import type { Codecs } from './codecs';

export const ICON_SETS = ['web', 'apple', 'pwa', 'android'] as const;
export type IconSetName = (typeof ICON_SETS)[number];

/** The PWA maskable icon keeps its artwork inside the central 80% (the safe zone; the outer 10% each side may be cut). */
export const MASKABLE_SAFE_ZONE = 0.8;
/** Android adaptive icons: 108 dp layers, of which the central 72 dp (2/3) is always shown. */
export const ANDROID_LAYER_PX = 432;
export const ANDROID_SAFE_ZONE = 72 / 108;
/** The sizes in favicon.ico. */
export const FAVICON_ICO_SIZES = [16, 32, 48] as const;

export interface IconSetJob {
  readonly kind: 'iconSet';
  /** The source file: PNG, JPEG, WebP or SVG. */
  readonly bytes: Uint8Array;
  readonly sets: readonly IconSetName[];
  /** The background of the opaque icons (Apple, maskable, Android); default: the image's top-left corner. */
  readonly background?: Rgb;
  /** Also draw Android's monochrome (themed icon) layer. */
  readonly monochrome?: boolean;
}

export interface IconFile {
  /** File name inside the set's folder. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Pixel size (the largest entry of favicon.ico); none for icon.svg. */
  readonly width?: number;
  readonly height?: number;
}

export interface IconSetResult {
  readonly files: readonly IconFile[];
  /** `#rrggbb`: the background the opaque icons got. */
  readonly background: string;
}

/** The source as something that can be drawn at any size. */
interface Artwork {
  /** The artwork on a transparent square, `edge` px wide. */
  draw(edge: number): Promise<Rgba>;
  readonly svg?: Uint8Array;
}

export async function renderIconSet(job: IconSetJob, codecs: Codecs): Promise<IconSetResult> {
  if (job.sets.length === 0) throw new RangeError('Choose at least one icon set');
  const art = memoized(await artworkOf(job.bytes, codecs));
  const background = job.background ?? cornerColour(await art.draw(64));
  const files: IconFile[] = [];
  const png = async (name: string, img: Rgba) => files.push({ name, bytes: await codecs.encodePng(img), width: img.width, height: img.height });
  /** The artwork at `inner` px, centred on an `edge` px square: over `bg` when given, else on transparency. */
  const placed = async (edge: number, inner: number, bg?: Rgb) => {
    const canvas = bg ? filled(edge, edge, bg) : blank(edge, edge);
    const offset = Math.floor((edge - inner) / 2);
    return drawOver(canvas, await art.draw(inner), offset, offset);
  };
  for (const set of ICON_SETS.filter((s) => job.sets.includes(s))) {
    switch (set) {
      case 'web': {
        const entries = [];
        for (const size of FAVICON_ICO_SIZES) entries.push({ width: size, height: size, png: await codecs.encodePng(await art.draw(size)) });
        files.push({ name: 'favicon.ico', bytes: encodeIco(entries), width: 48, height: 48 });
        await png('favicon-16x16.png', await art.draw(16));
        await png('favicon-32x32.png', await art.draw(32));
        if (art.svg) files.push({ name: 'icon.svg', bytes: art.svg });
        break;
      }
      case 'apple':
        await png('apple-touch-icon.png', await placed(180, 180, background));
        break;
      case 'pwa':
        await png('icon-192.png', await art.draw(192));
        await png('icon-512.png', await art.draw(512));
        await png('icon-maskable-512.png', await placed(512, Math.floor(512 * MASKABLE_SAFE_ZONE), background));
        break;
      case 'android': {
        const inner = Math.floor(ANDROID_LAYER_PX * ANDROID_SAFE_ZONE);
        const foreground = await placed(ANDROID_LAYER_PX, inner);
        await png('android-foreground-432.png', foreground);
        await png('android-background-432.png', filled(ANDROID_LAYER_PX, ANDROID_LAYER_PX, background));
        if (job.monochrome) await png('android-monochrome-432.png', silhouette(foreground, { r: 255, g: 255, b: 255 }));
        await png('android-store-512.png', await placed(512, 512, background));
        break;
      }
    }
  }
  return { files, background: hexColour(background) };
}

/** Each size drawn once (16, 32 and 512 px are each used twice); the images are only read after. */
function memoized(art: Artwork): Artwork {
  const drawn = new Map<number, Promise<Rgba>>();
  return {
    ...(art.svg ? { svg: art.svg } : {}),
    draw: (edge) => {
      let img = drawn.get(edge);
      if (!img) drawn.set(edge, img = art.draw(edge));
      return img;
    },
  };
}

/** Check the source's header against the decode budget, then decode it once (raster) or keep it to render (SVG). */
async function artworkOf(bytes: Uint8Array, codecs: Codecs): Promise<Artwork> {
  const info = inspectImage(bytes);
  if (info.format === 'svg') {
    return { svg: bytes, draw: async (edge) => squared(unpremultiply(await codecs.rasterizeSvg(bytes, edge))) };
  }
  if (info.format === 'gif') throw new ImageCheckError('unsupported', 'A GIF cannot be the source of an icon set; use a PNG, JPEG, WebP or SVG image');
  checkDecodeBudget(info.width, info.height, 'The source image');
  const source = squared(await codecs.decode(bytes, info.format));
  return { draw: (edge) => codecs.resize(source, edge, edge) };
}
