// Parses the arguments of `pixelsmith.generate` from keybindings, tasks, other extensions and agents.
// Locations (references, mask, folder) stay opaque here; the command layer turns them into files.
import { ValidationError } from './errors';
import { PRESETS, type Background, type ImageFormat, type Preset, type Quality } from './types';

/** A file location as given: a vscode.Uri (kept as is) or a string (URI, absolute path or workspace-relative path). */
export type Location = string | { readonly scheme: string; readonly path: string };

export interface GenerateArgs {
  readonly prompt: string;
  readonly n?: number;
  readonly frames?: number;
  readonly size?: string;
  readonly quality?: Quality;
  readonly background?: Background;
  readonly outputFormat?: ImageFormat;
  readonly outputCompression?: number;
  readonly model?: string;
  readonly provider?: string;
  readonly preset?: Preset;
  readonly partialImages?: number;
  readonly references?: readonly Location[];
  readonly mask?: Location;
  /** Which images to save into the workspace: none (default), all, or 0-based indices. */
  readonly save: 'none' | 'all' | readonly number[];
  readonly folder?: Location;
  /** Skip the cost confirmation (for callers that confirm themselves). */
  readonly skipCostConfirmation?: boolean;
}

const KNOWN = new Set(['prompt', 'n', 'frames', 'size', 'quality', 'background', 'outputFormat', 'outputCompression', 'model', 'provider',
  'preset', 'partialImages', 'references', 'mask', 'save', 'folder', 'skipCostConfirmation']);

export function parseGenerateArgs(raw: unknown): GenerateArgs {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.generate takes one object argument, e.g. { prompt: "a red fox", n: 2 }.');
  }
  const a = raw as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new ValidationError(unknown[0]!, `Unknown argument "${unknown[0]}". Allowed: ${[...KNOWN].join(', ')}.`, { allowed: [...KNOWN] });
  if (typeof a.prompt !== 'string') throw new ValidationError('prompt', 'prompt is required and must be a string.');
  const str = (k: string) => { if (a[k] !== undefined && typeof a[k] !== 'string') throw new ValidationError(k, `${k} must be a string.`); return a[k] as string | undefined; };
  const num = (k: string) => { if (a[k] !== undefined && typeof a[k] !== 'number') throw new ValidationError(k, `${k} must be a number.`); return a[k] as number | undefined; };
  const loc = (k: string, v: unknown): Location => {
    if (typeof v === 'string' && v.length > 0) return v;
    if (v && typeof v === 'object' && typeof (v as { scheme?: unknown }).scheme === 'string' && typeof (v as { path?: unknown }).path === 'string') return v as Location;
    throw new ValidationError(k, `${k} must be a vscode.Uri or a path string.`);
  };
  if (a.references !== undefined && !Array.isArray(a.references)) throw new ValidationError('references', 'references must be an array of vscode.Uri or path strings.');
  const save = parseSave(a.save);
  const preset = str('preset');
  if (preset !== undefined && !PRESETS.includes(preset as Preset)) throw new ValidationError('preset', `preset "${preset}" is not known. Allowed: ${PRESETS.join(', ')}.`, { allowed: PRESETS });
  const out: Record<string, unknown> = {
    prompt: a.prompt, save, n: num('n'), frames: num('frames'), size: str('size'), quality: str('quality'), background: str('background'),
    outputFormat: str('outputFormat'), outputCompression: num('outputCompression'), model: str('model'), provider: str('provider'),
    preset, partialImages: num('partialImages'),
    references: (a.references as unknown[] | undefined)?.map((r, i) => loc(`references[${i}]`, r)),
    mask: a.mask === undefined ? undefined : loc('mask', a.mask),
    folder: a.folder === undefined ? undefined : loc('folder', a.folder),
    skipCostConfirmation: a.skipCostConfirmation === true,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as GenerateArgs;
}

function parseSave(v: unknown): GenerateArgs['save'] {
  if (v === undefined || v === 'none') return 'none';
  if (v === 'all') return 'all';
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0)) return v as number[];
  throw new ValidationError('save', `save ${JSON.stringify(v)} is not valid. Allowed: "none", "all", or an array of 0-based image indices.`, { allowed: ['none', 'all', 'number[]'] });
}

/** The model the Icon preset switches to when the chosen one cannot make transparent backgrounds (gpt-image-2 cannot since 2026-09-30). */
export const TRANSPARENT_FALLBACK_MODEL = 'gpt-image-2.5-sunburst';

/** Defaults a preset fills in, before the user's own arguments. */
export function presetDefaults(preset: Preset | undefined): Partial<Pick<GenerateArgs, 'size' | 'quality' | 'background' | 'outputFormat'>> {
  switch (preset) {
    case 'icon': return { size: '1024x1024', background: 'transparent', outputFormat: 'png' };
    case 'mockup': return { size: '1536x1024', quality: 'high' };
    case 'illustration': return { size: '1536x1024' };
    case 'sequence': return { size: '1024x1024' };
    default: return {};
  }
}
