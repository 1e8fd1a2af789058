// The model catalogue: what each model and provider accepts. Plain data, safe to bundle into the webviews.
import { LIMITS } from './limits';
import { MODEL_PRICES, OFFLINE_PRICE, type ModelPrice } from './prices';
import type { Background, Complexity, ImageFormat, ProviderId, Quality, SvgEffort } from './types';

/** Product limit on images per request; sequences count frames instead. */
export const PRODUCT_MAX_N = 8;
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
const STANDARD_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high'];
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

export interface ModelInfo {
  readonly id: string;
  readonly label: string;
  /** False for a model id the user typed that the catalogue does not know. */
  readonly known: boolean;
  readonly providers: readonly ProviderId[];
  /** `auto` and the preset sizes. */
  readonly sizes: readonly string[];
  /** Null when only `sizes` are accepted. */
  readonly customSizes: CustomSizeRules | null;
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
  readonly maxReferenceImages: number;
  readonly price: ModelPrice | null;
}

export interface ProviderInfo {
  readonly id: ProviderId;
  readonly label: string;
  readonly supportsStreaming: boolean;
  readonly supportsEdit: boolean;
  readonly needsKey: boolean;
  /** Per-call image limit of this provider's endpoints, where lower than the model's. */
  readonly maxPerCall?: number;
  /** Output formats the provider can deliver, whatever the model. */
  readonly formats: readonly ImageFormat[];
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  openai: { id: 'openai', label: 'OpenAI', supportsStreaming: true, supportsEdit: true, needsKey: true, formats: FORMATS },
  azure: { id: 'azure', label: 'Azure OpenAI', supportsStreaming: true, supportsEdit: true, needsKey: true, formats: FORMATS },
  // fal's openai/gpt-image-2 endpoints take num_images 1–4; we use its queue API, which does not stream.
  fal: { id: 'fal', label: 'fal.ai', supportsStreaming: false, supportsEdit: true, needsKey: true, maxPerCall: 4, formats: RASTER_FORMATS },
  // The placeholder renders pixels only.
  offline: { id: 'offline', label: 'Offline placeholder', supportsStreaming: true, supportsEdit: true, needsKey: false, formats: RASTER_FORMATS },
};

const PRESET_ONLY: readonly string[] = ['auto', ...PRESET_SIZES];

// Capabilities below are read from openai 7.59.0 (2026-11-17), resources/images.d.ts; where it is silent we claim less.
const GPT_IMAGE_2: ModelInfo = {
  id: 'gpt-image-2',
  label: 'GPT Image 2',
  known: true,
  providers: ['openai', 'azure', 'fal', 'offline'],
  sizes: PRESET_ONLY,
  customSizes: GPT_IMAGE_2_SIZE_RULES,
  qualities: STANDARD_QUALITIES,
  // The SDK calls transparency on gpt-image-2 a preview, and the API answers 400 to it since 2026-09-30.
  backgrounds: ['auto', 'opaque'],
  formats: RASTER_FORMATS,
  supportsComplexity: false,
  maxPromptChars: LIMITS.promptChars,
  maxImagesPerCall: 10,
  supportsEdit: true,
  supportsMask: true,
  maxReferenceImages: 16,
  price: MODEL_PRICES['gpt-image-2'] ?? null,
};

function presetModel(id: string, label: string, providers: readonly ProviderId[], backgrounds: readonly Background[] = BACKGROUNDS): ModelInfo {
  return { ...GPT_IMAGE_2, id, label, providers, customSizes: null, backgrounds, price: MODEL_PRICES[id] ?? null };
}

/** gpt-image-2.5: gpt-image-2's custom sizes, plus transparent backgrounds and the `xhigh` and `max` qualities. */
function gptImage25(id: string, label: string): ModelInfo {
  return { ...GPT_IMAGE_2, id, label, providers: ['openai', 'azure', 'offline'], qualities: QUALITIES, backgrounds: BACKGROUNDS, price: MODEL_PRICES[id] ?? null };
}

/** gpt-image-2.6: preset sizes, plus SVG and animated GIF output and `complexity` (announced with the preview). */
function gptImage26(id: string, label: string): ModelInfo {
  return { ...presetModel(id, label, ['openai', 'azure', 'offline'], ['auto', 'opaque']), formats: FORMATS, supportsComplexity: true };
}

