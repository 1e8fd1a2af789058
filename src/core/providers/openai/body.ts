// Reading an OpenAI images answer from its raw body: JSON with base64 images decoded as the bytes arrive.
import { PixelsmithError } from '../../errors';
import { Base64JsonScanner, TruncatedJsonError } from '../b64json';
import { cancelled } from '../retry';

/** The answer parsed; the `b64_json` values were replaced by `{"$blob": i}` markers (see blobOf). */
export interface JsonBody {
  readonly value: unknown;
  readonly blobs: readonly Buffer[];
}

/** A body that stopped being usable: the images that had fully arrived, and why the rest did not. */
export interface CutBody {
  readonly cut: PixelsmithError;
  readonly blobs: readonly Buffer[];
}

export interface JsonBodyOptions {
  readonly label: string;
  readonly signal: AbortSignal;
  readonly requestId: string | undefined;
  /** Most bytes of JSON text besides the images. */
  readonly maxTextBytes: number;
}

/**
 * The whole body read and parsed. A body that stops after images fully arrived gives them back with the reason
 * (CutBody) — a cancel too, since those images were paid for; the caller throws when no image came. Every error here
 * is non-retryable.
 */
export async function readJsonBody(body: AsyncIterable<Uint8Array>, o: JsonBodyOptions): Promise<JsonBody | CutBody> {
  const scanner = new Base64JsonScanner();
  const cut = (e: PixelsmithError): CutBody => ({ cut: e, blobs: scanner.completedBlobs });
  try {
    for await (const chunk of body) {
      scanner.write(chunk);
      if (scanner.textBytes > o.maxTextBytes) {
        return cut(new PixelsmithError('server', `${o.label} sent more text besides its images than an image answer holds (over ${o.maxTextBytes} bytes); it was refused.`, {
          retryable: false, ...(o.requestId ? { requestId: o.requestId } : {}),
        }));
      }
    }
  } catch (e) {
    if (o.signal.aborted) return cut(cancelled());
    return cut(e instanceof PixelsmithError ? e : incomplete(o.label, (e as Error).message, o.requestId, e));
  }
  // A cancel that came after the last byte changes nothing: the whole answer is here.
  let scanned;
  try {
    scanned = scanner.end();
  } catch (e) {
    if (o.signal.aborted) return cut(cancelled());
    if (e instanceof TruncatedJsonError) return cut(incomplete(o.label, e.message, o.requestId, e));
    throw e;
  }
  try {
    return { value: JSON.parse(scanned.text), blobs: scanned.blobs };
  } catch (e) {
    return cut(new PixelsmithError('server', `${o.label} sent an answer that is not valid JSON: ${(e as Error).message}`, { retryable: false, cause: e, ...(o.requestId ? { requestId: o.requestId } : {}) }));
  }
}

/** A body cut short: it may have been billed, so it is not retried; images that fully arrived before are kept. */
export function incomplete(label: string, detail: string, requestId: string | undefined, cause?: unknown): PixelsmithError {
  return new PixelsmithError('server', `${label} stopped before the whole answer arrived (${detail}); only images that had fully arrived were kept.`, {
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
