// From automation arguments to a full ImageRequest: the preset's defaults, then the user's settings, then what the
// caller gave. The sources of settings, providers and files are injected, so this runs without `vscode`.
import type { GenerateArgs } from '../core/generateArgs';
import type { Location } from '../core/params';
import { TRANSPARENT_FALLBACK_MODEL, presetDefaults } from '../core/presetPolicy';
import { getModel } from '../core/catalogue';
import { resolveSizeIntent } from '../core/sizes';
import { optionalParameters } from '../core/sidecar';
import type { ImageFormat, ImageInput, ImageRequest, ProviderId, Quality } from '../core/types';

export interface RequestDefaults {
  readonly model: string;
  readonly quality: Quality;
  readonly outputFormat: ImageFormat;
}

export interface RequestSources {
  readonly defaults: () => RequestDefaults;
  /** The provider to use: the one asked for, else the configured one (checked to exist). */
  readonly resolveProvider: (asked: string | undefined) => Promise<ProviderId>;
  /** Reads a reference, mask or markup given as a location; errors name `field`. */
  readonly readImage: (location: Location, field: string) => Promise<ImageInput>;
}

export async function requestFromArgs(a: Omit<GenerateArgs, 'save'>, src: RequestSources): Promise<ImageRequest> {
  const d: { -readonly [K in keyof ReturnType<typeof presetDefaults>]: ReturnType<typeof presetDefaults>[K] } = { ...presetDefaults(a.preset) };
  const defaults = src.defaults();
  let model = a.model ?? defaults.model;
  // A preset that asks for transparency switches to a model that can make it, unless the caller chose the model.
  if (d.background === 'transparent' && !a.background && !getModel(model).backgrounds.includes('transparent')) {
    if (a.model) delete d.background; else model = TRANSPARENT_FALLBACK_MODEL;
  }
  const references = a.references ? await Promise.all(a.references.map((r, i) => src.readImage(r, `references[${i}]`))) : undefined;
  const mask = a.mask ? await src.readImage(a.mask, 'mask') : undefined;
  // size, or aspectRatio (+ resolution), in the chosen model's own size language.
  const sized = resolveSizeIntent({
    ...(a.size !== undefined ? { size: a.size } : {}), ...(a.aspectRatio !== undefined ? { aspectRatio: a.aspectRatio } : {}),
    ...(a.resolution !== undefined ? { resolution: a.resolution } : {}),
  }, getModel(model));
  const markup = a.markup ? await src.readImage(a.markup, 'markup') : undefined;
  return {
    prompt: a.prompt,
    provider: await src.resolveProvider(a.provider),
    model,
    n: a.n ?? 1,
    size: sized?.size ?? d.size ?? 'auto',
    ...(sized?.note ? { sizeNote: sized.note } : {}),
    quality: a.quality ?? d.quality ?? defaults.quality,
    background: a.background ?? d.background ?? 'auto',
    outputFormat: a.outputFormat ?? d.outputFormat ?? defaults.outputFormat,
    ...optionalParameters(a),
    ...(a.preset ? { preset: a.preset } : {}),
    ...(a.partialImages !== undefined ? { partialImages: a.partialImages } : {}),
    ...(references ? { references } : {}),
    ...(mask ? { mask } : {}),
    ...(markup ? { markup } : {}),
  };
}
