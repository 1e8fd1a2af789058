// OpenAI and Azure OpenAI through the official `openai` SDK: generate, edit, and streamed partial images.
import { openaiFormatParams } from './formatParams';
import type OpenAI from 'openai';
import { afterAnswer, PixelsmithError } from '../../errors';
import type { ImageProvider, ProviderCall, ProviderId, ProviderImage, ProviderResult, Usage } from '../../types';
import { answerLimits, MAX_REVISED_PROMPT_CHARS } from '../answerLimits';
import { guardBody } from '../bodyGuard';
import { blobOf, incomplete, readJsonBody } from './body';
import { translateSdkError, type SdkErrorClasses } from './errors';
import { cancelled } from '../retry';
import { readSse } from '../sse';

export interface OpenAIConfig {
  readonly apiKey: string;
  /** Empty: the SDK's default (OPENAI_BASE_URL, else api.openai.com). */
  readonly baseURL?: string;
  readonly organization?: string;
  /** Until the headers arrive (the SDK's timeout), and then the longest pause in the body. */
  readonly timeoutMs: number;
}

export interface AzureConfig {
  readonly endpoint: string;
  readonly deployment: string;
  readonly apiVersion: string;
  readonly apiKey?: string;
  /** Microsoft Entra ID token provider, used when there is no API key. */
  readonly getToken?: () => Promise<string>;
  readonly timeoutMs: number;
}

export async function createOpenAIProvider(c: OpenAIConfig): Promise<ImageProvider> {
  const sdk = await import('openai');
  const client = new sdk.default({
    apiKey: c.apiKey, maxRetries: 0, timeout: c.timeoutMs,
    ...(c.baseURL ? { baseURL: c.baseURL } : {}), ...(c.organization ? { organization: c.organization } : {}),
  });
  return new OpenAIImageProvider('openai', client, sdk, c.timeoutMs);
}

export async function createAzureProvider(c: AzureConfig): Promise<ImageProvider> {
  if (!c.endpoint) throw new PixelsmithError('config', 'Azure OpenAI needs an endpoint: set pixelsmith.azure.endpoint in your user settings.', { field: 'pixelsmith.azure.endpoint' });
  const sdk = await import('openai');
  const auth = c.apiKey ? { apiKey: c.apiKey } : c.getToken ? { azureADTokenProvider: c.getToken } : undefined;
  if (!auth) throw new PixelsmithError('auth', 'No Azure OpenAI key.', { hint: 'Run "Pixelsmith: Set API Key…" or choose Entra ID authentication.' });
  const client = new sdk.AzureOpenAI({ endpoint: c.endpoint, deployment: c.deployment, apiVersion: c.apiVersion, maxRetries: 0, timeout: c.timeoutMs, ...auth });
  return new OpenAIImageProvider('azure', client, sdk, c.timeoutMs);
}

type StreamEvent = OpenAI.Images.ImageGenStreamEvent | OpenAI.Images.ImageEditStreamEvent;

/** What one answer delivered: the images that fully arrived and, when the body failed after them, why the rest did not. */
interface Answer { readonly images: ProviderImage[]; readonly usage?: Usage; readonly cut?: PixelsmithError }

class OpenAIImageProvider implements ImageProvider {
  constructor(readonly id: ProviderId, private readonly client: OpenAI, private readonly sdk: SdkErrorClasses, private readonly idleMs: number) {}

