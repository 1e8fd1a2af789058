// Bounded retries for rate limits and server errors; timeouts and cancels are never retried.
import { PixelsmithError } from '../errors';
import { RetryableHttpError } from './translate';

export interface RetryOptions {
  readonly maxRetries: number;
  readonly signal: AbortSignal;
  /** Base backoff in ms (doubles each attempt, with jitter); retry-after wins when the provider sends it. */
  readonly baseDelayMs?: number;
  /** Longest wait we accept from retry-after before giving up, in seconds. */
  readonly maxWaitSeconds?: number;
  readonly onRetry?: (attempt: number, waitMs: number, error: PixelsmithError) => void;
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const base = o.baseDelayMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!(e instanceof PixelsmithError) || !e.retryable || attempt >= o.maxRetries || o.signal.aborted) throw e;
      const ra = e instanceof RetryableHttpError ? e.retryAfterSeconds : undefined;
      if (ra !== undefined && ra > (o.maxWaitSeconds ?? 60)) throw e;
      const waitMs = ra !== undefined ? ra * 1000 : base * 2 ** attempt * (0.75 + Math.random() * 0.5);
      o.onRetry?.(attempt + 1, waitMs, e);
      await sleep(waitMs, o.signal);
    }
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(cancelled()); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelled(): PixelsmithError {
  return new PixelsmithError('cancelled', 'Generation cancelled.', { retryable: false });
}
