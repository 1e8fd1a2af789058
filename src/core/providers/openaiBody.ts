// Reading an OpenAI images answer from its raw body: JSON with base64 images decoded as the bytes arrive.
import { PixelsmithError } from '../errors';
import { Base64JsonScanner, TruncatedJsonError } from './b64json';
import { cancelled } from './retry';

export interface JsonBody {
  readonly value: unknown;
  /** The decoded `b64_json` values; see blobOf. */
  readonly blobs: readonly Buffer[];
}

/** The whole body read and parsed; a body cut short or not JSON is a non-retryable 'server' error. */
export async function readJsonBody(body: AsyncIterable<Uint8Array>, label: string, signal: AbortSignal, requestId: string | undefined): Promise<JsonBody> {
  const scanner = new Base64JsonScanner();
  try {
    for await (const chunk of body) scanner.write(chunk);
  } catch (e) {
    if (signal.aborted) throw cancelled();
    throw incomplete(label, (e as Error).message, requestId, e);
  }
  if (signal.aborted) throw cancelled();
  let scanned;
  try {
    scanned = scanner.end();
  } catch (e) {
    if (e instanceof TruncatedJsonError) throw incomplete(label, e.message, requestId, e);
    throw e;
  }
  try {
    return { value: JSON.parse(scanned.text), blobs: scanned.blobs };
  } catch (e) {
    throw new PixelsmithError('server', `${label} sent an answer that is not valid JSON: ${(e as Error).message}`, { retryable: false, cause: e, ...(requestId ? { requestId } : {}) });
  }
}

/** A body cut short: it may have been billed, so it is not retried, and nothing in it is kept. */
export function incomplete(label: string, detail: string, requestId: string | undefined, cause?: unknown): PixelsmithError {
  return new PixelsmithError('server', `${label} stopped before the whole answer arrived (${detail}); nothing from it was kept.`, {
    retryable: false, ...(cause !== undefined ? { cause } : {}), ...(requestId ? { requestId } : {}),
  });
}

/** The bytes of a `b64_json` field: the scanner's decoded value, or a base64 string it left in the JSON. */
export function blobOf(v: unknown, blobs: readonly Buffer[]): Buffer | undefined {
  if (typeof v === 'string') return v ? Buffer.from(v, 'base64') : undefined;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const i = (v as { $blob?: unknown }).$blob;
    if (typeof i === 'number' && Object.keys(v).length === 1) return blobs[i]?.length ? blobs[i] : undefined;
  }
  return undefined;
}
