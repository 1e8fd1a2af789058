// fal.ai over its queue API: submit, poll status (queue position as progress), fetch the result, download images.
import { PixelsmithError } from '../../errors';
import { credentialedFetch, fetchWithoutCredentials, readCapped, readCappedText, type CredentialedFetch } from '../../net/fetch';
import { apiOrigins, checkApiUrl, MAX_DOWNLOAD_BYTES, type ApiOrigins } from '../../net/origins';
import type { ImageInput, ImageProvider, ProviderCall, ProviderResult } from '../../types';
import { imageByteLimit } from '../answerLimits';
import { cancelled, sleep } from '../retry';
import { parseRetryAfter, translateHttpFailure } from '../translate';

export interface FalConfig {
  readonly apiKey: string;
  /** e.g. https://queue.fal.run */
  readonly baseUrl: string;
  readonly generateEndpoint: string;
  readonly editEndpoint: string;
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
}

interface QueueSubmit { request_id: string; status_url?: string; response_url?: string; cancel_url?: string; queue_position?: number }
interface QueueStatus { status: 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | string; queue_position?: number; error?: string }
interface FalOutput { images?: { url?: unknown; content_type?: string }[]; revised_prompt?: string }

/** fal.ai's documented queue API host; its result images live on CDN hosts and are downloaded without the key. */
const FAL_API_ORIGINS = ['https://queue.fal.run'];

export function createFalProvider(c: FalConfig): ImageProvider {
  const api = apiOrigins('fal.ai', 'pixelsmith.fal.baseUrl', c.baseUrl, FAL_API_ORIGINS);
  const send = credentialedFetch(api, { Authorization: `Key ${c.apiKey}` });
  return { id: 'fal', call: (call) => new FalCall(c, api, send, call).run() };
}

class FalCall {
  private readonly deadline: number;
  constructor(
    private readonly c: FalConfig, private readonly api: ApiOrigins, private readonly send: CredentialedFetch,
    private readonly call: ProviderCall,
  ) {
    this.deadline = Date.now() + c.timeoutMs;
  }

