// OpenRouter: a few image models it serves, listed so the panel offers them; any other id OpenRouter knows may be
// typed (its image-capable list is read from GET {base}/models by the client). The Google models there answer with
// Google's own output sizes, so their sizes are Gemini's 1K tables; OpenRouter takes only the aspect ratio for them.
import type { ModelInfo } from '../../modelSpec';
import { GEMINI_25_SIZES, GEMINI_3_SIZES, RATIOS, imageModel, type GeminiSize } from '../gemini/models';

function model(id: string, label: string, sizes: readonly GeminiSize[], maxReferenceImages: number): ModelInfo {
  // OpenRouter reports what each call cost in its usage; no price is kept here.
  return imageModel(id, label, sizes.filter((s) => s.tier === '1K'), maxReferenceImages, null);
}

export const OPENROUTER_MODELS: readonly ModelInfo[] = [
  model('google/gemini-3.1-flash-image-preview', 'Nano Banana 2 via OpenRouter', GEMINI_3_SIZES, 14),
  model('google/gemini-3-pro-image-preview', 'Nano Banana Pro via OpenRouter', GEMINI_3_SIZES, 14),
  model('google/gemini-2.5-flash-image', 'Nano Banana via OpenRouter', GEMINI_25_SIZES, 3),
];

/** `image_config.aspect_ratio` for a WIDTHxHEIGHT: the listed model's own table, else the size's exact ratio when OpenRouter takes it. */
export function aspectRatioFor(modelId: string, size: string): string | undefined {
  if (size === 'auto') return undefined;
  const listed = OPENROUTER_MODELS.find((m) => m.id === modelId);
  const fromTable = [...GEMINI_3_SIZES, ...GEMINI_25_SIZES].find((s) => s.size === size)?.aspectRatio;
  if (listed && fromTable) return fromTable;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (m) {
    const w = Number(m[1]);
    const h = Number(m[2]);
    const g = gcd(w, h);
    const ratio = `${w / g}:${h / g}`;
    if ((RATIOS as readonly string[]).includes(ratio) || EXTRA_RATIOS.includes(ratio)) return ratio;
    if (fromTable) return fromTable;
  }
  return undefined;
}

/** Ratios OpenRouter's image_config takes beyond the common ten (the 3.1 Flash models'). */
const EXTRA_RATIOS = ['1:4', '4:1', '1:8', '8:1'];
export const OPENROUTER_RATIOS: readonly string[] = [...RATIOS, ...EXTRA_RATIOS];

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
