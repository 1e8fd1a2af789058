// OpenAI's GPT image models: what each can do and costs. OpenAI, Azure OpenAI, fal.ai and the offline placeholder
// each declare which of them they serve. Capabilities are read from openai 7.59.0 (2026-11-17), resources/images.d.ts;
// where it is silent we claim less.
import {
  BACKGROUNDS, FORMATS, GPT_IMAGE_2_SIZE_RULES, PRESET_SIZES, QUALITIES, RASTER_FORMATS, STANDARD_QUALITIES, type ModelInfo,
} from '../../modelSpec';
import { LIMITS } from '../../limits';
import { MODEL_PRICES } from '../../prices';
import type { Background } from '../../types';

const PRESET_ONLY: readonly string[] = ['auto', ...PRESET_SIZES];

export const GPT_IMAGE_2: ModelInfo = {
  id: 'gpt-image-2',
  label: 'GPT Image 2',
  known: true,
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
  supportsMarkup: false,
  maxReferenceImages: 16,
  price: MODEL_PRICES['gpt-image-2'] ?? null,
};

function presetModel(id: string, label: string, backgrounds: readonly Background[] = BACKGROUNDS): ModelInfo {
  return { ...GPT_IMAGE_2, id, label, customSizes: null, backgrounds, price: MODEL_PRICES[id] ?? null };
}

/** gpt-image-2.5: gpt-image-2's custom sizes, plus transparent backgrounds, the `xhigh` and `max` qualities and markup overlays on edits. */
function gptImage25(id: string, label: string): ModelInfo {
  return { ...GPT_IMAGE_2, id, label, qualities: QUALITIES, backgrounds: BACKGROUNDS, supportsMarkup: true, price: MODEL_PRICES[id] ?? null };
}

/** gpt-image-2.6: preset sizes, plus SVG and animated GIF output and `complexity` (announced with the preview). */
function gptImage26(id: string, label: string): ModelInfo {
  return { ...presetModel(id, label, ['auto', 'opaque']), formats: FORMATS, supportsComplexity: true };
}

export const GPT_IMAGE_MODELS: readonly ModelInfo[] = [
  GPT_IMAGE_2,
  gptImage25('gpt-image-2.5-sunburst', 'GPT Image 2.5 Sunburst'),
  gptImage25('gpt-image-2.5-flare', 'GPT Image 2.5 Flare'),
  // The SDK lists 2.6 for generations and edits but not among the custom-size, xhigh/max or transparent models.
  gptImage26('gpt-image-2.6-sunburst', 'GPT Image 2.6 Sunburst'),
  gptImage26('gpt-image-2.6-flare', 'GPT Image 2.6 Flare'),
  presetModel('gpt-image-1.5', 'GPT Image 1.5'),
  presetModel('gpt-image-1-mini', 'GPT Image 1 mini'),
  // "Follows the same input constraints as GPT image models"; nothing more is documented.
  presetModel('chatgpt-image-latest', 'ChatGPT Image (latest)', ['auto', 'opaque']),
];

/** The GPT image models with these ids, in catalogue order. */
export function gptModels(...ids: string[]): readonly ModelInfo[] {
  return GPT_IMAGE_MODELS.filter((m) => ids.includes(m.id));
}

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
