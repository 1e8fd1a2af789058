// OpenAI and Azure OpenAI through the official `openai` SDK: generate, edit, and streamed partial images.
import type OpenAI from 'openai';
import { PixelsmithError } from '../errors';
import type { ImageProvider, ProviderCall, ProviderId, ProviderImage, ProviderResult, Usage } from '../types';
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
      if (stream) {
        // The raw body, read with our linear SSE reader (HTTP errors are still thrown by the SDK).
        const res = await pending.asResponse();
        if (!res.body) throw new PixelsmithError('server', `${this.label()} answered a stream without a body.`, { retryable: false });
        return await this.readStream(res.body as AsyncIterable<Uint8Array>, call, res.headers.get('x-request-id') ?? undefined);
      }
      const { data, requestId } = await pending.withResponse().then(withRequestId);
      return fromResponse(data as OpenAI.Images.ImagesResponse, requestId);
    } catch (e) {
      throw translateSdkError(e, this.id, this.label(), call.signal, this.sdk);
    }
  }

  private async readStream(body: AsyncIterable<Uint8Array>, call: ProviderCall, requestId: string | undefined): Promise<ProviderResult> {
    const images: ProviderImage[] = [];
    let usage: Usage | undefined;
    for await (const msg of readSse(body)) {
      if (msg.data.startsWith('[DONE]')) break;
      const ev = JSON.parse(msg.data) as StreamEvent | { type?: string; error?: { message?: string } };
      if ('error' in ev && ev.error) {
        throw new PixelsmithError('server', `${this.label()} failed while sending the image: ${ev.error.message ?? 'stream error'}`, { retryable: false, ...(requestId ? { requestId } : {}) });
      }
      if (ev.type === 'image_generation.partial_image' || ev.type === 'image_edit.partial_image') {
        const p = ev as OpenAI.Images.ImageGenPartialImageEvent;
        call.onEvent?.({ kind: 'partial', index: 0, partialIndex: p.partial_image_index, bytes: Buffer.from(p.b64_json, 'base64') });
      } else if (ev.type === 'image_generation.completed' || ev.type === 'image_edit.completed') {
        const c = ev as OpenAI.Images.ImageGenCompletedEvent;
        images.push({ bytes: Buffer.from(c.b64_json, 'base64') });
        usage = toUsage(c.usage);
      }
    }
    if (call.signal.aborted) throw cancelled();
    if (images.length === 0) throw new PixelsmithError('server', `${this.label()} ended the stream without an image.`, requestId ? { requestId } : {});
    return { images, ...(usage ? { usage } : {}), ...(requestId ? { requestId } : {}) };
  }

  private label(): string { return this.id === 'azure' ? 'Azure OpenAI' : 'OpenAI'; }
}

function withRequestId<T>(r: { data: T; request_id?: string | null; response: Response }): { data: T; requestId: string | undefined } {
  return { data: r.data, requestId: r.request_id ?? r.response.headers.get('x-request-id') ?? undefined };
}

function fromResponse(res: OpenAI.Images.ImagesResponse, requestId: string | undefined): ProviderResult {
  const images = (res.data ?? []).map((d) => {
    if (!d.b64_json) throw new PixelsmithError('bad-image', 'The provider answered without image data (b64_json).', requestId ? { requestId } : {});
    return { bytes: Buffer.from(d.b64_json, 'base64'), ...(d.revised_prompt ? { revisedPrompt: d.revised_prompt } : {}) };
  });
  const usage = res.usage ? toUsage(res.usage) : undefined;
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
