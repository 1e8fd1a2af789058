// A smaller WebP or AVIF copy of an image for the web: scaled down to a maximum width (never up), run in the image worker.
import { checkDecodeBudget } from '../imaging/decode-budget';
import { AVIF_FORMAT, IMAGE_FORMATS } from '../imaging/formats';
import { ImageCheckError } from '../imaging/image-check-error';
import { inspectImage } from '../imaging/inspect';
import { unpremultiply } from './canvas';
import type { Codecs } from './codecs';

export const WEB_COPY_FORMATS = ['webp', 'avif'] as const;
export type WebCopyFormat = (typeof WEB_COPY_FORMATS)[number];
/** For a `<picture>`'s `<source type>`. */
export const WEB_COPY_MIME: Readonly<Record<WebCopyFormat, string>> = { webp: IMAGE_FORMATS.webp.mime, avif: AVIF_FORMAT.mime };

export interface WebCopyJob {
  readonly kind: 'webCopy';
  readonly bytes: Uint8Array;
  readonly format: WebCopyFormat;
  /** 1–100. */
  readonly quality: number;
  readonly maxWidth: number;
}

export interface WebCopyResult {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The width and height of the copy: at most `maxWidth` wide, the aspect kept, at least 1 px each way. */
export function webCopySize(width: number, height: number, maxWidth: number): { width: number; height: number } {
  if (width <= maxWidth) return { width, height };
  return { width: maxWidth, height: Math.max(1, Math.round((height * maxWidth) / width)) };
}

export async function renderWebCopy(job: WebCopyJob, codecs: Codecs): Promise<WebCopyResult> {
  const info = inspectImage(job.bytes);
  if (info.format === 'gif') throw new ImageCheckError('unsupported', 'A GIF cannot have a web copy here; use a PNG, JPEG, WebP or SVG image');
  let img;
  if (info.format === 'svg') {
    const size = webCopySize(info.width, info.height, job.maxWidth);
    img = unpremultiply(await codecs.rasterizeSvg(job.bytes, Math.max(size.width, size.height)));
  } else {
    checkDecodeBudget(info.width, info.height, 'The source image');
    const size = webCopySize(info.width, info.height, job.maxWidth);
    img = await codecs.resize(await codecs.decode(job.bytes, info.format), size.width, size.height);
  }
  const bytes = job.format === 'avif' ? await codecs.encodeAvif(img, job.quality) : await codecs.encodeWebp(img, job.quality);
  return { bytes, width: img.width, height: img.height };
}
