// Black Forest Labs' FLUX.2 models on its own API (docs.bfl.ai, API reference read 2026-12-02): width and height
// multiples of 16, at least 64, up to 4 megapixels; jpeg or png; reference images as input_image … input_image_8;
// no mask; one image per task. Where the docs are silent we claim less.
import type { CustomSizeRules, ModelInfo } from '../../modelSpec';
import type { ImageFormat } from '../../types';

/** 4 MP as BFL counts it (1 MP = 1024 × 1024: a 1920x1080 task reports output_mp 1.98). */
const FOUR_MEGAPIXELS = 4 * 1024 * 1024;

/** BFL names no longest edge or aspect limit: only the edge floor and the pixel count bound a size. */
export const FLUX2_SIZE_RULES: CustomSizeRules = {
  multiple: 16,
  minEdge: 64,
  maxEdge: FOUR_MEGAPIXELS / 64,
  maxAspect: FOUR_MEGAPIXELS / 64 / 64,
  minPixels: 64 * 64,
  maxPixels: FOUR_MEGAPIXELS,
};

export const FLUX2_FORMATS: readonly ImageFormat[] = ['jpeg', 'png'];

function flux2(id: string, label: string, maxReferenceImages: number): ModelInfo {
  return {
    id, label, known: true,
    // `auto` sends no width and height: BFL picks (the first reference's size when there is one).
    sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'],
    customSizes: FLUX2_SIZE_RULES,
    // FLUX.2 has no quality setting and makes opaque images only.
    qualities: ['auto'],
    backgrounds: ['auto', 'opaque'],
    formats: FLUX2_FORMATS,
    supportsComplexity: false,
    maxPromptChars: 32_000,
    maxImagesPerCall: 1,
    supportsEdit: true,
    supportsMask: false,
    supportsMarkup: false,
    maxReferenceImages,
    // Priced by the provider declaration (per megapixel, see ./index.ts).
    price: null,
  };
}

export const FLUX2_MODELS: readonly ModelInfo[] = [
  flux2('flux-2-pro', 'FLUX.2 [pro]', 8),
  flux2('flux-2-max', 'FLUX.2 [max]', 8),
  flux2('flux-2-flex', 'FLUX.2 [flex]', 8),
  // What we could read of BFL's klein reference does not show its image fields; services that resell klein (Freepik, Argil)
  // document input_image … input_image_4 only, so klein claims 4.
  flux2('flux-2-klein-4b', 'FLUX.2 [klein] 4B', 4),
  flux2('flux-2-klein-9b', 'FLUX.2 [klein] 9B', 4),
];
