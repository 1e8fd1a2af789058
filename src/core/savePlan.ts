// Pure planning of a save into the workspace: where (inside the workspace folder only), under which names
// (from the prompt, never overwriting) and with which sidecar. The platform layer does the file I/O.
import * as path from 'node:path';
import { PixelsmithError } from './errors';
import type { GenerationRecord } from './history';
import { extensionForFormat, formatFromFileName } from './imaging/formats';
import { applyNamingPattern, nextFreeName, slugFromPrompt } from './naming';
import { buildSidecar, isSafeSidecarPath, optionalParameters, SIDECAR_LIMITS, type Sidecar } from './sidecar';
import { providers } from './providers/registry';
import { sentSizeOf } from './sizes';
import type { Watermark } from './providers/declaration';
import type { ImageFormat, Preset, StoredImage } from './types';

/** A POSIX path (a URI's `path`) with `.`/`..` resolved, no trailing slash, and Windows drive letters lowercased. */
export function normalizePath(p: string): string {
  let out = path.posix.normalize(p.replace(/\\/g, '/'));
  if (/^[A-Za-z]:\//.test(out)) out = `/${out}`;
  out = out.replace(/^\/([A-Za-z]):/, (_m, d: string) => `/${d.toLowerCase()}:`);
  return out.length > 1 ? out.replace(/\/+$/, '') : out;
}

/** Whether `target` is `root` or below it (both absolute POSIX paths). */
export function isInside(root: string, target: string): boolean {
  const r = normalizePath(root);
  const t = normalizePath(target);
  if (t === r) return true;
  return t.startsWith(r === '/' ? '/' : `${r}/`);
}

/** Throws `outside-workspace`, naming the path, unless `target` is inside `root`. */
export function assertInside(root: string, target: string, shown: string, field = 'folder'): void {
  if (isInside(root, target)) return;
  throw new PixelsmithError('outside-workspace',
    `The destination ${JSON.stringify(shown)} is outside the workspace folder ${JSON.stringify(root)}; Pixelsmith only writes inside the chosen workspace folder.`,
    { field, retryable: false, hint: 'Choose a folder inside the workspace (a path relative to the workspace folder, without "..").' });
}

/**
 * The absolute folder a folder setting names: relative to the workspace folder `root`, or absolute but inside it.
 * `..` that leaves the folder, or an absolute path elsewhere, is refused with `outside-workspace`.
 */
export function resolveFolderSetting(root: string, value: string, field: string): string {
  const v = value.trim().replace(/\\/g, '/');
  const absolute = v.startsWith('/') || /^[A-Za-z]:\//.test(v);
  const target = normalizePath(absolute ? v : `${normalizePath(root)}/${v}`);
  assertInside(root, target, value, field);
  return target;
}

/** `root`-relative form of an absolute path inside it, with forward slashes (`''` for root itself). */
export function relativeTo(root: string, target: string): string {
  return path.posix.relative(normalizePath(root), normalizePath(target));
}

/** Names already used in a folder, compared case-insensitively and in NFC (as macOS and Windows do). */
export class TakenNames {
  private readonly names = new Set<string>();

  constructor(names: Iterable<string> = []) {
    for (const n of names) this.add(n);
  }

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase();
  }

  has(name: string): boolean {
    return this.names.has(TakenNames.key(name));
  }

  add(name: string): void {
    this.names.add(TakenNames.key(name));
  }
}

export interface NameInput {
  readonly pattern: string;
  readonly prompt: string;
  readonly date: Date;
  /** 0-based index of the image in its generation; `{index}` is 1-based. */
  readonly index: number;
  readonly preset?: Preset;
  readonly model?: string;
}

/** The base name (no extension) the naming pattern gives for one image. */
export function baseNameFor(o: NameInput): string {
  return applyNamingPattern(o.pattern, {
    slug: slugFromPrompt(o.prompt), date: o.date, index: o.index + 1,
    ...(o.preset !== undefined ? { preset: o.preset } : {}), ...(o.model !== undefined ? { model: o.model } : {}),
  });
}

export function extensionFor(format: ImageFormat): string {
  return extensionForFormat(format);
}

/**
 * The first free `<base>.<ext>`, `<base>-2.<ext>`… whose image and sidecar (`.json`) names are both unused;
 * the chosen names are then marked taken, so several images of one save never collide.
 */
