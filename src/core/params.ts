// The generation parameters, declared once: the automation arguments, the sidecar's `parameters`, the JSON Schema
// files and (next) the agent tools' input schemas derive from here. zod/mini keeps the host bundle small.
// Model-specific limits (which sizes, qualities, how many images) are checked later against the catalogue.
import * as z from 'zod/mini';
import { ASPECT_RATIO_PATTERN, BACKGROUNDS, COMPARE_MODELS, COMPLEXITIES, FORMATS, GIF_FRAME_DURATION_MS, GIF_FRAMES, QUALITIES, RESOLUTIONS, SVG_EFFORTS } from './catalogue';
import { ValidationError } from './errors';
import { PROVIDER_IDS } from './providers/registry';
import { once } from './once';
import { PRESETS } from './types';

/** `auto` or `WIDTHxHEIGHT`. */
export const SIZE_PATTERN = /^(auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/;
export const MAX_MODEL_ID = 100;
export const MAX_REFERENCES = 16;

/** The absolute bounds of the whole-number parameters; the model may allow less (n is 1–8 for most). */
const RANGES = { n: [1, 64], frames: [1, 64], outputCompression: [0, 100], partialImages: [0, 3] } as const;
const wholeNumber = (key: keyof typeof RANGES, description: string) =>
  z.int().check(z.minimum(RANGES[key][0]), z.maximum(RANGES[key][1]), z.describe(description));

/** A file location: a vscode.Uri (kept as it is, not copied) or a non-empty string (URI, absolute or workspace-relative path). */
export type Location = string | { readonly scheme: string; readonly path: string };
const isUriLike = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { scheme?: unknown }).scheme === 'string' && typeof (v as { path?: unknown }).path === 'string';
const location = (description: string) => z.union([
  z.string().check(z.minLength(1)),
  z.custom<{ readonly scheme: string; readonly path: string }>(isUriLike),
]).check(z.describe(description));

/** Each generation parameter's type, limits and meaning. */
export const params = once(() => ({
  prompt: z.string().check(z.describe('What to draw, in plain words: subject, style, composition, text to render. Up to 32,000 characters.')),
  n: wholeNumber('n', 'How many images to make (1–8 for most models; more are split into parallel calls).'),
  frames: wholeNumber('frames', 'Sequences only: frames in the whole sequence; a sequence longer than one call continues from its last frame.'),
  size: z.string().check(z.regex(SIZE_PATTERN), z.describe('"auto" or WIDTHxHEIGHT in pixels, e.g. 1024x1024 or 1536x1024; the model decides which sizes it takes.')),
  aspectRatio: z.string().check(z.regex(ASPECT_RATIO_PATTERN), z.describe('Instead of size: the shape as W:H, e.g. 16:9; mapped to what the model takes (Gemini: its aspect ratio; others: the nearest WIDTHxHEIGHT).')),
  resolution: z.enum(RESOLUTIONS).check(z.describe('With aspectRatio: about 512², 1024² (1K, the default), 2048² or 4096² pixels; Gemini\'s imageSize where the model has it.')),
  quality: z.enum(QUALITIES).check(z.describe('Rendering quality; higher costs more. xhigh and max only on the models that offer them.')),
  background: z.enum(BACKGROUNDS).check(z.describe('"transparent" needs png or webp and a model that can make transparent images.')),
  outputFormat: z.enum(FORMATS).check(z.describe('File format of the images.')),
  outputCompression: wholeNumber('outputCompression', 'jpeg and webp only: compression level, 0–100 (100 = largest file).'),
  partialImages: wholeNumber('partialImages', 'Stream this many partial previews per image (0–3) where the provider supports it.'),
  model: z.string().check(z.minLength(1), z.maxLength(MAX_MODEL_ID), z.describe('Model id, e.g. gpt-image-2; an id the catalogue does not know is allowed, with an unknown price.')),
  provider: z.enum(PROVIDER_IDS).check(z.describe('Which service makes the images.')),
  preset: z.enum(PRESETS).check(z.describe('Defaults for a kind of asset: icon (transparent PNG), mockup, illustration, sequence, or custom.')),
  references: z.array(location('A reference image: a vscode.Uri or a path (absolute or workspace-relative).'))
    .check(z.maxLength(MAX_REFERENCES), z.describe('Reference images to edit or draw from, in order; the first is the one a mask applies to.')),
  mask: location('A PNG the size of the first reference, transparent where the image should change.'),
  markup: location('Edits only: a transparent PNG the size of the first reference, with marks drawn over it to guide the edit (circles, arrows, notes); not with a mask.'),
  complexity: z.enum(COMPLEXITIES).check(z.describe('How much planning the model does (gpt-image-2.6), independent of quality.')),
  gifFrames: z.int().check(z.minimum(GIF_FRAMES.min), z.maximum(GIF_FRAMES.max), z.describe(`outputFormat gif only: frames of the animation (${GIF_FRAMES.min}–${GIF_FRAMES.max}; the API's default is ${GIF_FRAMES.default}).`)),
  gifFrameDurationMs: z.int().check(z.minimum(GIF_FRAME_DURATION_MS.min), z.maximum(GIF_FRAME_DURATION_MS.max), z.describe('outputFormat gif only: how long each frame shows, in milliseconds.')),
  svgModel: z.string().check(z.minLength(1), z.maxLength(MAX_MODEL_ID), z.describe('outputFormat svg only: the model that writes the SVG markup.')),
  svgEffort: z.enum(SVG_EFFORTS).check(z.describe('outputFormat svg only, with svgModel: how hard that model reasons.')),
}) as const);

