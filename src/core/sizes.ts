// Image size rules: parsing `WIDTHxHEIGHT`, checking a custom size live, suggesting the nearest valid one.
// No Node imports: the Generate webview bundles this to show problems as the user types.
import { ASPECT_RATIO_PATTERN, RESOLUTIONS, describeAllowedSizes, getModel, groupDigits, type AspectSize, type CustomSizeRules, type ModelInfo, type Resolution } from './catalogue';
import { ValidationError, quoteValue } from './errors';
import type { SentSize } from './providers/declaration';
import { providers } from './providers/registry';

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

export type SizeRule = 'format' | 'integer' | 'positive' | 'multiple' | 'min-edge' | 'max-edge' | 'aspect' | 'min-pixels' | 'max-pixels' | 'preset-only';

export interface SizeProblem {
  readonly rule: SizeRule;
  /** For people, without the field name: `both edges must be multiples of 16 (got 1000x1000)`. */
  readonly message: string;
}

const SIZE_PATTERN = /^\s*(\d{1,6})\s*[x×X]\s*(\d{1,6})\s*$/;

/** `auto`, or the parsed WIDTHxHEIGHT; null when the text is neither. Accepts `X` and `×` and spaces. */
export function tryParseSize(size: string): Dimensions | 'auto' | null {
  if (typeof size !== 'string') return null;
  if (size.trim().toLowerCase() === 'auto') return 'auto';
  const m = SIZE_PATTERN.exec(size);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Parse a size; throws a ValidationError naming `size` when it is neither `auto` nor WIDTHxHEIGHT. */
export function parseSize(size: string, model = 'gpt-image-2'): Dimensions | 'auto' {
  const parsed = tryParseSize(size);
  if (parsed !== null) return parsed;
  const info = getModel(model);
  throw new ValidationError('size', `size ${quoteValue(size)}: expected auto or WIDTHxHEIGHT, e.g. 1536x1024. Allowed: ${describeAllowedSizes(info)}.`, {
    allowed: info.sizes,
  });
}

export function formatSize(d: Dimensions): string {
  return `${d.width}x${d.height}`;
}

function ruleProblems(width: number, height: number, rules: CustomSizeRules): SizeProblem[] {
  const got = `${width}x${height}`;
  if (!Number.isInteger(width) || !Number.isInteger(height)) {
    return [{ rule: 'integer', message: `both edges must be whole numbers (got ${got})` }];
  }
  if (width <= 0 || height <= 0) return [{ rule: 'positive', message: `both edges must be greater than 0 (got ${got})` }];
  const problems: SizeProblem[] = [];
  if (width % rules.multiple !== 0 || height % rules.multiple !== 0) {
    problems.push({ rule: 'multiple', message: `both edges must be multiples of ${rules.multiple} (got ${got})` });
  }
  const longer = Math.max(width, height);
  const shorter = Math.min(width, height);
  if (rules.minEdge !== undefined && shorter < rules.minEdge) {
    problems.push({ rule: 'min-edge', message: `both edges must be at least ${rules.minEdge} (got ${shorter})` });
  }
  if (longer > rules.maxEdge) {
    problems.push({ rule: 'max-edge', message: `the longer edge must be at most ${rules.maxEdge} (got ${longer})` });
  }
  if (longer / shorter > rules.maxAspect) {
    problems.push({ rule: 'aspect', message: `aspect ratio must be at most ${rules.maxAspect}:1 (got ${(longer / shorter).toFixed(2)}:1)` });
  }
  const pixels = width * height;
  if (pixels < rules.minPixels) {
    problems.push({ rule: 'min-pixels', message: `must have at least ${groupDigits(rules.minPixels)} pixels (got ${got} = ${groupDigits(pixels)})` });
  }
  if (pixels > rules.maxPixels) {
    problems.push({ rule: 'max-pixels', message: `must have at most ${groupDigits(rules.maxPixels)} pixels (got ${got} = ${groupDigits(pixels)})` });
  }
  return problems;
}

/** Everything wrong with WIDTHxHEIGHT for a model; empty when it is accepted. */
export function checkCustomSize(width: number, height: number, model: string | ModelInfo = 'gpt-image-2'): readonly SizeProblem[] {
  const info = typeof model === 'string' ? getModel(model) : model;
  if (info.sizes.includes(`${width}x${height}`)) return [];
  if (!info.customSizes) {
    return [{ rule: 'preset-only', message: `${info.label} accepts only ${info.sizes.join(', ')} (got ${width}x${height})` }];
  }
  return ruleProblems(width, height, info.customSizes);
}

function roundTo(n: number, step: number, mode: 'floor' | 'ceil'): number {
  return (mode === 'floor' ? Math.floor(n / step) : Math.ceil(n / step)) * step;
}

/** The valid size closest to what was asked, keeping its shape where the rules allow; null without custom sizes. */
export function nearestValidSize(width: number, height: number, model: string | ModelInfo = 'gpt-image-2'): Dimensions | null {
  const info = typeof model === 'string' ? getModel(model) : model;
  const rules = info.customSizes;
  if (!rules || !(width > 0) || !(height > 0) || !Number.isFinite(width * height)) return null;
  if (checkCustomSize(width, height, info).length === 0) return { width, height };
  const ratio = Math.min(Math.max(width / height, 1 / rules.maxAspect), rules.maxAspect);
  const area = Math.min(Math.max(width * height, rules.minPixels), rules.maxPixels);
  let w = Math.sqrt(area * ratio);
  let h = Math.sqrt(area / ratio);
  const shrink = Math.min(1, rules.maxEdge / Math.max(w, h));
  w *= shrink;
  h *= shrink;
  let best: Dimensions | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const dw of [-1, 0, 1, 2]) {
    for (const dh of [-1, 0, 1, 2]) {
      const cw = roundTo(w, rules.multiple, 'floor') + dw * rules.multiple;
      const ch = roundTo(h, rules.multiple, 'floor') + dh * rules.multiple;
      if (cw <= 0 || ch <= 0 || ruleProblems(cw, ch, rules).length > 0) continue;
      const score = Math.abs(cw - w) + Math.abs(ch - h) + Math.abs(cw / ch - ratio);
      if (score < bestScore) {
        bestScore = score;
        best = { width: cw, height: ch };
      }
    }
  }
  return best;
}