  async run(): Promise<ProviderResult> {
    const r = this.call.request;
    const edit = (r.references?.length ?? 0) > 0;
    const endpoint = edit ? this.c.editEndpoint : this.c.generateEndpoint;
    const input: Record<string, unknown> = {
      prompt: r.prompt, num_images: this.call.n, image_size: r.size, quality: r.quality,
      background: r.background, output_format: r.outputFormat,
      ...(edit ? { image_urls: r.references!.map(dataUri) } : {}),
      ...(r.mask ? { mask_url: dataUri(r.mask) } : {}),
    };
    const base = this.c.baseUrl.replace(/\/+$/, '');
    const submit = await this.json<QueueSubmit>(`${base}/${endpoint}`, { method: 'POST', body: JSON.stringify(input) });
    const id = submit.request_id;
    // Checked before any is used: a hostile answer fails the call instead of receiving the key.
    const statusUrl = checkApiUrl(this.api, submit.status_url ?? `${base}/${endpoint}/requests/${id}/status`).href;
    const responseUrl = checkApiUrl(this.api, submit.response_url ?? `${base}/${endpoint}/requests/${id}`).href;
    const cancelUrl = checkApiUrl(this.api, submit.cancel_url ?? `${base}/${endpoint}/requests/${id}/cancel`).href;
    const onAbort = () => { void this.send(cancelUrl, { method: 'PUT', headers: JSON_HEADERS }).catch(() => undefined); };
    this.call.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.waitForCompletion(statusUrl, id, submit.queue_position);
      const out = await this.json<FalOutput>(responseUrl, { method: 'GET' }, id);
      // Never more downloads than images asked for, whatever the answer lists.
      const urls = (out.images ?? []).slice(0, this.call.n);
      if (urls.length === 0) throw new PixelsmithError('server', 'fal.ai finished without images.', { requestId: id, retryable: false });
      const images = await Promise.all(urls.map(async (img) => ({ bytes: await this.download(img.url, id) })));
      return { images, requestId: id };
    } finally {
      this.call.signal.removeEventListener('abort', onAbort);
    }
  }

  private async waitForCompletion(statusUrl: string, id: string, position: number | undefined): Promise<void> {
    if (position !== undefined) this.call.onEvent?.({ kind: 'queued', position });
    for (;;) {
      const s = await this.json<QueueStatus>(statusUrl, { method: 'GET' }, id);
      if (s.status === 'COMPLETED') {
        if (s.error) throw new PixelsmithError('server', `fal.ai: ${s.error}`, { requestId: id, retryable: false });
        return;
      }
      if (s.status === 'IN_QUEUE' && s.queue_position !== undefined) this.call.onEvent?.({ kind: 'queued', position: s.queue_position });
      else if (s.status === 'IN_PROGRESS') this.call.onEvent?.({ kind: 'status', message: 'in progress' });
      if (Date.now() > this.deadline) throw this.timeout(id);
      await sleep(this.c.pollIntervalMs ?? 500, this.call.signal);
    }
  }

  /** `go` with the call's signal and deadline; network failures become PixelsmithErrors. */
  private async fetch(go: (signal: AbortSignal) => Promise<Response>, id?: string): Promise<Response> {
    if (this.call.signal.aborted) throw cancelled();
    const timeout = AbortSignal.timeout(Math.max(1, this.deadline - Date.now()));
    try {
      return await go(AbortSignal.any([this.call.signal, timeout]));
    } catch (e) {
      if (e instanceof PixelsmithError) throw e;
      if (this.call.signal.aborted) throw cancelled();
      if (timeout.aborted) throw this.timeout(id);
      throw new PixelsmithError('network', `Could not reach fal.ai: ${(e as Error).message}`, { cause: e });
    }
  }

  private async json<T>(url: string, init: RequestInit, id?: string): Promise<T> {
    const res = await this.fetch((signal) => this.send(url, { ...init, headers: JSON_HEADERS, signal }), id);
    const text = await readCappedText(res, 'The fal.ai answer');
    if (!res.ok) throw this.httpError(res, text, id);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PixelsmithError('server', `fal.ai answered something that is not JSON (${res.status}).`, { retryable: false, ...(id ? { requestId: id } : {}) });
    }
  }

  private async download(url: unknown, id: string): Promise<Uint8Array> {
    if (typeof url !== 'string') throw new PixelsmithError('server', 'fal.ai listed an image without a URL.', { requestId: id, retryable: false });
    const res = await this.fetch((signal) => fetchWithoutCredentials(url, signal), id);
    if (!res.ok) throw this.httpError(res, await readCappedText(res, 'A fal.ai error'), id);
    // No larger than the size asked can be (answerLimits), and never over the download cap.
    return readCapped(res, 'A fal.ai image', Math.min(MAX_DOWNLOAD_BYTES, imageByteLimit(this.call.request)));
  }

  private httpError(res: Response, text: string, id?: string): PixelsmithError {
    const { message, policy } = falErrorDetail(text);
    return translateHttpFailure('fal', {
      status: res.status, message, requestId: id ?? res.headers.get('x-fal-request-id') ?? res.headers.get('x-request-id'),
      retryAfterSeconds: parseRetryAfter((n) => res.headers.get(n)),
      // fal reports a content-checker refusal as a 422 whose detail has type content_policy_violation.
      ...(policy ? { code: 'content_policy_violation', moderation: {} } : {}),
    });
  }

  private timeout(id?: string): PixelsmithError {
    return new PixelsmithError('timeout', 'fal.ai did not finish in time. The request may still have been billed, so it was not retried.', {
      retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.', ...(id ? { requestId: id } : {}),
    });
  }
}

const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', Accept: 'application/json' };

function dataUri(f: ImageInput): string {
  return `data:${f.mimeType};base64,${Buffer.from(f.bytes).toString('base64')}`;
}

/** The message of a fal error body (`{detail: string}`, `{detail: [{msg, type}]}` or `{error}`) and whether it is a content-policy refusal. */
export function falErrorDetail(text: string): { message?: string; policy: boolean } {
  try {
    const body = JSON.parse(text) as { detail?: unknown; error?: { message?: string } | string };
    if (Array.isArray(body.detail)) {
      const items = body.detail as { msg?: string; type?: string; loc?: unknown[] }[];
      const message = items.map((d) => (d.loc?.length ? `${d.loc.filter((l) => l !== 'body').join('.')}: ` : '') + (d.msg ?? d.type ?? '')).join('; ');
      return { message, policy: items.some((d) => d.type === 'content_policy_violation') };
    }
    const message = typeof body.detail === 'string' ? body.detail : typeof body.error === 'string' ? body.error : body.error?.message;
    return { ...(message ? { message } : {}), policy: false };
  } catch {
    return { ...(text ? { message: text.slice(0, 200) } : {}), policy: false };
  }
}
