// Price table for the cost estimate and the actual cost. USD; per-image prices are OpenAI's own
// "cost per image" figures (image output only), token prices are USD per 1M tokens.
//
// Sources: https://platform.openai.com/docs/pricing (token prices) and
// https://platform.openai.com/docs/guides/image-generation (cost per image by quality and size).
// gpt-image-2 figures as published at its launch (2026-04-21) and unchanged as of 2026-05-06;
// compiled without live access to those pages, so verify before relying on them for budgets.
// Azure OpenAI and fal.ai pass OpenAI's token rates through for these models; the offline provider is free.
// gpt-image-2.5 and 2.6 (checked 2026-12-01): OpenAI's model pages publish token rates only, no cost per image, so
// their estimate is unknown while the actual cost is still read from the usage. chatgpt-image-latest has no price.
// gpt-image-1 is retired (2026-10-23) and left out: records keep the cost they were saved with.

export type PricedQuality = 'low' | 'medium' | 'high';
/** square = 1024x1024, landscape = 1536x1024, portrait = 1024x1536. */
export type SizeClass = 'square' | 'landscape' | 'portrait';

export interface TokenPrices {
  /** USD per 1M text input tokens (the prompt). */
  readonly textInput: number;
  /** USD per 1M image input tokens (reference images, mask). */
  readonly imageInput: number;
  /** USD per 1M image output tokens. */
  readonly imageOutput: number;
  /** USD per 1M text output tokens, for models that report them. */
  readonly textOutput?: number;
}

export interface ModelPrice {
  /** Where the numbers come from (URL). */
  readonly source: string;
  /** When they were last checked, YYYY-MM-DD. */
  readonly asOf: string;
  /** USD per output image at the three standard sizes; null where only token rates are published. */
  readonly perImage: Readonly<Record<PricedQuality, Readonly<Record<SizeClass, number>>>> | null;
  /** USD per output image at exact WIDTHxHEIGHT sizes, where the provider prices by size tier (Gemini); before `perImage`. */
  readonly bySize?: Readonly<Record<string, number>>;
  readonly tokens: TokenPrices;
}

const OPENAI_PRICING = 'https://platform.openai.com/docs/pricing';

/** gpt-image-2.5 and 2.6: gpt-image-2's token rates, as their model pages state; no cost per image published. */
function tokenOnly(page: string): ModelPrice {
  return { source: `https://developers.openai.com/api/docs/models/${page}`, asOf: '2026-12-01', perImage: null, tokens: { textInput: 5, imageInput: 8, imageOutput: 30 } };
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-image-2': {
    source: OPENAI_PRICING,
    asOf: '2026-05-06',
    // Non-square outputs really are cheaper than square ones for this model.
    perImage: {
      low: { square: 0.006, landscape: 0.005, portrait: 0.005 },
      medium: { square: 0.053, landscape: 0.041, portrait: 0.041 },
      high: { square: 0.211, landscape: 0.165, portrait: 0.165 },
    },
    tokens: { textInput: 5, imageInput: 8, imageOutput: 30, textOutput: 10 },
  },
  'gpt-image-1.5': {
    source: OPENAI_PRICING,
    asOf: '2026-05-06',
    perImage: {
      low: { square: 0.009, landscape: 0.013, portrait: 0.013 },
      medium: { square: 0.034, landscape: 0.05, portrait: 0.05 },
      high: { square: 0.133, landscape: 0.2, portrait: 0.2 },
    },
    tokens: { textInput: 5, imageInput: 8, imageOutput: 32, textOutput: 10 },
  },
  'gpt-image-1-mini': {
    source: OPENAI_PRICING,
    asOf: '2026-05-06',
    perImage: {
      low: { square: 0.005, landscape: 0.006, portrait: 0.006 },
      medium: { square: 0.011, landscape: 0.015, portrait: 0.015 },
      high: { square: 0.036, landscape: 0.052, portrait: 0.052 },
    },
    tokens: { textInput: 2, imageInput: 2.5, imageOutput: 8 },
  },
  'gpt-image-2.5-sunburst': tokenOnly('gpt-image-2.5-sunburst'),
  'gpt-image-2.5-flare': tokenOnly('gpt-image-2.5-flare'),
  'gpt-image-2.6-sunburst': tokenOnly('gpt-image-2.6-sunburst'),
  'gpt-image-2.6-flare': tokenOnly('gpt-image-2.6-flare'),
};

const ZERO_BY_SIZE: Readonly<Record<SizeClass, number>> = { square: 0, landscape: 0, portrait: 0 };

/** The offline placeholder provider: no network, no cost. */
export const OFFLINE_PRICE: ModelPrice = {
  source: 'offline placeholder (no provider is called)',
  asOf: '2026-05-06',
  perImage: { low: ZERO_BY_SIZE, medium: ZERO_BY_SIZE, high: ZERO_BY_SIZE },
  tokens: { textInput: 0, imageInput: 0, imageOutput: 0, textOutput: 0 },
};
