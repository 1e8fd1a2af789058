// Splits a request into provider calls: n beyond one call's limit becomes parallel calls,
// and a sequence longer than a batch becomes batches that each continue from the last frame.
import { maxPerCall, supportsStreaming } from './catalogue';
import type { ImageRequest } from './types';

/** One provider call: images [start, start + n) of the generation. */
export interface PlannedCall { readonly start: number; readonly n: number }
/** Calls in one batch run in parallel; batches run one after another. */
export interface PlannedBatch { readonly calls: readonly PlannedCall[]; readonly frames?: { from: number; to: number; total: number } }

export const PRODUCT_BATCH = 8;

export function planCalls(req: ImageRequest): PlannedBatch[] {
  const perCall = Math.max(1, maxPerCall(req.provider, req.model));
  if (req.frames !== undefined && req.frames > 1) {
    // A sequence keeps each batch in one call, so the frames in it share characters and style.
    const batchSize = Math.min(PRODUCT_BATCH, perCall);
    const batches: PlannedBatch[] = [];
    for (let start = 0; start < req.frames; start += batchSize) {
      const n = Math.min(batchSize, req.frames - start);
      batches.push({ calls: [{ start, n }], frames: { from: start + 1, to: start + n, total: req.frames } });
    }
    return batches;
  }
  // Streamed partial previews come one image per call; otherwise as many per call as allowed.
  const size = (req.partialImages ?? 0) > 0 && supportsStreaming(req.provider) ? 1 : perCall;
  const calls: PlannedCall[] = [];
  for (let start = 0; start < req.n; start += size) calls.push({ start, n: Math.min(size, req.n - start) });
  return [{ calls }];
}

/** The prompt for a batch after the first: the same prompt, told to continue from the reference frame. */
export function continuationPrompt(prompt: string, frames: { from: number; to: number; total: number }): string {
  return `${prompt}\n\nContinue the sequence: frames ${frames.from}–${frames.to} of ${frames.total}. ` +
    'The reference image is the previous frame: keep the same characters, style and setting.';
}
