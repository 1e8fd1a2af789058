// OpenAI and Azure OpenAI through the official `openai` SDK: generate, edit, and streamed partial images.
import type OpenAI from 'openai';
import { PixelsmithError } from '../errors';
import type { ImageProvider, ProviderCall, ProviderId, ProviderImage, ProviderResult, Usage } from '../types';
import { blobOf, incomplete, readJsonBody } from './openaiBody';
import { translateSdkError, type SdkErrorClasses } from './openaiErrors';
import { cancelled } from './retry';
import { readSse } from './sse';

export interface OpenAIConfig {
  readonly apiKey: string;
  /** Empty: the SDK's default (OPENAI_BASE_URL, else api.openai.com). */
  readonly baseURL?: string;
  readonly organization?: string;
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
  return new OpenAIImageProvider('openai', client, sdk);
}

export async function createAzureProvider(c: AzureConfig): Promise<ImageProvider> {
  if (!c.endpoint) throw new PixelsmithError('config', 'Azure OpenAI needs an endpoint: set pixelsmith.azure.endpoint in your user settings.', { field: 'pixelsmith.azure.endpoint' });
  const sdk = await import('openai');
  const auth = c.apiKey ? { apiKey: c.apiKey } : c.getToken ? { azureADTokenProvider: c.getToken } : undefined;
  if (!auth) throw new PixelsmithError('auth', 'No Azure OpenAI key.', { hint: 'Run "Pixelsmith: Set API Key…" or choose Entra ID authentication.' });
  const client = new sdk.AzureOpenAI({ endpoint: c.endpoint, deployment: c.deployment, apiVersion: c.apiVersion, maxRetries: 0, timeout: c.timeoutMs, ...auth });
  return new OpenAIImageProvider('azure', client, sdk);
}

type StreamEvent = OpenAI.Images.ImageGenStreamEvent | OpenAI.Images.ImageEditStreamEvent;

class OpenAIImageProvider implements ImageProvider {
  constructor(readonly id: ProviderId, private readonly client: OpenAI, private readonly sdk: SdkErrorClasses) {}

  async call(call: ProviderCall): Promise<ProviderResult> {
    const r = call.request;
    const stream = (r.partialImages ?? 0) > 0 && call.n === 1;
    const common = {
      model: r.model, prompt: r.prompt, n: call.n, size: r.size, quality: r.quality, background: r.background,
      output_format: r.outputFormat,
      ...(r.outputCompression !== undefined && r.outputFormat !== 'png' ? { output_compression: r.outputCompression } : {}),
      ...(stream ? { stream: true as const, partial_images: r.partialImages } : {}),
    };
    const opts = { signal: call.signal };
    try {
      let pending;
      if (r.references?.length) {
        const { toFile } = await import('openai');
        const image = await Promise.all(r.references.map((f) => toFile(f.bytes, f.name, { type: f.mimeType })));
        const mask = r.mask ? await toFile(r.mask.bytes, r.mask.name, { type: r.mask.mimeType }) : undefined;
        const body = { ...common, image, ...(mask ? { mask } : {}) } as OpenAI.Images.ImageEditParams;
        pending = this.client.images.edit(body, opts);
      } else {
        pending = this.client.images.generate(common as OpenAI.Images.ImageGenerateParams, opts);
      }
      // The raw body, read by our own linear readers that decode the base64 images as the bytes arrive
      // (HTTP errors, auth, base URL and request ids are still the SDK's).
      const res = await pending.asResponse();
      const requestId = res.headers.get('x-request-id') ?? undefined;
      if (!res.body) throw new PixelsmithError('server', `${this.label()} answered without a body.`, { retryable: false, ...(requestId ? { requestId } : {}) });
      const body = res.body as AsyncIterable<Uint8Array>;
      if (stream) return await this.readStream(body, call, requestId);
      const { value, blobs } = await readJsonBody(body, this.label(), call.signal, requestId);
      return fromResponse(value as ImagesResponse, blobs, requestId);
    } catch (e) {
      throw translateSdkError(e, this.id, this.label(), call.signal, this.sdk);
    }
  }

  private async readStream(body: AsyncIterable<Uint8Array>, call: ProviderCall, requestId: string | undefined): Promise<ProviderResult> {
    const images: ProviderImage[] = [];
    let usage: Usage | undefined;
    const events = readSse(body)[Symbol.asyncIterator]();
    for (;;) {
      let next;
      try {
        next = await events.next();
      } catch (e) {
        if (call.signal.aborted) throw cancelled();
        throw incomplete(this.label(), (e as Error).message, requestId, e);
      }
      if (next.done) break;
      const msg = next.value;
      if (msg.data.startsWith('[DONE]')) break;
      const ev = JSON.parse(msg.data) as StreamEvent | { type?: string; error?: { message?: string } };
      if ('error' in ev && ev.error) {
        throw new PixelsmithError('server', `${this.label()} failed while sending the image: ${ev.error.message ?? 'stream error'}`, { retryable: false, ...(requestId ? { requestId } : {}) });
      }
      if (ev.type === 'image_generation.partial_image' || ev.type === 'image_edit.partial_image') {
        const p = ev as OpenAI.Images.ImageGenPartialImageEvent;
        const bytes = blobOf(p.b64_json, msg.blobs);
        if (bytes) call.onEvent?.({ kind: 'partial', index: 0, partialIndex: p.partial_image_index, bytes });
      } else if (ev.type === 'image_generation.completed' || ev.type === 'image_edit.completed') {
        const c = ev as OpenAI.Images.ImageGenCompletedEvent;
        const bytes = blobOf(c.b64_json, msg.blobs);
        if (!bytes) throw new PixelsmithError('bad-image', 'The provider sent a completed image without image data (b64_json).', { retryable: false, ...(requestId ? { requestId } : {}) });
        images.push({ bytes });
        usage = toUsage(c.usage);
      }
    }
    if (call.signal.aborted) throw cancelled();
    if (images.length === 0) throw new PixelsmithError('server', `${this.label()} ended the stream without an image.`, requestId ? { requestId } : {});
    return { images, ...(usage ? { usage } : {}), ...(requestId ? { requestId } : {}) };
  }

  private label(): string { return this.id === 'azure' ? 'Azure OpenAI' : 'OpenAI'; }
}

/** The answer as read by readJsonBody: each `b64_json` is a `{"$blob": i}` marker (or, rarely, a string). */
interface ImagesResponse { data?: { b64_json?: unknown; revised_prompt?: string }[] | null; usage?: SdkUsage }

function fromResponse(res: ImagesResponse, blobs: readonly Buffer[], requestId: string | undefined): ProviderResult {
  const images = (Array.isArray(res?.data) ? res.data : []).map((d) => {
    const bytes = blobOf(d?.b64_json, blobs);
    if (!bytes) throw new PixelsmithError('bad-image', 'The provider answered without image data (b64_json).', requestId ? { requestId } : {});
    return { bytes, ...(typeof d.revised_prompt === 'string' && d.revised_prompt ? { revisedPrompt: d.revised_prompt } : {}) };
  });
  const usage = res?.usage ? toUsage(res.usage) : undefined;
  return { images, ...(usage ? { usage } : {}), ...(requestId ? { requestId } : {}) };
}

interface SdkUsage { input_tokens?: number; output_tokens?: number; total_tokens?: number; input_tokens_details?: { text_tokens?: number; image_tokens?: number } }

function toUsage(u: SdkUsage | undefined): Usage | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens,
    inputTextTokens: u.input_tokens_details?.text_tokens, inputImageTokens: u.input_tokens_details?.image_tokens,
  };
}