// ───────────────────────────── Sizes across providers ─────────────────────────────
// Each model speaks one size language: OpenAI's WIDTHxHEIGHT (with its rules, or a few presets), FLUX's width × height
// up to 4 MP (the same form, its own rules), or Gemini's aspect ratio + resolution. A caller may speak either; the
// request is mapped to the chosen model's language, and what happened is said in words.

/** How a model is asked for a size. */
export type SizeLanguage = 'aspect-ratio' | 'pixels' | 'presets';

export function sizeLanguage(model: ModelInfo): SizeLanguage {
  if (model.aspectSizes?.length) return 'aspect-ratio';
  return model.customSizes ? 'pixels' : 'presets';
}

/** What a caller asked for: a WIDTHxHEIGHT (or auto), or an aspect ratio with an optional resolution. */
export interface SizeIntent {
  readonly size?: string;
  readonly aspectRatio?: string;
  readonly resolution?: Resolution;
}

export interface ResolvedSize {
  /** `auto` or WIDTHxHEIGHT: what the request carries (the provider turns it into its own fields). */
  readonly size: string;
  /** The intent as the caller said it, e.g. `16:9 at 2K` or `1536x1024`. */
  readonly asked: string;
  /** Plain words when the model could not take the intent as it was said, e.g. `16:9 at 1K became 1360x768`. */
  readonly note?: string;
}

/** About this many pixels for each resolution, for models sized in pixels. */
const RESOLUTION_PIXELS: Readonly<Record<Resolution, number>> = { '512': 512 * 512, '1K': 1024 * 1024, '2K': 2048 * 2048, '4K': 4096 * 4096 };

function ratioValue(aspectRatio: string): number | null {
  const m = ASPECT_RATIO_PATTERN.exec(aspectRatio);
  return m ? Number(m[1]) / Number(m[2]) : null;
}

/** Distance of two shapes (or two areas), symmetric on a log scale: 2:1 is as far from 1:1 as 1:2 is. */
const logDistance = (a: number, b: number) => Math.abs(Math.log(a / b));

