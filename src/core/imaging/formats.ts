// The one table of image formats: MIME type, file extension, label, and the one magic-byte sniffer.
import type { ImageFormat, RasterFormat } from '../types';

/** The eight bytes every PNG starts with (no Node imports here: the webview bundles this table). */
export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'image/svg+xml';
export type ImageExtension = 'png' | 'jpg' | 'webp' | 'gif' | 'svg';

export interface FormatFacts<M extends string = ImageMimeType, E extends string = ImageExtension> {
  readonly mime: M;
  /** The extension Pixelsmith writes. */
  readonly ext: E;
  /** For messages: "PNG", "JPEG". */
  readonly label: string;
  /** Every extension that names the format when read (lowercase, no dot). */
  readonly extensions: readonly string[];
  /** MIME types that also name it (nonstandard spellings seen in the wild). */
  readonly mimeAliases: readonly string[];
}

export const IMAGE_FORMATS = {
  png: { mime: 'image/png', ext: 'png', label: 'PNG', extensions: ['png'], mimeAliases: [] },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG', extensions: ['jpg', 'jpeg', 'jpe'], mimeAliases: ['image/jpg', 'image/pjpeg'] },
  webp: { mime: 'image/webp', ext: 'webp', label: 'WebP', extensions: ['webp'], mimeAliases: [] },
  gif: { mime: 'image/gif', ext: 'gif', label: 'GIF', extensions: ['gif'], mimeAliases: [] },
  svg: { mime: 'image/svg+xml', ext: 'svg', label: 'SVG', extensions: ['svg'], mimeAliases: [] },
} as const satisfies Readonly<Record<ImageFormat, FormatFacts>>;

const ALL = Object.keys(IMAGE_FORMATS) as ImageFormat[];

/**
 * AVIF: Pixelsmith writes it only as a web copy (Save Web Copy) and never generates it, so it is not in IMAGE_FORMATS
 * (which would offer it to providers as an output format). The gallery lists it (core/gallery/types GALLERY_FORMATS).
 */
export const AVIF_FORMAT = {
  mime: 'image/avif', ext: 'avif', label: 'AVIF', extensions: ['avif'], mimeAliases: [],
} as const satisfies FormatFacts<'image/avif', 'avif'>;

export function mimeForFormat<F extends ImageFormat>(format: F): (typeof IMAGE_FORMATS)[F]['mime'] {
  return IMAGE_FORMATS[format].mime;
}

export function extensionForFormat(format: ImageFormat): ImageExtension {
  return IMAGE_FORMATS[format].ext;
}

/** "PNG", "JPEG", "WebP", "GIF", "SVG": for messages. */
export function formatLabel(format: ImageFormat): string {
  return IMAGE_FORMATS[format].label;
}

/** The format a MIME type names (parameters ignored), or undefined. */
export function formatFromMime(mime: string): ImageFormat | undefined {
  const base = mime.split(';')[0].trim().toLowerCase();
  return ALL.find((f) => IMAGE_FORMATS[f].mime === base || (IMAGE_FORMATS[f].mimeAliases as readonly string[]).includes(base));
}

/** The format a file name's extension names (case-insensitive; path and query allowed), or undefined. */
export function formatFromFileName(name: string): ImageFormat | undefined {
  const ext = extensionOf(name);
  return ext === undefined ? undefined : ALL.find((f) => (IMAGE_FORMATS[f].extensions as readonly string[]).includes(ext));
}

/** A file name's extension, lowercase without the dot (path and query allowed), or undefined. */
export function extensionOf(name: string): string | undefined {
  const base = name.split(/[?#]/)[0];
  const dot = base.lastIndexOf('.');
  if (dot < 0 || dot < Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'))) return undefined;
  return base.slice(dot + 1).toLowerCase();
}

/**
 * The format the first bytes name, or undefined. Binary formats by signature (12 bytes suffice); SVG by text that
 * opens with markup and has an `<svg` in its first kilobyte — inspectSvg then decides whether it really is one.
 */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) return 'webp'; // RIFF....WEBP
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif'; // GIF87a, GIF89a
  if (looksLikeSvg(bytes)) return 'svg';
  return undefined;
}

function startsWith(bytes: Uint8Array, sig: ArrayLike<number>): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '');
  return /^\s*</.test(head) && /<svg[\s>/]/.test(head);
}

/** The formats an image API takes as an upload (references, mask, markup): the raster ones. */
export function isUploadFormat(format: ImageFormat): format is RasterFormat {
  return format === 'png' || format === 'jpeg' || format === 'webp';
}

/** What Export Icon Set takes: the upload formats and SVG. */
export function isIconSourceFormat(format: ImageFormat): boolean {
  return isUploadFormat(format) || format === 'svg';
}

/** Extensions of the upload formats, for file pickers. */
export const UPLOAD_EXTENSIONS: readonly string[] = ALL.filter(isUploadFormat).flatMap((f) => IMAGE_FORMATS[f].extensions);
