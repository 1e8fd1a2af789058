// What every provider's batch API offers a manifest build, in one shape: submit text-to-image requests, check the
// batch, read an ended batch's results (one outcome per line), cancel. OpenAI (openaiClient) and Gemini (geminiClient)
// implement it; services/batchBuild stores, polls and saves without knowing which one it talks to.
import type { ImageRequest, Usage } from '../types';

/** The providers with a batch API Pixelsmith uses. */
export type BatchProvider = 'openai' | 'gemini';

/** Both batch APIs bill half the interactive price (OpenAI pricing, Batch API; Gemini Batch API guide: "50% of the standard cost"). */
export const BATCH_PRICE_FACTOR = 0.5;

/** The batch API a request can go through: a text-to-image request, one image, for OpenAI or Gemini; else none. */
export function batchProviderOf(r: ImageRequest): BatchProvider | undefined {
  if (r.references?.length || r.mask || (r.frames ?? 1) > 1) return undefined;
  if (r.provider === 'openai') return 'openai';
  // One image a generateContent call: a request for more would be several lines.
  if (r.provider === 'gemini' && r.n <= 1) return 'gemini';
  return undefined;
}

export function isBatchable(r: ImageRequest): boolean {
  return batchProviderOf(r) !== undefined;
}

/** One request of a batch; `customId` comes back on its result. */
export interface BatchLine {
  readonly customId: string;
  readonly request: ImageRequest;
}

export type LineOutcome =
  | { readonly ok: true; readonly images: readonly Uint8Array[]; readonly usage?: Usage; readonly requestId?: string }
  | { readonly ok: false; readonly error: string; readonly requestId?: string };

/** Where an ended batch's results are, as the provider said (read only by the backend that made it). */
export type BatchOutput =
  | { readonly kind: 'openai'; readonly outputFileId?: string; readonly errorFileId?: string }
  | { readonly kind: 'gemini'; readonly responsesFile?: string; readonly inlined?: readonly unknown[] };

/** A batch as the API reports it (the fields Pixelsmith reads). */
export interface RemoteBatch {
  readonly id: string;
  /** The provider's state, in its words (lower case): `in_progress`, `completed`; `pending`, `running`, `succeeded`, … */
  readonly status: string;
  /** No more results will come (completed, failed, expired or cancelled). */
  readonly ended: boolean;
  /** Errors of the batch as a whole (e.g. the input was refused while validating). */
  readonly errors?: string;
  readonly output?: BatchOutput;
}

export interface BatchBackend {
  readonly provider: BatchProvider;
  /** One batch of these lines (Gemini: all of one model). */
  submit(lines: readonly BatchLine[], label: string): Promise<RemoteBatch>;
  retrieve(id: string): Promise<RemoteBatch>;
  /** The outcome of each line of an ended batch, by custom id; lines without one never ran. */
  results(remote: RemoteBatch, customIds: readonly string[]): Promise<Map<string, LineOutcome>>;
  cancel(id: string): Promise<RemoteBatch>;
}