/** Which images to save into the workspace: none (the default), all, or 0-based indices. */
export type SaveChoice = 'none' | 'all' | readonly number[];
export { COMPARE_MODELS } from './catalogue';

/** The arguments every paid command takes, besides its own. */
const baseArgs = once(() => ({
  provider: z.optional(params().provider),
  model: z.optional(params().model),
  save: z.optional(z.union([z.literal('none'), z.literal('all'), z.array(z.int().check(z.minimum(0)))])
    .check(z.describe('Which images to save into the workspace: "none" (default), "all", or an array of 0-based indices.'))),
  folder: z.optional(location('Workspace folder to save into (a vscode.Uri or a path); defaults to the preset\'s folder.')),
  skipCostConfirmation: z.optional(z.boolean().check(z.describe('Skip the cost confirmation, for callers that confirm themselves.'))),
}) as const);

/** `pixelsmith.generate`'s arguments: the parameters, all optional but the prompt, and the base arguments. */
export const generateArgsSchema = once(() => {
  const P = params();
  return z.strictObject({
    prompt: P.prompt,
    n: z.optional(P.n),
    frames: z.optional(P.frames),
    size: z.optional(P.size),
    aspectRatio: z.optional(P.aspectRatio),
    resolution: z.optional(P.resolution),
    quality: z.optional(P.quality),
    background: z.optional(P.background),
    outputFormat: z.optional(P.outputFormat),
    outputCompression: z.optional(P.outputCompression),
    partialImages: z.optional(P.partialImages),
    preset: z.optional(P.preset),
    references: z.optional(P.references),
    mask: z.optional(P.mask),
    markup: z.optional(P.markup),
    complexity: z.optional(P.complexity),
    gifFrames: z.optional(P.gifFrames),
    gifFrameDurationMs: z.optional(P.gifFrameDurationMs),
    svgModel: z.optional(P.svgModel),
    svgEffort: z.optional(P.svgEffort),
    ...baseArgs(),
  });
});

/** The argument names `pixelsmith.generate` accepts, in declaration order. */
export const generateArgNames = once((): readonly string[] => Object.keys(generateArgsSchema().shape));

