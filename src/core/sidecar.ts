// The sidecar saved next to each asset (`hero.png.json`): how the image was made. Written strictly, read defensively:
// a sidecar in a cloned repository is untrusted input, so parseSidecar checks every field by hand (no ajv at run time).
import { PixelsmithError } from './errors';
import { BACKGROUNDS, FORMATS, QUALITIES } from './catalogue';
import { PRESETS, PROVIDER_IDS, type Background, type ImageFormat, type Preset, type ProviderId, type Quality, type StoredImage, type Usage } from './types';

export const SIDECAR_SCHEMA_URL = 'https://pixelsmith.dev/schemas/sidecar-1.json';
export const SIDECAR_SCHEMA_VERSION = 1;
export const SIDECAR_LIMITS = {
  maxBytes: 1_000_000, prompt: 64_000, model: 100, path: 1024, heading: 500, references: 16, generationId: 100, edge: 16_384,
} as const;

export interface SidecarParameters {
  size: string;
  quality: Quality;
  background: Background;
  outputFormat: ImageFormat;
  outputCompression?: number;
  n: number;
  /** Sequences: frames in the whole sequence. */
  frames?: number;
}

export interface Sidecar {
  $schema: string;
  schemaVersion: 1;
  prompt: string;
  revisedPrompt?: string;
  provider: ProviderId;
  model: string;
  preset?: Preset;
  parameters: SidecarParameters;
  /** Workspace-relative paths (forward slashes) or http(s) URLs. */
  references: string[];
  mask?: string;
  /** The asset this one was remixed or edited from, workspace-relative. */
  parent?: string;
  source?: { document: string; heading?: string };
  createdAt: string;
  generationId: string;
  /** 0-based position in its generation, as in the history store. */
  index: number;
  usage?: Usage;
  costUsd: number | null;
  sha256: string;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
  contentCredentials: boolean;
}

export interface BuildSidecarInput {
  readonly request: {
    readonly prompt: string; readonly provider: ProviderId; readonly model: string; readonly preset?: Preset; readonly size: string;
    readonly quality: Quality; readonly background: Background; readonly outputFormat: ImageFormat; readonly outputCompression?: number;
    readonly n: number; readonly frames?: number;
  };
  readonly image: Pick<StoredImage, 'index' | 'sha256' | 'width' | 'height' | 'format' | 'bytes' | 'contentCredentials' | 'revisedPrompt'>;
  readonly generationId: string;
  readonly createdAt: Date | string;
  readonly references?: readonly string[];
  readonly mask?: string;
  readonly parent?: string;
  readonly source?: { readonly document: string; readonly heading?: string };
  readonly usage?: Usage;
  readonly costUsd: number | null;
}

/** Thrown for a malformed or hostile sidecar; `field` is the JSON path of the first problem. */
export class SidecarError extends PixelsmithError {
  constructor(field: string, message: string) {
    super('invalid-request', `Sidecar: ${message}`, { field, retryable: false });
    this.name = 'SidecarError';
  }
}

const USAGE_KEYS = ['inputTokens', 'outputTokens', 'inputTextTokens', 'inputImageTokens', 'outputImageTokens', 'outputTextTokens', 'totalTokens'] as const;
const SIZE = /^(auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/;
const ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
// Control characters (and bidi controls) have no business in a path.
const BAD_PATH_CHARS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** A workspace-relative path with forward slashes and no `..`, or an http(s) URL. */
export function isSafeSidecarPath(p: string): boolean {
  if (p.length === 0 || p.length > SIDECAR_LIMITS.path || BAD_PATH_CHARS.test(p)) return false;
  if (/^https?:\/\/[^\s/]+/i.test(p)) return !/(^|\/)\.\.(\/|$|[?#])/.test(p.replace(/^https?:\/\//i, ''));
  if (p.includes('\\') || p.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '..' && seg !== '.');
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Json, key: string, path: string, max: number, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new SidecarError(path + key, `${path + key} must be a string.`);
  if ([...v].length > max) throw new SidecarError(path + key, `${path + key} is longer than ${max} characters.`);
  return v;
}

function int(o: Json, key: string, path: string, min: number, max: number, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SidecarError(path + key, `${path + key} must be a whole number from ${min} to ${max}.`);
  }
  return v;
}

function oneOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[], optional = false): T | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new SidecarError(path + key, `${path + key} must be one of ${allowed.join(', ')}.`);
  }
  return v as T;
}

function safePath(value: string | undefined, field: string): string | undefined {
  if (value !== undefined && !isSafeSidecarPath(value)) {
    throw new SidecarError(field, `${field} must be a workspace-relative path (forward slashes, no "..") or an http(s) URL.`);
  }
  return value;
}

function parseParameters(v: unknown): SidecarParameters {
  if (!isObject(v)) throw new SidecarError('parameters', 'parameters must be an object.');
  const size = str(v, 'size', 'parameters.', 11) ?? '';
  if (!SIZE.test(size)) throw new SidecarError('parameters.size', 'parameters.size must be auto or WIDTHxHEIGHT.');
  const compression = int(v, 'outputCompression', 'parameters.', 0, 100, true);
  const frames = int(v, 'frames', 'parameters.', 1, 64, true);
  return {
    size,
    quality: oneOf(v, 'quality', 'parameters.', QUALITIES) as Quality,
    background: oneOf(v, 'background', 'parameters.', BACKGROUNDS) as Background,
    outputFormat: oneOf(v, 'outputFormat', 'parameters.', FORMATS) as ImageFormat,
    ...(compression !== undefined ? { outputCompression: compression } : {}),
    n: int(v, 'n', 'parameters.', 1, 64) as number,
    ...(frames !== undefined ? { frames } : {}),
  };
}

