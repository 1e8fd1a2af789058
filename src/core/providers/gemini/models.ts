// Google's Gemini image models (Nano Banana): what each takes and costs, and how a WIDTHxHEIGHT maps to the
// `imageConfig` the API takes (an aspect ratio and, on the models that have it, an image size tier).
//
// Protocol facts from @google/genai 2.32.0 (dist/genai.d.ts): ImageConfig { aspectRatio, imageSize },
// ImageConfigAspectRatio "1:1" "2:3" "3:2" "3:4" "4:3" "4:5" "5:4" "9:16" "16:9" "21:9" "1:8" "8:1" "1:4" "4:1",
// ImageConfigImageSize "1K" "2K" "4K" "512". The pixel tables below are the output sizes Google's image-generation
// guide lists per aspect ratio and tier; the extreme ratios (1:4, 4:1, 1:8, 8:1) and the 512 tier of the 3.1 models
// are left out: the sources available to us disagree on their pixel sizes (512x2048 vs 512x2064), and a size we
// list is a size we check the answer against. `size: auto` sends no imageConfig and lets the model choose.
import { PixelsmithError } from '../../errors';
import { LIMITS } from '../../limits';
import type { ModelInfo } from '../../modelSpec';
import type { ModelPrice } from '../../prices';

export type ImageSizeTier = '1K' | '2K' | '4K';

/** One output size: the pixels the model returns for an aspect ratio at a tier. */
export interface GeminiSize { readonly size: string; readonly aspectRatio: string; readonly tier: ImageSizeTier }

export const RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;

/** Gemini 3 Pro Image and 3.1 Flash Image: the ten common ratios at 1K, 2K and 4K. */
const GEMINI_3_TABLE: Readonly<Record<(typeof RATIOS)[number], Readonly<Record<ImageSizeTier, string>>>> = {
  '1:1': { '1K': '1024x1024', '2K': '2048x2048', '4K': '4096x4096' },
  '2:3': { '1K': '848x1264', '2K': '1696x2528', '4K': '3392x5056' },
  '3:2': { '1K': '1264x848', '2K': '2528x1696', '4K': '5056x3392' },
  '3:4': { '1K': '896x1200', '2K': '1792x2400', '4K': '3584x4800' },
  '4:3': { '1K': '1200x896', '2K': '2400x1792', '4K': '4800x3584' },
  '4:5': { '1K': '928x1152', '2K': '1856x2304', '4K': '3712x4608' },
  '5:4': { '1K': '1152x928', '2K': '2304x1856', '4K': '4608x3712' },
  '9:16': { '1K': '768x1376', '2K': '1536x2752', '4K': '3072x5504' },
  '16:9': { '1K': '1376x768', '2K': '2752x1536', '4K': '5504x3072' },
  '21:9': { '1K': '1584x672', '2K': '3168x1344', '4K': '6336x2688' },
};

/** Gemini 2.5 Flash Image: one tier (about 1 megapixel), no imageSize field. */
const GEMINI_25_TABLE: Readonly<Record<(typeof RATIOS)[number], string>> = {
  '1:1': '1024x1024', '2:3': '832x1248', '3:2': '1248x832', '3:4': '864x1184', '4:3': '1184x864',
  '4:5': '896x1152', '5:4': '1152x896', '9:16': '768x1344', '16:9': '1344x768', '21:9': '1536x672',
};

function tiered(tiers: readonly ImageSizeTier[]): readonly GeminiSize[] {
  return tiers.flatMap((tier) => RATIOS.map((aspectRatio) => ({ size: GEMINI_3_TABLE[aspectRatio][tier], aspectRatio, tier })));
}

export const GEMINI_3_SIZES = tiered(['1K', '2K', '4K']);
export const GEMINI_25_SIZES: readonly GeminiSize[] = RATIOS.map((aspectRatio) => ({ size: GEMINI_25_TABLE[aspectRatio], aspectRatio, tier: '1K' }));

/** The sizes each model id takes; a model the catalogue does not know may take any of them (the API decides). */
const SIZES_BY_MODEL: Readonly<Record<string, { readonly sizes: readonly GeminiSize[]; readonly sendsImageSize: boolean }>> = {
  'gemini-2.5-flash-image': { sizes: GEMINI_25_SIZES, sendsImageSize: false },
};
const DEFAULT_SIZES = { sizes: GEMINI_3_SIZES, sendsImageSize: true };
const ANY_KNOWN_SIZE: readonly GeminiSize[] = [...GEMINI_3_SIZES, ...GEMINI_25_SIZES.filter((s) => !GEMINI_3_SIZES.some((t) => t.size === s.size))];

/**
 * Prices. Google bills image output by tokens (a 1K or 2K image is 1,120 or 1,290 tokens, 4K 2,000) and publishes the
 * cost per image on https://ai.google.dev/gemini-api/docs/pricing. We could not read that page from this machine:
 * the figures are as quoted from it by two independent guides (checked 2026-03-22), so verify before budgeting on them.
 * nano-banana-2.1 and 3.1 flash lite have no price we could confirm: null (the cost confirmation says so).
 */