/** Refuse an argument that is neither a generation argument nor one of the command's `own`, listing the allowed ones. */
export function refuseUnknownArgs(raw: object, own: readonly string[] = []): void {
  const allowed = [...own, ...generateArgNames()];
  const unknown = Object.keys(raw).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${allowed.join(', ')}.`, { allowed });
}

/** What each argument must be, for error messages written for people. */
const EXPECTED: { readonly [K in keyof ReturnType<typeof generateArgsSchema>['shape']]: string } = {
  prompt: 'a string', n: 'a number', frames: 'a number', size: 'a string', aspectRatio: 'a string such as "16:9"', resolution: 'one of 512, 1K, 2K, 4K', quality: 'a string', background: 'a string',
  outputFormat: 'a string', outputCompression: 'a number', partialImages: 'a number', preset: 'a string',
  references: 'an array of vscode.Uri or path strings', mask: 'a vscode.Uri or a path string', markup: 'a vscode.Uri or a path string', provider: 'a string', model: 'a string',
  complexity: 'a string', gifFrames: 'a number', gifFrameDurationMs: 'a number', svgModel: 'a string', svgEffort: 'a string',
  save: '"none", "all", or an array of 0-based image indices', folder: 'a vscode.Uri or a path string', skipCostConfirmation: 'true or false',
};

/** A zod issue path as people write it: `references[0]`, `parameters.size`; `$` for the value itself. */
export function issueField(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '$';
}

/** The value at `path` inside `root`, following own properties only. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** One sentence about the first problem zod found with an argument; `allowed` when the field takes a fixed set of values. */
export function describeArgIssue(issue: z.core.$ZodIssue, input: unknown): { field: string; message: string; allowed?: readonly string[] } {
  const field = issueField(issue.path);
  const top = String(issue.path[0] ?? '') as keyof typeof EXPECTED;
  const value = valueAt(input, issue.path);
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  if (top === 'save') {
    return { field: 'save', message: `save ${JSON.stringify(valueAt(input, ['save']))?.slice(0, 80)} is not valid. Allowed: ${EXPECTED.save}.`, allowed: ['none', 'all', 'number[]'] };
  }
  if (isLocationPath(issue.path)) return { field, message: `${field} must be a vscode.Uri or a path string.` };
  switch (issue.code) {
    case 'invalid_value':
      return { field, message: `${field} ${shown}: unknown ${field}. Allowed: ${issue.values.join(', ')}.`, allowed: issue.values.map(String) };
    case 'too_big':
    case 'too_small':
      if (issue.origin === 'array') return { field, message: `${field}: at most ${MAX_REFERENCES} items.` };
      if (issue.origin === 'string') return { field, message: `${field} must not be empty${field === 'model' ? ` or longer than ${MAX_MODEL_ID} characters` : ''}.` };
      break;
    case 'invalid_format':
      if (top === 'aspectRatio') return { field, message: `${field} ${shown} must be W:H, e.g. 16:9.` };
      return { field, message: `${field} ${shown} must be auto or WIDTHxHEIGHT.` };
    default:
      break;
  }
  const expected = EXPECTED[top] ?? 'valid';
  if (typeof value === 'number' && expected === 'a number') {
    const range = numberRange(top);
    return { field, message: `${field} ${value}: must be a whole number from ${range[0]} to ${range[1]}.` };
  }
  if (value === undefined) return { field, message: `${field} is required and must be ${expected}.` };
  return { field, message: `${field} must be ${expected}.` };
}

function isLocationPath(path: readonly PropertyKey[]): boolean {
  return (path.length === 2 && path[0] === 'references') || (path.length === 1 && (path[0] === 'mask' || path[0] === 'markup' || path[0] === 'folder'));
}

function numberRange(key: string): readonly [number, number] {
  return Object.prototype.hasOwnProperty.call(RANGES, key) ? RANGES[key as keyof typeof RANGES] : [0, Number.MAX_SAFE_INTEGER];
}

/** `pixelsmith.localize`'s arguments: the image, the languages, optional exact strings, and the base arguments but `folder` (copies go beside the original). */
export const localizeArgsSchema = once(() => z.strictObject({
  uri: location('The image to localize: a vscode.Uri or a path (absolute or workspace-relative); it is never changed.'),
  languages: z.array(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.minLength(1), z.maxLength(64), z.describe('BCP 47 tags of the languages to make, e.g. ["ko", "ar", "ja", "zh-Hans"]; each is one edit.')),
  strings: z.optional(z.record(z.string(), z.record(z.string(), z.string()))
    .check(z.describe('Exact translations per language: { "ko": { "Start": "시작" } }; text not listed is translated by the model.'))),
  quality: z.optional(params().quality),
  provider: baseArgs().provider,
  model: baseArgs().model,
  save: z.optional(z.union([z.literal('none'), z.literal('all')])
    .check(z.describe('"all" (default): save each translation beside the original as <name>.<lang>.<ext>; "none": keep them in the history only.'))),
  skipCostConfirmation: baseArgs().skipCostConfirmation,
}));


/** `pixelsmith.compare`'s arguments: one prompt (and references) on two to four models, and where to save. */
export const compareArgsSchema = once(() => z.strictObject({
  prompt: params().prompt,
  models: z.array(z.strictObject({ provider: params().provider, model: params().model }))
    .check(z.minLength(COMPARE_MODELS.min), z.maxLength(COMPARE_MODELS.max),
      z.describe(`The models to compare, ${COMPARE_MODELS.min}–${COMPARE_MODELS.max}, each { provider, model }; the results come back in this order.`)),
  n: z.optional(params().n),
  references: z.optional(params().references),
  save: baseArgs().save,
  folder: baseArgs().folder,
  skipCostConfirmation: baseArgs().skipCostConfirmation,
}));
