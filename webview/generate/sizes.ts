// Size choices for the page: the model's presets, aspect-ratio shortcuts, and a live check of a custom size.
import { getModel, modelsFor } from '../../src/core/catalogue';
import { carrySize, checkCustomSize, formatSize, nearestValidSize, sizeLanguage, tryParseSize } from '../../src/core/sizes';
import type { GenerateForm } from '../../src/protocol';
import { fitColumn } from '../../src/services/compareFit';
import { requestFromForm } from '../../src/panels/generate/request';

export interface SizeChoice { readonly value: string; readonly label: string }

const PRESET_LABELS: Readonly<Record<string, string>> = {
  auto: 'Auto (model decides)', '1024x1024': 'Square 1024×1024', '1536x1024': 'Landscape 1536×1024', '1024x1536': 'Portrait 1024×1536',
};

/** Aspect ratios offered as shortcuts where custom sizes are allowed, each at about 2.4 megapixels (4K for 16:9 4K). */
const ASPECTS: readonly { label: string; w: number; h: number; pixels?: number }[] = [
  { label: '16:9', w: 16, h: 9 }, { label: '9:16', w: 9, h: 16 }, { label: '4:3', w: 4, h: 3 }, { label: '3:4', w: 3, h: 4 },
  { label: '21:9', w: 21, h: 9 }, { label: '3:1 banner', w: 3, h: 1 }, { label: '16:9 4K', w: 16, h: 9, pixels: 3840 * 2160 },
];

export function sizeChoices(model: string): SizeChoice[] {
  const info = getModel(model);
  // A model asked by aspect ratio lists its ratios and resolutions, with the pixels each makes.
  if (sizeLanguage(info) === 'aspect-ratio') {
    return info.sizes.map((s) => {
      const a = info.aspectSizes?.find((x) => x.size === s);
      return { value: s, label: a ? `${a.aspectRatio} · ${a.resolution} (${s.replace('x', '×')})` : PRESET_LABELS[s] ?? s.replace('x', '×') };
    });
  }
  const out: SizeChoice[] = info.sizes.map((s) => ({ value: s, label: PRESET_LABELS[s] ?? s.replace('x', '×') }));
  if (!info.customSizes) return out;
  for (const a of ASPECTS) {
    const pixels = a.pixels ?? 2_359_296;
    const d = nearestValidSize(Math.round(Math.sqrt((pixels * a.w) / a.h)), Math.round(Math.sqrt((pixels * a.h) / a.w)), info);
    if (d && !out.some((c) => c.value === formatSize(d))) out.push({ value: formatSize(d), label: `${a.label} ${d.width}×${d.height}` });
  }
  return out;
}

export function allowsCustomSize(model: string): boolean {
  return getModel(model).customSizes !== null;
}

/** What is wrong with a custom size for the model, for the field; undefined when it is fine. */
export function customSizeProblem(width: string, height: string, model: string): { message: string; nearest?: string } | undefined {
  const parsed = tryParseSize(`${width}x${height}`);
  if (parsed === null || parsed === 'auto') return { message: 'Enter width and height in pixels, e.g. 1920 × 1088.' };
  const problems = checkCustomSize(parsed.width, parsed.height, model);
  if (problems.length === 0) return undefined;
  const near = nearestValidSize(parsed.width, parsed.height, model);
  const message = `${problems.map((p) => p.message).join('; ')}.`;
  return near ? { message: message.charAt(0).toUpperCase() + message.slice(1), nearest: formatSize(near) } : { message: message.charAt(0).toUpperCase() + message.slice(1) };
}

/**
 * The form after a provider or model change, keeping what the user meant: a model the new provider serves (its first
 * when the old one is not), the size in the new model's language (the nearest equivalent), and a quality, background
 * and format it takes. `note` says in words what changed about the size.
 */
export function switchModel(form: GenerateForm, change: Partial<GenerateForm>): { change: Partial<GenerateForm>; note?: string } {
  const provider = change.provider ?? form.provider;
  let model = change.model ?? form.model;
  if (change.provider !== undefined && change.model === undefined && getModel(model).known && !modelsFor(provider).some((m) => m.id === model)) {
    model = modelsFor(provider)[0]?.id ?? model;
  }
  if (model === form.model && provider === form.provider) return { change };
  const carried = carrySize(form.size, getModel(form.model), getModel(model));
  const fitted = fitColumn({ ...requestFromForm({ ...form, provider, model }), size: carried.size });
  return {
    change: { ...change, provider, model, size: carried.size, quality: fitted.quality, background: fitted.background, outputFormat: fitted.outputFormat },
    ...(carried.note ? { note: carried.note } : {}),
  };
}
