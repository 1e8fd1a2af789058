// The gallery's vocabulary: what one indexed image is, and what a query asks for.
import { AVIF_FORMAT, extensionOf, IMAGE_FORMATS, isIconSourceFormat, isUploadFormat, type FormatFacts } from '../imaging/formats';
import type { Sidecar, SidecarImageFormat } from '../sidecar';

/**
 * The formats the gallery lists: every output format of the one table (imaging/formats), and AVIF, which Pixelsmith
 * writes as a web copy but never generates. Each may be a Pixelsmith asset: every format a sidecar can name is here.
 */
export const GALLERY_FORMATS = { ...IMAGE_FORMATS, avif: AVIF_FORMAT } as const satisfies Readonly<Record<SidecarImageFormat, FormatFacts<string, string>>>;

export type GalleryImageFormat = keyof typeof GALLERY_FORMATS;

const ALL = Object.keys(GALLERY_FORMATS) as GalleryImageFormat[];

/** Every extension the gallery lists, lowercase without the dot (its file search, walk and watchers). */
export const GALLERY_EXTENSIONS: readonly string[] = ALL.flatMap((f) => GALLERY_FORMATS[f].extensions);

/** One image in the index: an asset (image + valid sidecar) or, when enabled, an untracked image. */
export interface GalleryEntry {
  /** Stable for the session; what the webview refers to. */
  readonly id: number;
  /** The image's URI as a string (opaque to the core). */
  readonly key: string;
  /** Workspace-relative path with forward slashes; prefixed by the folder name in multi-root workspaces. */
  readonly relPath: string;
  readonly name: string;
  /** The relPath's folder, '' at the root. */
  readonly folder: string;
  readonly kind: 'asset' | 'untracked';
  readonly format: GalleryImageFormat;
  /** Present for assets: the checked sidecar. */
  readonly sidecar?: Sidecar;
  /** File size: the image's stat when known, else the sidecar's `bytes`. */
  readonly bytes: number;
  /** Creation time (sidecar `createdAt`), else the file's modification time, in ms. */
  readonly time: number;
  /**
   * `size:mtime` of the file the entry was read from (the sidecar of an asset, the image of an untracked one),
   * when known: a reload re-reads the file only when its stamp changed.
   */
  readonly stamp?: string;
}

export type GallerySort = 'date' | 'name' | 'size';

export interface GalleryFilter {
  /** Words of the prompt (or file name), any language; every word must match. */
  readonly text?: string;
  readonly model?: string;
  /** Localized copies in this BCP 47 language (as the sidecar has it). */
  readonly language?: string;
  readonly provider?: string;
  readonly preset?: string;
  /** This folder and its subfolders (relPath prefix). */
  readonly folder?: string;
  /** Only entries at or after this time (ms). */
  readonly since?: number;
  /** Only entries before this time (ms). */
  readonly until?: number;
  readonly kind?: 'asset' | 'untracked';
}

export interface GalleryQuery extends GalleryFilter {
  readonly sort?: GallerySort;
  /** Default: newest, largest, or A→Z first. */
  readonly reverse?: boolean;
}

/** The values present in the index, with how many entries have each, for the filter menus. */
export interface GalleryFacets {
  readonly models: readonly (readonly [string, number])[];
  readonly providers: readonly (readonly [string, number])[];
  readonly presets: readonly (readonly [string, number])[];
  readonly folders: readonly (readonly [string, number])[];
  readonly languages: readonly (readonly [string, number])[];
}

/** The gallery format of a file name, by extension (case-insensitive), or undefined. */
export function galleryFormatOf(name: string): GalleryImageFormat | undefined {
  const ext = extensionOf(name);
  return ext === undefined ? undefined : ALL.find((f) => (GALLERY_FORMATS[f].extensions as readonly string[]).includes(ext));
}

/**
 * What a tile's format allows, as the gallery's context-menu keys: `pixelsmithUpload` (PNG, JPEG, WebP: a reference,
 * an edit, a web copy, a translation, a text check) and `pixelsmithIconSource` (those and SVG: an icon set).
 */
export function tileFormatContext(format: GalleryImageFormat | undefined): { pixelsmithUpload: boolean; pixelsmithIconSource: boolean } {
  const image = format === undefined || format === 'avif' ? undefined : format;
  return { pixelsmithUpload: image !== undefined && isUploadFormat(image), pixelsmithIconSource: image !== undefined && isIconSourceFormat(image) };
}

/** `a/b/c.png` → `a/b`; `c.png` → ''. */
export function folderOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

export function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}
