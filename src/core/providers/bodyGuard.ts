// A response body read under two guards the SDK does not give: a size bound (refused as it streams, never
// buffered first) and an idle timeout (the SDK's timeout ends when the headers arrive).
import { PixelsmithError } from '../errors';

export interface BodyGuard {
  readonly label: string;
  readonly maxBytes: number;
  /** Longest pause between two pieces of the body, in ms. */
  readonly idleMs: number;
  /** Stops the transfer (aborts the request), so a stalled read returns and the connection closes. */
  readonly stop: () => void;
  readonly requestId?: string;
}

const IDLE = Symbol('idle');

/** The body's chunks as they arrive; throws a non-retryable PixelsmithError when it grows too big or stops arriving. */
export async function* guardBody(body: AsyncIterable<Uint8Array>, g: BodyGuard): AsyncGenerator<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  let received = 0;
  try {
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<typeof IDLE>((resolve) => { timer = setTimeout(() => resolve(IDLE), g.idleMs); });
      const next = chunks.next();
      let step: IteratorResult<Uint8Array> | typeof IDLE;
      try {
        step = await Promise.race([next, idle]);
      } finally {
        clearTimeout(timer);
      }
      if (step === IDLE) {
        next.catch(() => undefined); // the abort below rejects the pending read; that is expected
        g.stop();
        throw stalled(g, received);
      }
      if (step.done) return;
      received += step.value.byteLength;
      if (received > g.maxBytes) {
        g.stop();
        throw tooLarge(g);
      }
      yield step.value;
    }
  } finally {
    // Not awaited: after a stall the stream ends only once the abort has reached it.
    void chunks.return?.().catch(() => undefined);
  }
}

function stalled(g: BodyGuard, received: number): PixelsmithError {
  const seconds = Math.round(g.idleMs / 100) / 10;
  return new PixelsmithError('timeout', `${g.label} stopped sending its answer: nothing arrived for ${seconds} s after ${received} bytes. It may have been billed, so it was not retried.`, {
    retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.', ...(g.requestId ? { requestId: g.requestId } : {}),
  });
}

function tooLarge(g: BodyGuard): PixelsmithError {
  return new PixelsmithError('server', `${g.label} sent an answer larger than this request can return (over ${megabytes(g.maxBytes)} MB); it was refused.`, {
    retryable: false, ...(g.requestId ? { requestId: g.requestId } : {}),
  });
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
