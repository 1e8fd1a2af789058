// Image format <-> MIME type <-> file extension.
import type { ImageFormat } from '../types';

export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp';
export type ImageExtension = 'png' | 'jpg' | 'webp';

const MIME: Readonly<Record<ImageFormat, ImageMimeType>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const EXTENSION: Readonly<Record<ImageFormat, ImageExtension>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };
const LABEL: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };
const BY_EXTENSION: Readonly<Record<string, ImageFormat>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg', webp: 'webp' };

export function mimeForFormat(format: ImageFormat): ImageMimeType {
  return MIME[format];
}

export function extensionForFormat(format: ImageFormat): ImageExtension {
  return EXTENSION[format];
}

/** "PNG", "JPEG", "WebP": for messages. */
export function formatLabel(format: ImageFormat): string {
  return LABEL[format];
}

/** The format a MIME type names (parameters ignored), or undefined. */
export function formatFromMime(mime: string): ImageFormat | undefined {
  const base = mime.split(';')[0].trim().toLowerCase();
  if (base === 'image/jpg' || base === 'image/pjpeg') return 'jpeg';
  return (Object.keys(MIME) as ImageFormat[]).find((f) => MIME[f] === base);
}

/** The format a file name's extension names (case-insensitive; path and query allowed), or undefined. */
export function formatFromFileName(name: string): ImageFormat | undefined {
  const base = name.split(/[?#]/)[0];
  const dot = base.lastIndexOf('.');
  if (dot < 0 || dot < Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'))) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}
