// The heavy image work, as plain jobs: what the image worker thread runs, kept free of threads so it is testable.
import { makePngThumbnail, type Thumbnail } from '../gallery/thumbnail';
import { sha256 } from '../history';
import { encodeImage, type EncodeImageOptions } from '../imaging/encode';
import { ImageCheckError, type ImageCheckErrorCode } from '../imaging/image-check-error';
import { renderPlaceholder, type PlaceholderRequest } from '../placeholder';
import type { Codecs } from '../iconset/codecs';
import { renderIconSet, type IconSetJob, type IconSetResult } from '../iconset/iconSet';
import { renderWebCopy, type WebCopyJob, type WebCopyResult } from '../iconset/webCopy';

/** Shrink a PNG for the gallery (or, with `edge`, an agent's preview); with `hash`, also the sha256 of its bytes (computed first, so a refusal has it too). */
export interface ThumbnailJob { readonly kind: 'thumbnail'; readonly bytes: Uint8Array; readonly hash: boolean; readonly edge?: number }
/** Render an offline placeholder and encode it. */
export interface PlaceholderJob { readonly kind: 'placeholder'; readonly request: PlaceholderRequest; readonly encode: EncodeImageOptions }
export type { IconSetJob, WebCopyJob };
export type ImageJob = ThumbnailJob | PlaceholderJob | IconSetJob | WebCopyJob;

/** A thumbnail, or why the image cannot have one (an ImageCheckError's code and message). */
export type ThumbnailOutcome =
  | { readonly ok: true; readonly thumbnail: Thumbnail; readonly sha256?: string }
  | { readonly ok: false; readonly code: ImageCheckErrorCode; readonly reason: string; readonly sha256?: string };

export interface ImageJobResults {
  readonly thumbnail: ThumbnailOutcome;
  readonly placeholder: Uint8Array;
  readonly iconSet: IconSetResult;
  readonly webCopy: WebCopyResult;
}
export type ImageJobResult<J extends ImageJob> = ImageJobResults[J['kind']];

/** Runs `job`; the wasm-codec jobs (icon sets, web copies) are asynchronous and use the thread's `codecs`. */
export function runImageJob<J extends ImageJob>(job: J, codecs: Codecs): ImageJobResult<J> | Promise<ImageJobResult<J>>;
export function runImageJob(job: ImageJob, codecs: Codecs): ImageJobResults[ImageJob['kind']] | Promise<ImageJobResults[ImageJob['kind']]> {
  switch (job.kind) {
    case 'thumbnail': {
      const hash = job.hash ? { sha256: sha256(job.bytes) } : {};
      try {
        return { ok: true, thumbnail: makePngThumbnail(job.bytes, job.edge), ...hash };
      } catch (e) {
        if (!(e instanceof ImageCheckError)) throw e;
        return { ok: false, code: e.code, reason: e.message, ...hash };
      }
    }
    case 'placeholder': {
      const px = renderPlaceholder(job.request);
      return encodeImage(px.rgba, px.width, px.height, job.encode);
    }
    case 'iconSet':
      return renderIconSet(job, codecs);
    case 'webCopy':
      return renderWebCopy(job, codecs);
  }
}

/** The buffers a job or a result owns outright, to transfer instead of copying between threads. */
export function transferablesOf(value: ImageJob | ImageJobResults[ImageJob['kind']]): ArrayBuffer[] {
  const owned = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : []);
  if (value instanceof Uint8Array) return owned(value);
  if ('kind' in value) return 'bytes' in value ? owned(value.bytes) : [];
  if ('files' in value) return value.files.flatMap((f) => owned(f.bytes));
  if ('bytes' in value) return owned(value.bytes);
  return value.ok ? owned(value.thumbnail.png) : [];
}
