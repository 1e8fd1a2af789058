// The sidecar saved next to each asset (`hero.png.json`): how the image was made. Written strictly, read defensively:
// a sidecar in a cloned repository is untrusted input. One zod schema (its parameters from core/params.ts) checks both
// ways and generates schemas/sidecar.schema.json (`npm run gen:schemas`); the reader keeps providers and parameters
// it does not know, so an older Pixelsmith never hides a newer asset.
import * as z from 'zod/mini';
import { PixelsmithError } from './errors';
import { FORMATS, type Resolution } from './catalogue';
import { LIMITS } from './limits';
import { LANGUAGE_TAG } from './localize/languages';
import { once } from './once';
import { params, issueField, valueAt } from './params';
import { TEXT_VERDICTS } from './textCheck/compare';
import { READ_LIMITS, TEXT_READERS } from './textCheck/reader';
import { WATERMARKS, type Watermark } from './providers/declaration';
import { PRESETS, type Background, type Complexity, type ImageFormat, type Preset, type ProviderId, type Quality, type StoredImage, type SvgEffort, type Usage } from './types';

export const SIDECAR_SCHEMA_URL = 'https://pixelsmith.dev/schemas/sidecar-1.json';
export const SIDECAR_SCHEMA_VERSION = 1;
export const SIDECAR_LIMITS = {
  maxBytes: LIMITS.sidecarBytes, prompt: LIMITS.promptChars, revisedPrompt: LIMITS.revisedPromptChars, model: 100, path: 1024, heading: 500,
  references: 16, generationId: 100, edge: LIMITS.imageEdge,
  /** Parameters this version does not know: how many are kept, and how long a text value may be. */
  unknownParameters: 32, unknownParameterText: 1000,
} as const;

/** The format of the image a sidecar describes: what a generation returns, or AVIF for a web copy (Save Web Copy). */
export const SIDECAR_IMAGE_FORMATS = [...FORMATS, 'avif'] as const;
export type SidecarImageFormat = ImageFormat | 'avif';

/** The asset this one was made from (remix, edit, translation, icon set, web copy). */
export interface SidecarParent {
  /** Workspace-relative path, '/' separators. */
  readonly file: string;
  /** Of the parent's bytes when this one was made. */
  readonly sha256: string;
}

/** The generation parameters a request may leave out; the sidecar records those it set. */
export interface OptionalParameters {
  readonly outputCompression?: number; readonly frames?: number;
  readonly complexity?: Complexity; readonly gifFrames?: number; readonly gifFrameDurationMs?: number;
  readonly svgModel?: string; readonly svgEffort?: SvgEffort;
}

/** The optional parameters `r` set, and only those (one list for the sidecar and what builds its input). */
export function optionalParameters(r: OptionalParameters): OptionalParameters {
  return {
    ...(r.outputCompression !== undefined ? { outputCompression: r.outputCompression } : {}),
    ...(r.frames !== undefined ? { frames: r.frames } : {}),
    ...(r.complexity !== undefined ? { complexity: r.complexity } : {}),
    ...(r.gifFrames !== undefined ? { gifFrames: r.gifFrames } : {}),
    ...(r.gifFrameDurationMs !== undefined ? { gifFrameDurationMs: r.gifFrameDurationMs } : {}),
    ...(r.svgModel !== undefined ? { svgModel: r.svgModel } : {}),
    ...(r.svgEffort !== undefined ? { svgEffort: r.svgEffort } : {}),
  };
}

export interface BuildSidecarInput {
  readonly request: OptionalParameters & {
    readonly prompt: string; readonly provider: ProviderId; readonly model: string; readonly preset?: Preset; readonly size: string;
    readonly quality: Quality; readonly background: Background; readonly outputFormat: ImageFormat; readonly n: number;
  };
  /** The size as the provider's request carried it, where that is not `size` itself (Gemini's aspect ratio and resolution). */
  readonly sent?: { readonly aspectRatio?: string; readonly resolution?: string };
  /** When the size asked for was in another size language than the model's: what it became, in words. */
  readonly sizeNote?: string;
  readonly image: Pick<StoredImage, 'index' | 'sha256' | 'width' | 'height' | 'bytes' | 'contentCredentials' | 'revisedPrompt'> & { readonly format: SidecarImageFormat };
  readonly generationId: string;
  readonly createdAt: Date | string;
  readonly references?: readonly string[];
  readonly mask?: string;
  readonly markup?: string;
  readonly parent?: SidecarParent;
  /** BCP 47 tag of a localized copy. */
  readonly language?: string;
  readonly source?: { readonly document: string; readonly heading?: string };
  /** Built from an asset manifest entry: its id and the hash of its spec when built. */
  readonly manifest?: { readonly entry: string; readonly specHash: string };
  readonly usage?: Usage;
  readonly costUsd: number | null;
  /** The invisible watermark the provider embeds in this model's images, e.g. Google's SynthID. */
  readonly watermark?: Watermark;
}