  async call(call: ProviderCall): Promise<ProviderResult> {
    const r = call.request;
    const stream = (r.partialImages ?? 0) > 0 && call.n === 1;
    const common = {
      model: r.model, prompt: r.prompt, n: call.n, size: r.size, quality: r.quality, background: r.background,
      ...openaiFormatParams(r),
      ...(stream ? { stream: true as const, partial_images: r.partialImages } : {}),
    };
    // Our own controller, so a body that grows too big or stalls can be stopped; a cancel from the caller stops it too.
    const transfer = new AbortController();
    const onCancel = () => transfer.abort();
    call.signal.addEventListener('abort', onCancel, { once: true });
    if (call.signal.aborted) transfer.abort();
    const opts = { signal: transfer.signal };
    let answered = false;
    try {
      let pending;
      if (r.references?.length) {
        const { toFile } = await import('openai');
        const image = await Promise.all(r.references.map((f) => toFile(f.bytes, f.name, { type: f.mimeType })));
        const mask = r.mask ? await toFile(r.mask.bytes, r.mask.name, { type: r.mask.mimeType }) : undefined;
        // `markup`: a transparent PNG overlaid on the first image (openai 7.59.0 ImageEditParams.markup; never with a mask).
        const markup = r.markup ? await toFile(r.markup.bytes, r.markup.name, { type: r.markup.mimeType }) : undefined;
        const body = { ...common, image, ...(mask ? { mask } : {}), ...(markup ? { markup } : {}) } as OpenAI.Images.ImageEditParams;
        pending = this.client.images.edit(body, opts);
      } else {
        pending = this.client.images.generate(common as OpenAI.Images.ImageGenerateParams, opts);
      }
      // The raw body, read by our own linear readers that decode the base64 images as the bytes arrive
      // (HTTP errors, auth, base URL and request ids are still the SDK's).
      const res = await pending.asResponse();
      answered = true;
      const requestId = res.headers.get('x-request-id') ?? undefined;
      if (!res.body) throw new PixelsmithError('server', `${this.label()} answered without a body.`, { retryable: false, ...(requestId ? { requestId } : {}) });
      const limits = answerLimits(r, call.n);
      const body = guardBody(res.body as unknown as AsyncIterable<Uint8Array>, {
        label: this.label(), maxBytes: limits.bodyBytes, idleMs: this.idleMs, stop: () => transfer.abort(), ...(requestId ? { requestId } : {}),
      });
      // Gateways may answer a streamed request with plain JSON (and the reverse): the content type decides, not what was asked.
      const answer = isEventStream(res.headers.get('content-type'))
        ? await this.readStream(body, call, requestId)
        : await this.readJson(body, call, requestId, limits.textBytes);
      return toResult(answer, call.n, requestId);
    } catch (e) {
      const err = translateSdkError(e, this.id, this.label(), call.signal, this.sdk);
      // Once a 2xx answer began, the call was accepted and may be billed: whatever went wrong after, it is not retried.
      throw answered ? afterAnswer(err) : err;
    } finally {
      call.signal.removeEventListener('abort', onCancel);
    }
  }

  private async readJson(body: AsyncIterable<Uint8Array>, call: ProviderCall, requestId: string | undefined, maxTextBytes: number): Promise<Answer> {
    const read = await readJsonBody(body, { label: this.label(), signal: call.signal, requestId, maxTextBytes });
    if ('cut' in read) return { images: read.blobs.filter((b) => b.length > 0).map((bytes) => ({ bytes })), cut: read.cut };
    return fromResponse(read.value as ImagesResponse, read.blobs, requestId);
  }

