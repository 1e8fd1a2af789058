// The heavy image work, as plain jobs: what the image worker thread runs, kept free of threads so it is testable.
import { makePngThumbnail, type Thumbnail } from '../gallery/thumbnail';
import { sha256 } from '../history';
import { encodeImage, type EncodeImageOptions } from '../imaging/encode';
import { ImageCheckError, type ImageCheckErrorCode } from '../imaging/image-check-error';
import { renderPlaceholder, type PlaceholderRequest } from '../placeholder';

/** Shrink a PNG for the gallery (or, with `edge`, an agent's preview); with `hash`, also the sha256 of its bytes (computed first, so a refusal has it too). */
export interface ThumbnailJob { readonly kind: 'thumbnail'; readonly bytes: Uint8Array; readonly hash: boolean; readonly edge?: number }
/** Render an offline placeholder and encode it. */
export interface PlaceholderJob { readonly kind: 'placeholder'; readonly request: PlaceholderRequest; readonly encode: EncodeImageOptions }
export type ImageJob = ThumbnailJob | PlaceholderJob;

/** A thumbnail, or why the image cannot have one (an ImageCheckError's code and message). */
export type ThumbnailOutcome =
  | { readonly ok: true; readonly thumbnail: Thumbnail; readonly sha256?: string }
  | { readonly ok: false; readonly code: ImageCheckErrorCode; readonly reason: string; readonly sha256?: string };

export interface ImageJobResults {
  readonly thumbnail: ThumbnailOutcome;
  readonly placeholder: Uint8Array;
}
export type ImageJobResult<J extends ImageJob> = ImageJobResults[J['kind']];

export function runImageJob<J extends ImageJob>(job: J): ImageJobResult<J>;
export function runImageJob(job: ImageJob): ImageJobResults[ImageJob['kind']] {
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
  }
}

/** The buffers a job or a result owns outright, to transfer instead of copying between threads. */
export function transferablesOf(value: ImageJob | ImageJobResults[ImageJob['kind']]): ArrayBuffer[] {
  const owned = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : []);
  if (value instanceof Uint8Array) return owned(value);
  if ('kind' in value) return value.kind === 'thumbnail' ? owned(value.bytes) : [];
  return value.ok ? owned(value.thumbnail.png) : [];
}
