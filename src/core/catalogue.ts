// The model catalogue: every provider's models, and what a provider serves. Plain data, safe to bundle into the webviews.
// The shared limits and option lists live in modelSpec.ts; each provider declares its models in its own folder.
import type { ModelInfo } from './modelSpec';
import type { ModelPrice } from './prices';
import { providers, type ProviderId } from './providers/registry';
import { GPT_IMAGE_2, RETIRED_MODELS, type RetiredModel } from './providers/openai/models';
import { BACKGROUNDS, FORMATS, PRODUCT_MAX_N, QUALITIES } from './modelSpec';

export * from './modelSpec';
export type { RetiredModel } from './providers/openai/models';
export { RETIRED_MODELS } from './providers/openai/models';

/** Every model some provider serves, once each, in registry order. */
export const MODELS: readonly ModelInfo[] = [...new Map(providers.all.flatMap((p) => p.models).map((m) => [m.id, m])).values()];

export const DEFAULT_MODEL = 'gpt-image-2';

function findIn<T extends { readonly id: string }>(list: readonly T[], id: string): T | undefined {
  const key = id.trim().toLowerCase();
  // Dated snapshots (gpt-image-2-2026-04-21) behave like their model.
  const base = key.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return list.find((m) => m.id === key) ?? list.find((m) => m.id === base);
}

function findKnown(id: string): ModelInfo | undefined {
  return findIn(MODELS, id);
}

/** The retirement of a model id (or one of its dated snapshots); undefined for a model still served or unknown. */
export function retiredModel(id: string): RetiredModel | undefined {
  return findIn(RETIRED_MODELS, id);
}

export function isKnownModel(id: string): boolean {
  return findKnown(id) !== undefined;
}

/**
 * The catalogue entry for a model id. An unknown id is allowed: it gets gpt-image-2's rules,
 * every provider, no price, and all qualities, backgrounds and formats (we cannot know its limits, so the API decides).
 */
export function getModel(id: string): ModelInfo {
  const known = findKnown(id);
  if (known) return known;
  return { ...GPT_IMAGE_2, id, label: id, known: false, qualities: QUALITIES, backgrounds: BACKGROUNDS, formats: FORMATS, supportsComplexity: true, supportsMarkup: true, price: null };
}

export function modelsFor(provider: ProviderId): readonly ModelInfo[] {
  return providers.get(provider).models;
}

/** The providers that serve a model id; every provider for an id the catalogue does not know. */
export function providersOf(model: ModelInfo): readonly ProviderId[] {
  return model.known ? providers.serving(model.id) : providers.ids;
}

export function isProviderId(value: unknown): value is ProviderId {
  return providers.has(value);
}

/** Images one call may ask for: the smallest of the model's, the provider's and the product's limits. */
export function maxPerCall(provider: ProviderId, model: string): number {
  const providerLimit = providers.get(provider).capabilities.maxPerCall ?? Number.POSITIVE_INFINITY;
  return Math.min(getModel(model).maxImagesPerCall, providerLimit, PRODUCT_MAX_N);
}

export function supportsStreaming(provider: ProviderId): boolean {
  return providers.get(provider).capabilities.streaming;
}

/** The price that applies to a model on a provider; null when unknown. */
export function priceFor(provider: ProviderId, model: string): ModelPrice | null {
  return providers.get(provider).price(getModel(model));
}

/** Thousands separators without Intl, so messages read the same everywhere. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How a person reads the sizes a model accepts, for error messages and tooltips. */
export function describeAllowedSizes(model: ModelInfo): string {
  const rules = model.customSizes;
  if (!rules) return model.sizes.join(', ');
  return (
    `${model.sizes.join(', ')}, or WIDTHxHEIGHT with edges multiple of ${rules.multiple}${rules.minEdge !== undefined ? ` and at least ${rules.minEdge}` : ''}, ` +
    `longer edge ≤ ${rules.maxEdge}, aspect ratio ≤ ${rules.maxAspect}:1, ` +
    `${groupDigits(rules.minPixels)}–${groupDigits(rules.maxPixels)} pixels`
  );
}