/** What Check Text records in the sidecar. */
export type SidecarTextCheck = NonNullable<z.output<ReturnType<typeof textCheckSchema>>>;

/** Thrown for a malformed or hostile sidecar; `field` is the JSON path of the first problem. */
export class SidecarError extends PixelsmithError {
  constructor(field: string, message: string) {
    super('invalid-request', `Sidecar: ${message}`, { field, retryable: false });
    this.name = 'SidecarError';
  }
}

const ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
// Control characters (and bidi controls) have no business in a path.
const BAD_PATH_CHARS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
// The same rules as isSafeSidecarPath, as patterns a JSON Schema validator can run; they refuse control characters.
/* eslint-disable no-control-regex */
const LOCAL_PATH = /^(?![/\\])(?![A-Za-z][A-Za-z0-9+.-]*:)(?!.*\\)(?!.*\/\/)(?!.*\/$)(?!(?:.*\/)?\.{1,2}(?:\/|$))[^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]+$/;
const URL_PATH = /^https?:\/\/[^\s/]+(?!.*\/\.\.(?:\/|$|[?#]))[^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]*$/;
/* eslint-enable no-control-regex */
/** A provider id this version may not know: kept and shown as text, but never markup or a path. */
const PROVIDER_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A workspace-relative path with forward slashes and no `..`, or an http(s) URL. */
export function isSafeSidecarPath(p: string): boolean {
  if (p.length === 0 || p.length > SIDECAR_LIMITS.path || BAD_PATH_CHARS.test(p)) return false;
  if (/^https?:\/\/[^\s/]+/i.test(p)) return !/(^|\/)\.\.(\/|$|[?#])/.test(p.replace(/^https?:\/\//i, ''));
  if (p.includes('\\') || p.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '..' && seg !== '.');
}

const text = (max: number) => z.string().check(z.maxLength(max));
const nonBlank = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), z.regex(/\S/));
const described = <T extends z.core.$ZodType>(schema: T, description: string) => z.optional(schema).check(z.describe(description));

/** The pieces both sidecar declarations share, built on first use. */
function buildParts() {
  const P = params();
  const count = z.int().check(z.minimum(0), z.meta({ id: 'count' }));
  const location = z.union([
    z.string().check(z.maxLength(SIDECAR_LIMITS.path), z.regex(LOCAL_PATH)),
    z.string().check(z.maxLength(SIDECAR_LIMITS.path), z.regex(URL_PATH)),
  ]).check(
    z.refine((p) => isSafeSidecarPath(p), { error: 'must be a workspace-relative path (forward slashes, no "..") or an http(s) URL' }),
    z.meta({ id: 'location', description: 'A workspace-relative path with forward slashes and no \'.\' or \'..\' segments, or an http(s) URL.' }),
  );
  /** A parameter this version does not know, from a newer Pixelsmith: a short scalar, shown as text. */
  const unknownParameter = z.union([text(SIDECAR_LIMITS.unknownParameterText), z.number(), z.boolean(), z.null()]);
  const knownParameters = {
    size: P.size,
    quality: P.quality,
    background: P.background,
    outputFormat: P.outputFormat,
    outputCompression: z.optional(P.outputCompression),
    n: z.int().check(z.minimum(1), z.maximum(64), z.describe('Images requested in the generation.')),
    frames: z.optional(P.frames).check(z.describe('Sequences: frames in the whole sequence.')),
    aspectRatio: z.optional(P.aspectRatio).check(z.describe('The aspect ratio sent, for providers asked by ratio (Gemini, OpenRouter); size is then the pixels it makes.')),
    resolution: z.optional(P.resolution).check(z.describe('The resolution (Gemini imageSize) sent, where the model takes one.')),
    complexity: z.optional(P.complexity),
    gifFrames: z.optional(P.gifFrames),
    gifFrameDurationMs: z.optional(P.gifFrameDurationMs),
    svgModel: z.optional(P.svgModel),
    svgEffort: z.optional(P.svgEffort),
  };
  return { P, count, location, unknownParameter, knownParameters };
}
const parts = once(buildParts);
type Parts = ReturnType<typeof buildParts>;

/** The result of Check Text as recorded in the sidecar. */
function textCheckSchema(strict: boolean) {
  const obj = strict ? z.strictObject : z.object;
  const block = z.string().check(z.maxLength(READ_LIMITS.blockChars));
  return obj({
    reader: (strict ? z.enum(TEXT_READERS) : z.string().check(z.regex(PROVIDER_TOKEN))).check(z.describe(`Who read the text: ${TEXT_READERS.join(' or ')}.`)),
    model: nonBlank(SIDECAR_LIMITS.model).check(z.describe('The vision model that read it.')),
    checkedAt: z.string().check(z.regex(ISO), z.describe('ISO 8601 date-time of the check.')),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/), z.describe('Of the image bytes that were read: a check of other bytes is stale.')),
    strings: z.array(obj({
      expected: block,
      found: z.optional(block),
      verdict: strict ? z.enum(TEXT_VERDICTS) : z.string().check(z.regex(PROVIDER_TOKEN)),
    })).check(z.maxLength(READ_LIMITS.blocks), z.describe('Each expected string: match, different (found is what was read) or missing.')),
    unexpected: z.array(block).check(z.maxLength(READ_LIMITS.blocks), z.describe('Text read that no expected string accounts for.')),
  });
}

/** The sidecar as this version writes it (`strict`) or reads it (unknown providers, parameters and fields allowed). */
function sidecarSchema(strict: boolean) {
  const { P, count, location, unknownParameter, knownParameters } = parts();
  const parameters = strict
    ? z.strictObject(knownParameters)
    : z.catchall(z.object(knownParameters), unknownParameter).check(z.refine((p) =>
      Object.keys(p).filter((k) => !Object.prototype.hasOwnProperty.call(knownParameters, k)).length <= SIDECAR_LIMITS.unknownParameters, { error: `more than ${SIDECAR_LIMITS.unknownParameters} unknown parameters` }));
  const provider = strict ? P.provider : z.string().check(z.regex(PROVIDER_TOKEN));
  const shape = {
    $schema: text(SIDECAR_LIMITS.path).check(z.describe('This schema\'s id.')),
    schemaVersion: z.literal(SIDECAR_SCHEMA_VERSION),
    prompt: nonBlank(SIDECAR_LIMITS.prompt).check(z.describe('The prompt exactly as the user wrote it.')),
    revisedPrompt: described(text(SIDECAR_LIMITS.revisedPrompt), 'The prompt as the provider rewrote it, where it reports one.'),
    provider: provider.check(z.describe(`The provider that made the image: ${P.provider.options.join(', ')} in this version; readers keep ids they do not know.`)),
    model: nonBlank(SIDECAR_LIMITS.model).check(z.describe('Model id, e.g. gpt-image-2.')),
    preset: z.optional(z.enum(PRESETS)),
    parameters: parameters.check(z.describe('The generation parameters; readers keep (as text) parameters they do not know.')),
    references: z.array(location).check(z.maxLength(SIDECAR_LIMITS.references), z.describe('Reference images, in the order they were sent.')),
    mask: z.optional(location),
    sizeNote: described(text(500), 'When the size asked for was in another size language than the model\'s (WIDTHxHEIGHT vs aspect ratio): what it became, in words.'),
    markup: described(location, 'The markup drawn over the first reference to guide the edit (a transparent PNG).'),
    parent: described((strict ? z.strictObject : z.object)({
      file: location,
      sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/), z.describe('Of the parent\'s bytes when this asset was made from it.')),
    }), 'The asset this one was made from (remixed, edited, translated, a web copy of): its workspace-relative path and sha256.'),
    language: described(z.string().check(z.maxLength(64), z.regex(LANGUAGE_TAG)),
      'BCP 47 tag of the language this asset was localized into (as given: ko, ja, zh-Hans); the same tag is in its file name.'),
    source: described(z.strictObject({ document: location, heading: z.optional(text(SIDECAR_LIMITS.heading)) }),
      'The markdown document (and heading) the image illustrates.'),
    manifest: described(z.strictObject({
      entry: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)),
      specHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    }), 'Built by "Pixelsmith: Build Assets" from this entry of pixelsmith.assets.json; specHash decides whether it is up to date.'),
    createdAt: z.string().check(z.regex(ISO), z.refine((v) => !Number.isNaN(Date.parse(v)), { error: 'is not a real date' }),
      z.describe('ISO 8601 date-time the generation started.')),
    generationId: z.string().check(z.regex(new RegExp(`^[A-Za-z0-9_-]{1,${SIDECAR_LIMITS.generationId}}$`)), z.describe('The generation in the history store.')),
    index: z.int().check(z.minimum(0), z.maximum(63), z.describe('0-based position of the image in its generation.')),
    usage: described(z.strictObject({
      inputTokens: z.optional(count), outputTokens: z.optional(count), inputTextTokens: z.optional(count), inputImageTokens: z.optional(count),
      outputImageTokens: z.optional(count), outputTextTokens: z.optional(count), totalTokens: z.optional(count),
    }), 'Token usage the provider reported for the call that made the image.'),
    costUsd: z.nullable(z.number().check(z.minimum(0))).check(z.describe('USD for this image; null when the price is unknown.')),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/), z.describe('Of the image file\'s bytes.')),
    width: z.int().check(z.minimum(1), z.maximum(SIDECAR_LIMITS.edge)),
    height: z.int().check(z.minimum(1), z.maximum(SIDECAR_LIMITS.edge)),
    format: z.enum(SIDECAR_IMAGE_FORMATS).check(z.describe('Of the image file: a generated format, or avif for a web copy.')),
    bytes: z.int().check(z.minimum(1), z.describe('File size of the image.')),
    contentCredentials: z.boolean().check(z.describe('The image carries a C2PA manifest.')),
    textCheck: described(textCheckSchema(strict),
      'The last "Pixelsmith: Check Text": which reader read the image, when, and each expected string\'s verdict.'),
    watermark: described(strict ? z.enum(WATERMARKS) : z.string().check(z.regex(PROVIDER_TOKEN)),
      'An invisible watermark the provider embeds in every image of this model: synthid (Google SynthID) in this version; readers keep values they do not know.'),
  };
  return strict ? z.strictObject(shape) : z.object(shape);
}

