// Image size rules: parsing `WIDTHxHEIGHT`, checking a custom size live, suggesting the nearest valid one.
// No Node imports: the Generate webview bundles this to show problems as the user types.
import { describeAllowedSizes, getModel, groupDigits, type CustomSizeRules, type ModelInfo } from './catalogue';
import { ValidationError, quoteValue } from './errors';

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