const GOOGLE_PRICING = 'https://ai.google.dev/gemini-api/docs/pricing';
function price(perTier: Readonly<Record<ImageSizeTier, number>>, sizes: readonly GeminiSize[], tokens: ModelPrice['tokens']): ModelPrice {
  const at1k = perTier['1K'];
  const flat = { square: at1k, landscape: at1k, portrait: at1k };
  return {
    source: GOOGLE_PRICING, asOf: '2026-03-22',
    perImage: { low: flat, medium: flat, high: flat },
    bySize: Object.fromEntries(sizes.map((s) => [s.size, perTier[s.tier]])),
    tokens,
  };
}

const PRICES: Readonly<Record<string, ModelPrice>> = {
  // $30 per 1M image output tokens, 1,290 tokens an image.
  'gemini-2.5-flash-image': price({ '1K': 0.039, '2K': 0.039, '4K': 0.039 }, GEMINI_25_SIZES, { textInput: 0.3, imageInput: 0.3, imageOutput: 30, textOutput: 2.5 }),
  // $60 per 1M image output tokens.
  'gemini-3.1-flash-image': price({ '1K': 0.067, '2K': 0.101, '4K': 0.151 }, GEMINI_3_SIZES, { textInput: 0.5, imageInput: 0.5, imageOutput: 60, textOutput: 3 }),
  // $120 per 1M image output tokens.
  'gemini-3-pro-image': price({ '1K': 0.134, '2K': 0.134, '4K': 0.24 }, GEMINI_3_SIZES, { textInput: 2, imageInput: 2, imageOutput: 120, textOutput: 12 }),
};

function model(id: string, label: string, maxReferenceImages: number): ModelInfo {
  return imageModel(id, label, (SIZES_BY_MODEL[id] ?? DEFAULT_SIZES).sizes, maxReferenceImages, PRICES[id] ?? null);
}

/** A Gemini-family image model (also as OpenRouter serves it): one PNG a call, asked by aspect ratio and resolution, no quality or background setting. */
export function imageModel(id: string, label: string, sizes: readonly GeminiSize[], maxReferenceImages: number, price: ModelInfo['price']): ModelInfo {
  return {
    id, label, known: true,
    sizes: ['auto', ...sizes.map((s) => s.size)],
    customSizes: null,
    aspectSizes: sizes.map((s) => ({ size: s.size, aspectRatio: s.aspectRatio, resolution: s.tier })),
    // Gemini has no quality or background setting: the model decides.
    qualities: ['auto'],
    backgrounds: ['auto', 'opaque'],
    formats: ['png'],
    supportsComplexity: false,
    maxPromptChars: LIMITS.promptChars,
    // One image per generateContent call: `n` becomes parallel calls.
    maxImagesPerCall: 1,
    supportsEdit: true,
    supportsMask: false,
    supportsMarkup: false,
    maxReferenceImages,
    price,
  };
}

// Reference limits: 14 for the Gemini 3 generation (Google: "up to 14 reference images"); 3 for 2.5 Flash Image
// ("works best with up to 3 images as input").
export const GEMINI_MODELS: readonly ModelInfo[] = [
  model('gemini-3.1-flash-image', 'Nano Banana 2 (Gemini 3.1 Flash Image)', 14),
  model('gemini-nano-banana-2.1', 'Nano Banana 2.1', 14),
  model('gemini-3-pro-image', 'Nano Banana Pro (Gemini 3 Pro Image)', 14),
  model('gemini-2.5-flash-image', 'Nano Banana (Gemini 2.5 Flash Image)', 3),
  model('gemini-3.1-flash-lite-image', 'Gemini 3.1 Flash Lite Image', 14),
];

/** The `imageConfig` for a request's size: nothing for `auto`, else the aspect ratio (and tier where the model takes one). */
export function imageConfigFor(modelId: string, size: string): { aspectRatio: string; imageSize?: ImageSizeTier } | undefined {
  if (size === 'auto') return undefined;
  const known = GEMINI_MODELS.some((m) => m.id === modelId);
  const spec = SIZES_BY_MODEL[modelId] ?? DEFAULT_SIZES;
  const table = known ? spec.sizes : ANY_KNOWN_SIZE;
  const found = table.find((s) => s.size === size);
  if (!found) {
    throw new PixelsmithError('invalid-request', `size "${size}" is not one Gemini makes for ${modelId}. Allowed: auto, ${table.map((s) => s.size).join(', ')}.`, {
      field: 'size', retryable: false,
    });
  }
  const sendsTier = known ? spec.sendsImageSize : GEMINI_3_SIZES.some((s) => s.size === size);
  return sendsTier ? { aspectRatio: found.aspectRatio, imageSize: found.tier } : { aspectRatio: found.aspectRatio };
}