export const MODELS: readonly ModelInfo[] = [
  GPT_IMAGE_2,
  gptImage25('gpt-image-2.5-sunburst', 'GPT Image 2.5 Sunburst'),
  gptImage25('gpt-image-2.5-flare', 'GPT Image 2.5 Flare'),
  // The SDK lists 2.6 for generations and edits but not among the custom-size, xhigh/max or transparent models.
  gptImage26('gpt-image-2.6-sunburst', 'GPT Image 2.6 Sunburst'),
  gptImage26('gpt-image-2.6-flare', 'GPT Image 2.6 Flare'),
  presetModel('gpt-image-1.5', 'GPT Image 1.5', ['openai', 'azure', 'fal', 'offline']),
  presetModel('gpt-image-1-mini', 'GPT Image 1 mini', ['openai', 'azure', 'offline']),
  // "Follows the same input constraints as GPT image models"; nothing more is documented.
  presetModel('chatgpt-image-latest', 'ChatGPT Image (latest)', ['openai', 'offline'], ['auto', 'opaque']),
];

/** A model OpenAI no longer serves: refused before anything is sent. */
export interface RetiredModel {
  readonly id: string;
  /** The day it stopped answering, YYYY-MM-DD. */
  readonly since: string;
  readonly replacements: readonly string[];
}

// From the openai 7.59.0 SDK's ImageModel deprecation notes.
export const RETIRED_MODELS: readonly RetiredModel[] = [
  { id: 'gpt-image-1', since: '2026-10-23', replacements: ['gpt-image-2.5-sunburst', 'gpt-image-2.5-flare'] },
  { id: 'dall-e-3', since: '2026-05-12', replacements: ['gpt-image-2'] },
  { id: 'dall-e-2', since: '2026-05-12', replacements: ['gpt-image-2'] },
];

export const DEFAULT_MODEL = 'gpt-image-2';

function findIn<T extends { readonly id: string }>(list: readonly T[], id: string): T | undefined {
  const key = id.trim().toLowerCase();
  // Dated snapshots (gpt-image-2-2026-04-21) behave like their model.
  const base = key.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return list.find((m) => m.id === key) ?? list.find((m) => m.id === base);
}

function findKnown(id: string): ModelInfo | undefined {
  return findIn(MODELS, id);
}

/** The retirement of a model id (or one of its dated snapshots); undefined for a model still served or unknown. */
export function retiredModel(id: string): RetiredModel | undefined {
  return findIn(RETIRED_MODELS, id);
}

export function isKnownModel(id: string): boolean {
  return findKnown(id) !== undefined;
}

/**
 * The catalogue entry for a model id. An unknown id is allowed: it gets gpt-image-2's rules,
 * every provider, no price, and all qualities, backgrounds and formats (we cannot know its limits, so the API decides).
 */
export function getModel(id: string): ModelInfo {
  const known = findKnown(id);
  if (known) return known;
  return { ...GPT_IMAGE_2, id, label: id, known: false, qualities: QUALITIES, backgrounds: BACKGROUNDS, formats: FORMATS, supportsComplexity: true, price: null };
}

export function modelsFor(provider: ProviderId): readonly ModelInfo[] {
  return MODELS.filter((m) => m.providers.includes(provider));
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, value);
}

/** Images one call may ask for: the smallest of the model's, the provider's and the product's limits. */
export function maxPerCall(provider: ProviderId, model: string): number {
  const providerLimit = PROVIDERS[provider].maxPerCall ?? Number.POSITIVE_INFINITY;
  return Math.min(getModel(model).maxImagesPerCall, providerLimit, PRODUCT_MAX_N);
}

export function supportsStreaming(provider: ProviderId): boolean {
  return PROVIDERS[provider].supportsStreaming;
}

/** The price that applies to a model on a provider; null when unknown. */
export function priceFor(provider: ProviderId, model: string): ModelPrice | null {
  if (provider === 'offline') return OFFLINE_PRICE;
  return getModel(model).price;
}

/** Thousands separators without Intl, so messages read the same everywhere. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How a person reads the sizes a model accepts, for error messages and tooltips. */
export function describeAllowedSizes(model: ModelInfo): string {
  const rules = model.customSizes;
  if (!rules) return model.sizes.join(', ');
  return (
    `${model.sizes.join(', ')}, or WIDTHxHEIGHT with edges multiple of ${rules.multiple}, ` +
    `longer edge ≤ ${rules.maxEdge}, aspect ratio ≤ ${rules.maxAspect}:1, ` +
    `${groupDigits(rules.minPixels)}–${groupDigits(rules.maxPixels)} pixels`
  );
}