  private async readStream(body: AsyncIterable<Uint8Array>, call: ProviderCall, requestId: string | undefined): Promise<Answer> {
    const images: ProviderImage[] = [];
    let usage: Usage | undefined;
    const answer = (cut?: PixelsmithError): Answer => ({ images, ...(usage ? { usage } : {}), ...(cut ? { cut } : {}) });
    const events = readSse(body)[Symbol.asyncIterator]();
    for (;;) {
      let next;
      try {
        next = await events.next();
      } catch (e) {
        // Images that completed before a cancel were paid for: they ride along (toResult throws when there are none).
        if (call.signal.aborted) return answer(cancelled());
        return answer(e instanceof PixelsmithError ? e : incomplete(this.label(), (e as Error).message, requestId, e));
      }
      if (next.done) break;
      const msg = next.value;
      if (msg.data.startsWith('[DONE]')) break;
      let ev: StreamEvent | { type?: string; error?: { message?: string } };
      try {
        ev = JSON.parse(msg.data) as typeof ev;
      } catch (e) {
        return answer(new PixelsmithError('server', `${this.label()} sent a stream event that is not valid JSON: ${(e as Error).message}`, { retryable: false, ...(requestId ? { requestId } : {}) }));
      }
      if ('error' in ev && ev.error) {
        return answer(new PixelsmithError('server', `${this.label()} failed while sending the image: ${ev.error.message ?? 'stream error'}`, { retryable: false, ...(requestId ? { requestId } : {}) }));
      }
      if (ev.type === 'image_generation.partial_image' || ev.type === 'image_edit.partial_image') {
        const p = ev as OpenAI.Images.ImageGenPartialImageEvent;
        const bytes = blobOf(p.b64_json, msg.blobs);
        if (bytes) call.onEvent?.({ kind: 'partial', index: 0, partialIndex: p.partial_image_index, bytes });
      } else if (ev.type === 'image_generation.completed' || ev.type === 'image_edit.completed') {
        const c = ev as OpenAI.Images.ImageGenCompletedEvent;
        const bytes = blobOf(c.b64_json, msg.blobs);
        if (!bytes) return answer(new PixelsmithError('bad-image', 'The provider sent a completed image without image data (b64_json).', { retryable: false, ...(requestId ? { requestId } : {}) }));
        images.push({ bytes });
        usage = toUsage(c.usage);
      }
    }
    if (call.signal.aborted && images.length === 0) throw cancelled();
    return answer(images.length === 0 ? new PixelsmithError('server', `${this.label()} ended the stream without an image.`, { retryable: false, ...(requestId ? { requestId } : {}) }) : undefined);
  }

  private label(): string { return this.id === 'azure' ? 'Azure OpenAI' : 'OpenAI'; }
}

function isEventStream(contentType: string | null): boolean {
  return /^\s*text\/event-stream\b/i.test(contentType ?? '');
}

/** The images that arrived are the result; a failure that left none is thrown, one that left some rides along. */
function toResult(a: Answer, n: number, requestId: string | undefined): ProviderResult {
  if (a.cut && a.images.length === 0) throw a.cut;
  const cut = a.cut && a.images.length < n ? { incomplete: a.cut } : {};
  return { images: a.images, ...(a.usage ? { usage: a.usage } : {}), ...(requestId ? { requestId } : {}), ...cut };
}

/** The answer as read by readJsonBody: each `b64_json` is a `{"$blob": i}` marker (or, rarely, a string). */
interface ImagesResponse { data?: { b64_json?: unknown; revised_prompt?: string }[] | null; usage?: SdkUsage }

function fromResponse(res: ImagesResponse, blobs: readonly Buffer[], requestId: string | undefined): Answer {
  const images: ProviderImage[] = [];
  let cut: PixelsmithError | undefined;
  for (const d of Array.isArray(res?.data) ? res.data : []) {
    const bytes = blobOf(d?.b64_json, blobs);
    if (!bytes) { cut = new PixelsmithError('bad-image', 'The provider answered without image data (b64_json).', { retryable: false, ...(requestId ? { requestId } : {}) }); continue; }
    const revised = typeof d.revised_prompt === 'string' ? d.revised_prompt.slice(0, MAX_REVISED_PROMPT_CHARS) : '';
    images.push({ bytes, ...(revised ? { revisedPrompt: revised } : {}) });
  }
  if (images.length === 0 && !cut) cut = new PixelsmithError('server', 'The provider answered without any image.', { retryable: false, ...(requestId ? { requestId } : {}) });
  const usage = res?.usage ? toUsage(res.usage) : undefined;
  return { images, ...(usage ? { usage } : {}), ...(cut ? { cut } : {}) };
}

interface SdkUsage { input_tokens?: number; output_tokens?: number; total_tokens?: number; input_tokens_details?: { text_tokens?: number; image_tokens?: number } }

function toUsage(u: SdkUsage | undefined): Usage | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens,
    inputTextTokens: u.input_tokens_details?.text_tokens, inputImageTokens: u.input_tokens_details?.image_tokens,
  };
}