export async function chooseFreeName(base: string, ext: string, taken: TakenNames): Promise<string> {
  const name = await nextFreeName(base, ext, (n) => taken.has(n) || taken.has(`${n}.json`));
  taken.add(name);
  taken.add(`${name}.json`);
  return name;
}

/** The base name a copy-files destination gives (`images/hero.png` → `hero`), without an image extension. */
export function stripImageExtension(name: string): string {
  return formatFromFileName(name) === undefined ? name : name.slice(0, name.lastIndexOf('.'));
}

export interface SidecarContext {
  /** Workspace-relative path of the markdown document the image illustrates, and its heading. */
  readonly source?: { readonly document: string; readonly heading?: string };
  /** Maps a recorded reference/mask/markup/parent location to a workspace-relative path, or undefined when it is not in the workspace. */
  readonly location?: (recorded: string) => string | undefined;
  /** The asset manifest entry the image is built for. */
  readonly manifest?: { readonly entry: string; readonly specHash: string };
}

const safe = (p: string | undefined): string | undefined => (p !== undefined && isSafeSidecarPath(p) ? p : undefined);

/** The sidecar of one image of a generation; throws (before anything is written) if a field is invalid. */
export function sidecarFor(record: GenerationRecord, image: StoredImage, ctx: SidecarContext = {}): Sidecar {
  const where = (p: string | undefined) => safe(p === undefined ? undefined : ctx.location ? ctx.location(p) : p);
  const r = record.request;
  const references = (r.references ?? []).map((x) => where(x.source)).filter((x): x is string => x !== undefined);
  const mask = where(r.mask?.source);
  const markup = where(r.markup?.source);
  const parentFile = where(record.context?.parent?.file);
  const parent = parentFile !== undefined && record.context?.parent ? { file: parentFile, sha256: record.context.parent.sha256 } : undefined;
  const language = record.context?.language;
  const source = ctx.source ?? (record.context?.document !== undefined
    ? { document: record.context.document, ...(record.context.heading !== undefined ? { heading: record.context.heading } : {}) }
    : undefined);
  const document = source ? safe(source.document) : undefined;
  const heading = source?.heading !== undefined ? [...source.heading].slice(0, SIDECAR_LIMITS.heading).join('') : undefined;
  const count = Math.max(1, record.images.length);
  return buildSidecar({
    request: {
      prompt: r.prompt, provider: r.provider, model: r.model, size: r.size, quality: r.quality, background: r.background,
      outputFormat: r.outputFormat, n: r.n,
      ...(r.preset !== undefined ? { preset: r.preset } : {}),
      ...optionalParameters(r),
    },
    image,
    ...sentOf(r.provider, r.model, r.size),
    ...(r.sizeNote !== undefined ? { sizeNote: [...r.sizeNote].slice(0, 500).join('') } : {}),
    generationId: record.id,
    createdAt: record.createdAt,
    references,
    ...(mask !== undefined ? { mask } : {}),
    ...(markup !== undefined ? { markup } : {}),
    ...(parent !== undefined ? { parent } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(document !== undefined ? { source: { document, ...(heading ? { heading } : {}) } } : {}),
    ...(ctx.manifest ? { manifest: ctx.manifest } : {}),
    ...(record.usage !== undefined ? { usage: record.usage } : {}),
    costUsd: record.costUsd === null ? null : Math.round((record.costUsd / count) * 1e6) / 1e6,
    ...watermarkOf(r.provider, r.model),
  });
}

/** Gemini's aspect ratio and resolution as its request carried them; nothing where `size` is what was sent. */
function sentOf(provider: string, model: string, size: string): { sent?: { aspectRatio?: string; resolution?: string } } {
  const s = sentSizeOf(provider, model, size);
  if (s.aspectRatio === undefined) return {};
  return { sent: { aspectRatio: s.aspectRatio, ...(s.resolution !== undefined ? { resolution: s.resolution } : {}) } };
}

/** The watermark the record's provider declares for its model, when this version knows the provider. */
function watermarkOf(provider: string, model: string): { watermark?: Watermark } {
  if (!providers.has(provider)) return {};
  const w = providers.get(provider).watermark?.(model);
  return w ? { watermark: w } : {};
}