/** What a reader accepts; schemas/sidecar.schema.json is generated from it. */
export const sidecarReadSchema = once(() => sidecarSchema(false).check(z.meta({
  title: 'Pixelsmith asset sidecar',
  description: 'Written next to each saved image as <image>.<ext>.json: how the image was made. Readers ignore properties they do not know and keep providers and parameters they do not know; a breaking change bumps schemaVersion.',
})));
/** What this version writes: known providers and parameters only. */
const sidecarWrittenSchema = once(() => sidecarSchema(true));

/** A sidecar as read: `provider` may be one this version does not know, `parameters` may hold unknown ones. */
export type Sidecar = Omit<z.output<ReturnType<typeof sidecarReadSchema>>, 'parameters'> & { parameters: SidecarParameters };
/** The known parameters, typed, and any a newer version wrote (short scalars, to show as text). */
export type SidecarParameters = z.output<ReturnType<typeof z.object<Parts['knownParameters']>>> & { readonly [name: string]: z.output<Parts['unknownParameter']> | undefined };

/** The first problem zod found, as a SidecarError naming its JSON path. */
function sidecarError(issue: z.core.$ZodIssue, input: unknown): SidecarError {
  const field = issueField(issue.path);
  const got = valueAt(input, issue.path);
  const shown = got === undefined ? 'missing' : `${JSON.stringify(got)?.slice(0, 60) ?? typeof got}`;
  switch (issue.code) {
    case 'custom': return new SidecarError(field, `${field} ${issue.message}.`);
    case 'too_big': return new SidecarError(field, `${field} is over its limit of ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}.`);
    case 'too_small': return new SidecarError(field, `${field} is under its minimum of ${String(issue.minimum)} (got ${shown}).`);
    case 'invalid_value': return new SidecarError(field, `${field} must be one of ${issue.values.map(String).join(', ')} (got ${shown}).`);
    case 'invalid_format': return new SidecarError(field, `${field} does not have the expected form (got ${shown}).`);
    case 'invalid_type': return new SidecarError(field, `${field} must be ${issue.expected} (got ${got === null ? 'null' : shown === 'missing' ? shown : typeof got}).`);
    default: return new SidecarError(field, `${field} is not valid (got ${shown}).`);
  }
}

