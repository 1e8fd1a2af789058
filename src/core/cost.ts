// What a generation will cost (before) and did cost (after), and the running totals per workspace and month.
import { maxPerCall, priceFor } from './catalogue';
import type { ModelPrice, PricedQuality, SizeClass } from './prices';
import { tryParseSize } from './sizes';
import type { ImageRequest, ProviderId, Usage } from './types';

export interface CostEstimate {
  /** Total for the request in USD; null when the model has no known price. */
  readonly usd: number | null;
  readonly perImage: number | null;
  /** Where the price comes from (URL), null when unknown. */
  readonly source: string | null;
  readonly asOf: string | null;
  /** What the estimate assumed or left out, for people. */
  readonly note?: string;
}

type EstimateInput = Pick<ImageRequest, 'provider' | 'model' | 'n' | 'size' | 'quality' | 'prompt' | 'frames' | 'references'>;

const STANDARD: Readonly<Record<SizeClass, { width: number; height: number }>> = {
  square: { width: 1024, height: 1024 },
  landscape: { width: 1536, height: 1024 },
  portrait: { width: 1024, height: 1536 },
};

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function sizeClass(width: number, height: number): SizeClass {
  const ratio = width / height;
  if (ratio > 1.25) return 'landscape';
  if (ratio < 0.8) return 'portrait';
  return 'square';
}

/**
 * Price of one output image. Custom sizes scale the nearest standard size's price by √(pixels ratio):
 * published gpt-image-2 figures (e.g. 3840x2160 high ≈ $0.41) fit that within ~15%, while scaling by
 * pixels would overestimate 4K about fourfold.
 */
export function perImagePrice(price: ModelPrice, quality: PricedQuality, size: string): number | null {
  const table = price.perImage;
  if (!table) return null;
  const exact = price.bySize?.[size];
  if (exact !== undefined) return exact;
  const dims = tryParseSize(size);
  if (dims === null || dims === 'auto') return table[quality].square;
  const cls = sizeClass(dims.width, dims.height);
  const base = STANDARD[cls];
  if (dims.width === base.width && dims.height === base.height) return table[quality][cls];
  return round6(table[quality][cls] * Math.sqrt((dims.width * dims.height) / (base.width * base.height)));
}

function isPricedQuality(q: string): q is PricedQuality {
  return q === 'low' || q === 'medium' || q === 'high';
}

// A rough token count for the prompt: about four UTF-8 bytes per token.
function promptTokens(prompt: string): number {
  return Math.ceil(new TextEncoder().encode(prompt).length / 4);
}

export function estimateCost(req: EstimateInput): CostEstimate {
  const price = priceFor(req.provider, req.model);
  if (!price) {
    return { usd: null, perImage: null, source: null, asOf: null, note: `No known price for model "${req.model}".` };
  }
  const quality = req.quality === 'auto' ? 'medium' : req.quality;
  if (!price.perImage || !isPricedQuality(quality)) {
    const what = price.perImage ? `quality ${quality}` : `model "${req.model}"`;
    return { usd: null, perImage: null, source: price.source, asOf: price.asOf, note: `No published price per image for ${what}; the actual cost is read from the usage.` };
  }
  const perImage = perImagePrice(price, quality, req.size) ?? 0;
  const count = req.frames ?? req.n;
  const calls = Math.ceil(count / Math.max(1, maxPerCall(req.provider, req.model)));
  const promptUsd = (promptTokens(req.prompt) * price.tokens.textInput * calls) / 1e6;
  const notes: string[] = [];
  if (req.quality === 'auto') notes.push('quality auto estimated as medium');
  if (req.size.trim().toLowerCase() === 'auto') notes.push('size auto estimated as 1024x1024');
  const refs = req.references?.length ?? 0;
  if (refs > 0 && price.tokens.imageInput > 0) notes.push(`reference image input (${refs}) not included`);
  return {
    usd: round6(perImage * count + promptUsd),
    perImage,
    source: price.source,
    asOf: price.asOf,
    ...(notes.length > 0 ? { note: `${notes.join('; ')}.` } : {}),
  };
}