function parseUsage(v: unknown): Usage | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new SidecarError('usage', 'usage must be an object.');
  const out: Usage = {};
  for (const k of USAGE_KEYS) {
    const n = int(v, k, 'usage.', 0, Number.MAX_SAFE_INTEGER, true);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** Check a parsed value field by field and return a clean copy with only the known fields. */
export function checkSidecar(value: unknown): Sidecar {
  if (!isObject(value)) throw new SidecarError('$', 'expected a JSON object.');
  if (value.schemaVersion !== SIDECAR_SCHEMA_VERSION) throw new SidecarError('schemaVersion', `schemaVersion must be ${SIDECAR_SCHEMA_VERSION}.`);
  const schema = str(value, '$schema', '', SIDECAR_LIMITS.path) ?? '';
  const refs = value.references;
  if (!Array.isArray(refs) || refs.length > SIDECAR_LIMITS.references) {
    throw new SidecarError('references', `references must be a list of at most ${SIDECAR_LIMITS.references} paths.`);
  }
  const references = refs.map((r: unknown, i) => {
    if (typeof r !== 'string') throw new SidecarError(`references[${i}]`, `references[${i}] must be a string.`);
    return safePath(r, `references[${i}]`) as string;
  });
  let source: Sidecar['source'];
  if (value.source !== undefined) {
    if (!isObject(value.source)) throw new SidecarError('source', 'source must be an object.');
    const heading = str(value.source, 'heading', 'source.', SIDECAR_LIMITS.heading, true);
    source = { document: safePath(str(value.source, 'document', 'source.', SIDECAR_LIMITS.path), 'source.document') as string, ...(heading !== undefined ? { heading } : {}) };
  }
  const createdAt = str(value, 'createdAt', '', 40) ?? '';
  if (!ISO.test(createdAt) || Number.isNaN(Date.parse(createdAt))) throw new SidecarError('createdAt', 'createdAt must be an ISO 8601 date-time.');
  const generationId = str(value, 'generationId', '', SIDECAR_LIMITS.generationId) ?? '';
  if (!/^[A-Za-z0-9_-]+$/.test(generationId)) throw new SidecarError('generationId', 'generationId may contain only letters, digits, "_" and "-".');
  const sha = str(value, 'sha256', '', 64) ?? '';
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new SidecarError('sha256', 'sha256 must be 64 lowercase hex digits.');
  const cost = value.costUsd;
  if (cost !== null && (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0)) throw new SidecarError('costUsd', 'costUsd must be a number ≥ 0 or null.');
  if (typeof value.contentCredentials !== 'boolean') throw new SidecarError('contentCredentials', 'contentCredentials must be true or false.');
  const model = str(value, 'model', '', SIDECAR_LIMITS.model) ?? '';
  if (model.trim() === '') throw new SidecarError('model', 'model must not be empty.');
  const revisedPrompt = str(value, 'revisedPrompt', '', SIDECAR_LIMITS.prompt, true);
  const preset = oneOf(value, 'preset', '', PRESETS, true);
  const mask = safePath(str(value, 'mask', '', SIDECAR_LIMITS.path, true), 'mask');
  const parent = safePath(str(value, 'parent', '', SIDECAR_LIMITS.path, true), 'parent');
  const usage = parseUsage(value.usage);
  const prompt = str(value, 'prompt', '', SIDECAR_LIMITS.prompt) ?? '';
  if (prompt.trim() === '') throw new SidecarError('prompt', 'prompt must not be empty.');
  return {
    $schema: schema,
    schemaVersion: 1,
    prompt,
    ...(revisedPrompt !== undefined ? { revisedPrompt } : {}),
    provider: oneOf(value, 'provider', '', PROVIDER_IDS) as ProviderId,
    model,
    ...(preset !== undefined ? { preset } : {}),
    parameters: parseParameters(value.parameters),
    references,
    ...(mask !== undefined ? { mask } : {}),
    ...(parent !== undefined ? { parent } : {}),
    ...(source !== undefined ? { source } : {}),
    createdAt,
    generationId,
    index: int(value, 'index', '', 0, 63) as number,
    ...(usage !== undefined ? { usage } : {}),
    costUsd: cost as number | null,
    sha256: sha,
    width: int(value, 'width', '', 1, SIDECAR_LIMITS.edge) as number,
    height: int(value, 'height', '', 1, SIDECAR_LIMITS.edge) as number,
    format: oneOf(value, 'format', '', FORMATS) as ImageFormat,
    bytes: int(value, 'bytes', '', 1, Number.MAX_SAFE_INTEGER) as number,
    contentCredentials: value.contentCredentials,
  };
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
      ...(r.outputCompression !== undefined ? { outputCompression: r.outputCompression } : {}),
      n: r.n,
      ...(r.frames !== undefined ? { frames: r.frames } : {}),
    },
    references: [...(input.references ?? [])],
    ...(input.mask !== undefined ? { mask: input.mask } : {}),
    ...(input.parent !== undefined ? { parent: input.parent } : {}),
    ...(input.source !== undefined ? { source: { ...input.source } } : {}),
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
  };
  return checkSidecar(sidecar);
}

/** The file's text: two-space indented JSON with a final newline, stable for diffs. */
export function serializeSidecar(sidecar: Sidecar): string {
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}