/** Check a parsed value against the schema and return a clean copy (unknown top-level fields dropped). */
export function checkSidecar(value: unknown): Sidecar {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SidecarError('$', 'expected a JSON object.');
  const result = sidecarReadSchema().safeParse(value);
  if (!result.success) throw sidecarError(result.error.issues[0]!, value);
  return result.data as Sidecar;
}

/** Parse a sidecar file's text; throws a SidecarError for oversize, invalid JSON, wrong types or unsafe paths. */
export function parseSidecar(text: string, maxBytes: number = SIDECAR_LIMITS.maxBytes): Sidecar {
  if (typeof text !== 'string') throw new SidecarError('$', 'expected text.');
  if (text.length > maxBytes || new TextEncoder().encode(text).length > maxBytes) {
    throw new SidecarError('$', `the file is larger than ${maxBytes} bytes.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new SidecarError('$', `not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  return checkSidecar(value);
}

/** The sidecar for one saved image; checked before it is returned, so a bad path is caught before anything is written. */
export function buildSidecar(input: BuildSidecarInput): Sidecar {
  const r = input.request;
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString();
  const sidecar: Sidecar = {
    $schema: SIDECAR_SCHEMA_URL,
    schemaVersion: 1,
    prompt: r.prompt,
    ...(input.image.revisedPrompt !== undefined ? { revisedPrompt: input.image.revisedPrompt } : {}),
    provider: r.provider,
    model: r.model,
    ...(r.preset !== undefined ? { preset: r.preset } : {}),
    parameters: {
      size: r.size, quality: r.quality, background: r.background, outputFormat: r.outputFormat,
      n: r.n,
      ...optionalParameters(r),
      ...(input.sent?.aspectRatio !== undefined ? { aspectRatio: input.sent.aspectRatio } : {}),
      ...(input.sent?.resolution !== undefined ? { resolution: input.sent.resolution as Resolution } : {}),
    },
    ...(input.sizeNote !== undefined ? { sizeNote: input.sizeNote } : {}),
    references: [...(input.references ?? [])],
    ...(input.mask !== undefined ? { mask: input.mask } : {}),
    ...(input.markup !== undefined ? { markup: input.markup } : {}),
    ...(input.parent !== undefined ? { parent: { file: input.parent.file, sha256: input.parent.sha256 } } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    ...(input.source !== undefined ? { source: { ...input.source } } : {}),
    ...(input.manifest !== undefined ? { manifest: { ...input.manifest } } : {}),
    createdAt,
    generationId: input.generationId,
    index: input.image.index,
    ...(input.usage !== undefined ? { usage: { ...input.usage } } : {}),
    costUsd: input.costUsd,
    sha256: input.image.sha256,
    width: input.image.width,
    height: input.image.height,
    format: input.image.format,
    bytes: input.image.bytes,
    contentCredentials: input.image.contentCredentials,
    ...(input.watermark !== undefined ? { watermark: input.watermark } : {}),
  };
  const result = sidecarWrittenSchema().safeParse(sidecar);
  if (!result.success) throw sidecarError(result.error.issues[0]!, sidecar);
  return result.data;
}

/**
 * `text` (a sidecar file) with `textCheck` set to `check`; everything else, even fields a newer version wrote, kept
 * as it was. Throws a SidecarError when the file is not a valid sidecar or the check does not fit the declaration.
 */
export function withTextCheck(text: string, check: SidecarTextCheck): string {
  parseSidecar(text);
  const result = textCheckSchema(true).safeParse(check);
  if (!result.success) throw sidecarError(result.error.issues[0]!, check);
  const raw = JSON.parse(text.replace(/^\ufeff/, '')) as Record<string, unknown>;
  const out = `${JSON.stringify({ ...raw, textCheck: result.data }, null, 2)}\n`;
  if (new TextEncoder().encode(out).length > SIDECAR_LIMITS.maxBytes) throw new SidecarError('textCheck', `the sidecar with this check would be larger than ${SIDECAR_LIMITS.maxBytes} bytes.`);
  return out;
}

/** The file's text: two-space indented JSON with a final newline, stable for diffs. */
export function serializeSidecar(sidecar: Sidecar): string {
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}
