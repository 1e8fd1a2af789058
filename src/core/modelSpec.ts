// What a model can do, and the limits and option lists every model shares. Plain data, safe to bundle into the webviews;
// imports nothing of the registry, so provider folders can declare their models with it.
import type { ModelPrice } from './prices';
import type { Background, Complexity, ImageFormat, Quality, SvgEffort } from './types';

/** Product limit on images per request; sequences count frames instead. */
export const PRODUCT_MAX_N = 8;
/** How many models one comparison runs side by side. */
export const COMPARE_MODELS = { min: 2, max: 4 } as const;
export const MAX_FRAMES = 64;
export const MAX_PARTIAL_IMAGES = 3;
export const COMPRESSION_RANGE = { min: 0, max: 100 } as const;
/** OpenAI's limits on uploads: 50 MB per reference image, 4 MB for the mask. */
export const MAX_REFERENCE_BYTES = 50 * 1024 * 1024;
export const MAX_MASK_BYTES = 4 * 1024 * 1024;

export const PRESET_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

/** Rules for custom WIDTHxHEIGHT sizes (gpt-image-2). */
export interface CustomSizeRules {
  readonly multiple: number;
  /** Shorter edge, at least (FLUX.2: 64); absent where only the pixel count bounds it. */
  readonly minEdge?: number;
  readonly maxEdge: number;
  /** Longer edge ÷ shorter edge, at most. */
  readonly maxAspect: number;
  readonly minPixels: number;
  readonly maxPixels: number;
}

export const GPT_IMAGE_2_SIZE_RULES: CustomSizeRules = {
  multiple: 16,
  maxEdge: 3840,
  maxAspect: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
};

/** Every quality the API knows (sidecars may name any); what a model takes is its `qualities`. */
export const QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high', 'xhigh', 'max'];
/** The qualities every GPT image model takes; `xhigh` and `max` are gpt-image-2.5's only (openai 7.59.0 images.d.ts). */
export const STANDARD_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high'];
export const BACKGROUNDS: readonly Background[] = ['auto', 'opaque', 'transparent'];
/** Every output format the API knows (sidecars may name any); what a model makes is its `formats`. */
export const FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'webp', 'gif', 'svg'];
/** What every GPT image model makes; `gif` and `svg` are gpt-image-2.6's only. */
export const RASTER_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'webp'];
export const COMPLEXITIES: readonly Complexity[] = ['low', 'medium', 'high'];
export const SVG_EFFORTS: readonly SvgEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
/** `frame_count`: 2–16, default 9 (openai 7.59.0 images.d.ts). */
export const GIF_FRAMES = { min: 2, max: 16, default: 9 } as const;
/** `frame_duration_ms`: default 200; the API rounds to 10 ms and caps each frame at 655,350 ms. */
export const GIF_FRAME_DURATION_MS = { min: 10, max: 655_350, default: 200 } as const;
/**
 * GIF and SVG sizes: the SDK names no limits ("the selected model's GIF size limits"), so any WIDTHxHEIGHT up to
 * 3840 a side is sent and the API's own error comes through; gpt-image-2's pixel floor would forbid 1024x1024 GIFs' smaller kin.
 */
export const ANIMATION_AND_VECTOR_SIZE_RULES: CustomSizeRules = { multiple: 1, maxEdge: 3840, maxAspect: 16, minPixels: 16 * 16, maxPixels: 3840 * 3840 };
/** Formats with an alpha channel, hence allowed with a transparent background. */
export const TRANSPARENT_FORMATS: readonly ImageFormat[] = ['png', 'webp'];
/** Formats that take `outputCompression`. */
export const COMPRESSIBLE_FORMATS: readonly ImageFormat[] = ['jpeg', 'webp'];
export const REFERENCE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** Output resolutions as Gemini names them; for pixel-sized models, about 512², 1024², 2048² and 4096² pixels. */
export const RESOLUTIONS = ['512', '1K', '2K', '4K'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/** `W:H` in small whole numbers, e.g. 16:9. */
export const ASPECT_RATIO_PATTERN = /^([1-9]\d{0,2}):([1-9]\d{0,2})$/;

/** One size a model that speaks aspect ratios makes: its pixels, the ratio and the resolution that ask for it. */
export interface AspectSize { readonly size: string; readonly aspectRatio: string; readonly resolution: Resolution }

export interface ModelInfo {
  readonly id: string;
  readonly label: string;
  /** False for a model id the user typed that the catalogue does not know. */
  readonly known: boolean;
  /** `auto` and the preset sizes. */
  readonly sizes: readonly string[];
  /** Null when only `sizes` are accepted. */
  readonly customSizes: CustomSizeRules | null;
  /** Set for a model that is asked by aspect ratio and resolution (Gemini): each of its `sizes` with the ratio and resolution that make it. */
  readonly aspectSizes?: readonly AspectSize[];
  readonly qualities: readonly Quality[];
  readonly backgrounds: readonly Background[];
  readonly formats: readonly ImageFormat[];
  /** Takes `complexity` (planning effort, independent of quality). */
  readonly supportsComplexity: boolean;
  readonly maxPromptChars: number;
  /** The API's own limit on `n` per call. */
  readonly maxImagesPerCall: number;
  readonly supportsEdit: boolean;
  readonly supportsMask: boolean;
  /** Takes `markup` on edits: a transparent PNG drawn over the first reference to guide the edit (never with a mask). */
  readonly supportsMarkup: boolean;
  readonly maxReferenceImages: number;
  readonly price: ModelPrice | null;
}