function describeIntent(i: SizeIntent): string {
  if (i.aspectRatio !== undefined) return `${i.aspectRatio}${i.resolution ? ` at ${i.resolution}` : ''}`;
  return i.size ?? 'auto';
}

/** The aspect ratios a model that speaks them offers, in its order. */
export function aspectRatiosOf(model: ModelInfo): string[] {
  return [...new Set((model.aspectSizes ?? []).map((s) => s.aspectRatio))];
}

/** The size a model that speaks aspect ratios makes nearest a WIDTHxHEIGHT: closest shape first, then closest pixel count. */
export function nearestAspectSize(width: number, height: number, model: ModelInfo): AspectSize | undefined {
  const sizes = model.aspectSizes ?? [];
  const shape = (s: AspectSize) => logDistance(ratioValue(s.aspectRatio) ?? 1, width / height);
  const best = Math.min(...sizes.map(shape));
  const sameShape = sizes.filter((s) => shape(s) - best < 1e-9);
  const area = (s: AspectSize) => { const d = tryParseSize(s.size); return d && d !== 'auto' ? logDistance(d.width * d.height, width * height) : Infinity; };
  return sameShape.sort((a, b) => area(a) - area(b))[0];
}

/**
 * Map a caller's size intent to what `model` takes. Undefined when no size was given (the preset's or the default
 * applies). A size in the model's own language is passed on as it is (validation names any rule it breaks); a size
 * in another language becomes the nearest equivalent, with a note saying so. Contradictions are ValidationErrors.
 */
export function resolveSizeIntent(intent: SizeIntent, model: ModelInfo): ResolvedSize | undefined {
  const { size, aspectRatio, resolution } = intent;
  if (size !== undefined && aspectRatio !== undefined) {
    throw new ValidationError('aspectRatio', 'Give either size (WIDTHxHEIGHT) or aspectRatio (with resolution), not both.', { allowed: ['size', 'aspectRatio'] });
  }
  if (resolution !== undefined && aspectRatio === undefined) {
    throw new ValidationError('resolution', 'resolution goes with aspectRatio, e.g. { aspectRatio: "16:9", resolution: "2K" }; with size, give the pixels.', { allowed: [...RESOLUTIONS] });
  }
  const asked = describeIntent(intent);
  if (aspectRatio !== undefined) return fromAspectRatio(aspectRatio, resolution, model, asked);
  if (size === undefined) return undefined;
  const parsed = tryParseSize(size);
  if (parsed === null || parsed === 'auto' || sizeLanguage(model) !== 'aspect-ratio' || model.sizes.includes(formatSize(parsed))) {
    return { size: parsed === 'auto' ? 'auto' : parsed ? formatSize(parsed) : size, asked };
  }
  const near = nearestAspectSize(parsed.width, parsed.height, model);
  if (!near) return { size, asked };
  return { size: near.size, asked, note: `${model.label} is asked by aspect ratio and resolution: ${asked} became ${near.aspectRatio} at ${near.resolution} (${near.size}).` };
}