/** What a call cost from the usage the provider reported; null when the model's price or the output tokens are unknown. */
export function actualCost(model: string, usage: Usage, provider: ProviderId = 'openai'): number | null {
  const price = priceFor(provider, model);
  if (!price) return null;
  if (provider === 'offline') return 0;
  const out = usage.outputTokens ?? (usage.outputImageTokens !== undefined ? usage.outputImageTokens + (usage.outputTextTokens ?? 0) : undefined);
  if (out === undefined) return null;
  const imageIn = usage.inputImageTokens ?? 0;
  const textIn = usage.inputTextTokens ?? Math.max(0, (usage.inputTokens ?? 0) - imageIn);
  const textOut = usage.outputTextTokens ?? 0;
  const imageOut = usage.outputImageTokens ?? Math.max(0, out - textOut);
  const t = price.tokens;
  return round6((textIn * t.textInput + imageIn * t.imageInput + imageOut * t.imageOutput + textOut * (t.textOutput ?? t.imageOutput)) / 1e6);
}

/** `$0.053`, `$1.20`, `$1,234.50`; `unknown` for null. */
export function formatUsd(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return 'unknown';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const decimals = abs === 0 || abs >= 1 ? 2 : abs >= 0.01 ? 3 : 4;
  const [whole = '0', frac = ''] = abs.toFixed(decimals).split('.');
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** Spend per workspace folder, month (UTC, as providers bill) and provider, in USD. */
export interface CostLedger {
  readonly version: 2;
  /** workspace key → 'YYYY-MM' → provider id → USD */
  readonly totals: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
}

export interface LedgerEntry {
  readonly workspace: string;
  readonly month: string;
  readonly provider: string;
  readonly usd: number;
}

/** The ledger summed along each of its axes. */
export interface SpendBreakdown {
  readonly byMonth: Record<string, number>;
  readonly byWorkspace: Record<string, number>;
  readonly byProvider: Record<string, number>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A ledger month: `YYYY-MM`. */
export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

export function emptyLedger(): CostLedger {
  return { version: 2, totals: {} };
}

export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

function own<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A new ledger with `usd` added; the input is not changed. */
export function addToLedger(ledger: CostLedger, entry: LedgerEntry): CostLedger {
  if (!MONTH.test(entry.month)) throw new RangeError(`month "${entry.month}": expected YYYY-MM`);
  if (!Number.isFinite(entry.usd) || entry.usd < 0) throw new RangeError(`usd ${entry.usd}: expected a finite amount ≥ 0`);
  const months = own(ledger.totals, entry.workspace) ?? {};
  const providers = own(months, entry.month) ?? {};
  const total = round6((own(providers, entry.provider) ?? 0) + entry.usd);
  return {
    version: 2,
    totals: { ...ledger.totals, [entry.workspace]: { ...months, [entry.month]: { ...providers, [entry.provider]: total } } },
  };
}

/** Sum over a workspace, a month and/or a provider; none given sums everything. */
export function ledgerTotal(ledger: CostLedger, filter: { workspace?: string; month?: string; provider?: string } = {}): number {
  let sum = 0;
  forEachEntry(ledger, (e) => {
    if ((filter.workspace === undefined || e.workspace === filter.workspace) && (filter.month === undefined || e.month === filter.month)
      && (filter.provider === undefined || e.provider === filter.provider)) sum += e.usd;
  });
  return round6(sum);
}

/** Totals by month, by workspace and by provider (each sums to the whole ledger). */
export function ledgerBreakdown(ledger: CostLedger): SpendBreakdown {
  // Null-prototype maps: workspace keys are folder paths and may be anything, `__proto__` included.
  const byMonth = Object.create(null) as Record<string, number>;
  const byWorkspace = Object.create(null) as Record<string, number>;
  const byProvider = Object.create(null) as Record<string, number>;
  const add = (m: Record<string, number>, k: string, usd: number) => { m[k] = round6((m[k] ?? 0) + usd); };
  forEachEntry(ledger, (e) => { add(byMonth, e.month, e.usd); add(byWorkspace, e.workspace, e.usd); add(byProvider, e.provider, e.usd); });
  return { byMonth: { ...byMonth }, byWorkspace: { ...byWorkspace }, byProvider: { ...byProvider } };
}

function forEachEntry(ledger: CostLedger, visit: (e: LedgerEntry) => void): void {
  for (const [workspace, months] of Object.entries(ledger.totals)) {
    for (const [month, providers] of Object.entries(months)) {
      for (const [provider, usd] of Object.entries(providers)) visit({ workspace, month, provider, usd });
    }
  }
}
