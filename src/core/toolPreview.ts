// The preview of a generated image an agent gets to see: the file itself when it is small enough, else a PNG
// scaled down to PREVIEW_EDGE in the image worker (never on the caller's thread). SVG and large non-PNG
// images have no preview (only PNG can be decoded here); the text part still describes them.
import type { ImageWorker } from './work/imageWorkerClient';

/** Longest edge of a preview, in pixels. */
export const PREVIEW_EDGE = 1024;

const AS_IS: Readonly<Record<string, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

export interface Preview { readonly data: Uint8Array; readonly mimeType: string; readonly width: number; readonly height: number }

export async function previewOf(
  images: ImageWorker, img: { readonly bytes: Uint8Array; readonly format: string; readonly width: number; readonly height: number }, signal?: AbortSignal,
): Promise<Preview | undefined> {
  const mimeType = AS_IS[img.format];
  if (!mimeType) return undefined;
  if (Math.max(img.width, img.height) <= PREVIEW_EDGE) return { data: img.bytes, mimeType, width: img.width, height: img.height };
  if (img.format !== 'png') return undefined;
  const r = await images.run({ kind: 'thumbnail', bytes: img.bytes, hash: false, edge: PREVIEW_EDGE }, signal);
  return r.ok ? { data: r.thumbnail.png, mimeType: 'image/png', width: r.thumbnail.width, height: r.thumbnail.height } : undefined;
}