function fromAspectRatio(aspectRatio: string, resolution: Resolution | undefined, model: ModelInfo, asked: string): ResolvedSize {
  const ratio = ratioValue(aspectRatio);
  if (ratio === null) {
    throw new ValidationError('aspectRatio', `aspectRatio ${quoteValue(aspectRatio)}: expected W:H, e.g. 16:9.`, { allowed: model.aspectSizes ? aspectRatiosOf(model) : ['W:H'] });
  }
  if (resolution !== undefined && !RESOLUTIONS.includes(resolution)) {
    throw new ValidationError('resolution', `resolution ${quoteValue(resolution)}: not known. Allowed: ${RESOLUTIONS.join(', ')}.`, { allowed: [...RESOLUTIONS] });
  }
  switch (sizeLanguage(model)) {
    case 'aspect-ratio': {
      const offered = (model.aspectSizes ?? []).filter((s) => s.aspectRatio === aspectRatio);
      if (offered.length === 0) {
        throw new ValidationError('aspectRatio', `aspectRatio ${quoteValue(aspectRatio)}: ${model.label} does not make it. Allowed: ${aspectRatiosOf(model).join(', ')}.`, { allowed: aspectRatiosOf(model) });
      }
      const pick = resolution !== undefined ? offered.find((s) => s.resolution === resolution) : offered.find((s) => s.resolution === '1K') ?? offered[0];
      if (!pick) {
        const tiers = offered.map((s) => s.resolution);
        throw new ValidationError('resolution', `resolution ${quoteValue(resolution)}: ${model.label} makes ${aspectRatio} at ${tiers.join(', ')} only.`, { allowed: tiers });
      }
      return { size: pick.size, asked };
    }
    case 'pixels': {
      const target = RESOLUTION_PIXELS[resolution ?? '1K'];
      const d = nearestValidSize(Math.round(Math.sqrt(target * ratio)), Math.round(Math.sqrt(target / ratio)), model);
      if (!d) throw new ValidationError('aspectRatio', `aspectRatio ${quoteValue(aspectRatio)}: ${model.label} has no size near it. Allowed: ${describeAllowedSizes(model)}.`, { allowed: model.sizes });
      return { size: formatSize(d), asked, note: `${model.label} is sized in pixels: ${asked} became ${formatSize(d)}${pixelNote(d, target, model)}.` };
    }
    case 'presets': {
      const presets = model.sizes.map((s) => tryParseSize(s)).filter((d): d is Dimensions => d !== null && d !== 'auto');
      const best = presets.sort((a, b) => logDistance(a.width / a.height, ratio) - logDistance(b.width / b.height, ratio))[0];
      if (!best) return { size: 'auto', asked, note: `${model.label} takes no explicit size: ${asked} became auto.` };
      return { size: formatSize(best), asked, note: `${model.label} makes only ${model.sizes.join(', ')}: ${asked} became ${formatSize(best)}, the nearest shape.` };
    }
  }
}

function pixelNote(d: Dimensions, target: number, model: ModelInfo): string {
  const rules = model.customSizes;
  const got = d.width * d.height;
  if (rules && target > rules.maxPixels && got <= rules.maxPixels) return ` (the most it makes is ${groupDigits(rules.maxPixels)} pixels)`;
  if (rules && target < rules.minPixels && got >= rules.minPixels) return ` (the least it makes is ${groupDigits(rules.minPixels)} pixels)`;
  return '';
}

/** The same intent in another model's language, for the panel when the user switches models; `note` says what changed. */
export function carrySize(size: string, from: ModelInfo, to: ModelInfo): ResolvedSize {
  const parsed = tryParseSize(size);
  const fallback = to.sizes.includes('auto') ? 'auto' : to.sizes[0] ?? 'auto';
  if (parsed === null || parsed === 'auto') return { size: fallback, asked: size };
  const text = formatSize(parsed);
  const accepts = (s: string) => { const d = tryParseSize(s); return d === 'auto' ? to.sizes.includes('auto') : d !== null && checkCustomSize(d.width, d.height, to).length === 0; };
  if (accepts(text)) return { size: text, asked: size };
  const fromAspect = from.aspectSizes?.find((s) => s.size === text);
  let mapped: ResolvedSize | undefined;
  try {
    mapped = resolveSizeIntent(fromAspect ? { aspectRatio: fromAspect.aspectRatio, resolution: fromAspect.resolution } : { size: text }, to);
  } catch { mapped = undefined; }
  if (mapped && accepts(mapped.size)) return { ...mapped, note: mapped.note ?? `${to.label} cannot make ${text}: using ${mapped.size}, the nearest size it makes.` };
  const near = nearestValidSize(parsed.width, parsed.height, to);
  if (near) return { size: formatSize(near), asked: size, note: `${to.label} cannot make ${text}: using ${formatSize(near)}, the nearest size it makes.` };
  return { size: fallback, asked: size, note: `${to.label} cannot make ${text}: using ${fallback}.` };
}

/** What the provider's request carries for a validated size (its own fields); `{ size }` for a provider this version does not know. */
export function sentSizeOf(provider: string, model: string, size: string): SentSize {
  if (!providers.has(provider)) return { size };
  try {
    return providers.get(provider).sentSize?.(model, size) ?? { size };
  } catch {
    // A size the provider cannot carry was refused before anything was sent; the record keeps the size as asked.
    return { size };
  }
}
