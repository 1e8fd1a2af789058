// fal.ai over its queue API: submit, poll status (queue position as progress), fetch the result, download images.
import { PixelsmithError } from '../errors';
import type { ImageInput, ImageProvider, ProviderCall, ProviderResult } from '../types';
import { imageByteLimit } from './answerLimits';
import { guardBody } from './bodyGuard';
import { cancelled, sleep } from './retry';
import { parseRetryAfter, translateHttpFailure } from './translate';

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
interface FalOutput { images?: { url: string; content_type?: string }[]; revised_prompt?: string }

export function createFalProvider(c: FalConfig): ImageProvider {
  return { id: 'fal', call: (call) => new FalCall(c, call).run() };
}

class FalCall {
  private readonly deadline: number;
  constructor(private readonly c: FalConfig, private readonly call: ProviderCall) {
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
    const statusUrl = submit.status_url ?? `${base}/${endpoint}/requests/${id}/status`;
    const responseUrl = submit.response_url ?? `${base}/${endpoint}/requests/${id}`;
    const cancelUrl = submit.cancel_url ?? `${base}/${endpoint}/requests/${id}/cancel`;
    const onAbort = () => { void fetch(cancelUrl, { method: 'PUT', headers: this.headers() }).catch(() => undefined); };
    this.call.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.waitForCompletion(statusUrl, id, submit.queue_position);
      const out = await this.json<FalOutput>(responseUrl, { method: 'GET' }, id);
      const urls = out.images ?? [];
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

  private headers(): Record<string, string> {
    return { Authorization: `Key ${this.c.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  }

  private async fetch(url: string, init: RequestInit, id?: string, stop?: AbortSignal): Promise<Response> {
    if (this.call.signal.aborted) throw cancelled();
    const timeout = AbortSignal.timeout(Math.max(1, this.deadline - Date.now()));
    try {
      return await fetch(url, { ...init, headers: this.headers(), signal: AbortSignal.any([this.call.signal, timeout, ...(stop ? [stop] : [])]) });
    } catch (e) {
      if (this.call.signal.aborted) throw cancelled();
      if (timeout.aborted) throw this.timeout(id);
      throw new PixelsmithError('network', `Could not reach fal.ai: ${(e as Error).message}`, { cause: e });
    }
  }

  private async json<T>(url: string, init: RequestInit, id?: string): Promise<T> {
    const res = await this.fetch(url, init, id);
    const text = await res.text();
    if (!res.ok) throw this.httpError(res, text, id);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PixelsmithError('server', `fal.ai answered something that is not JSON (${res.status}).`, { retryable: false, ...(id ? { requestId: id } : {}) });
    }
  }

  /** An image file, refused as it streams once it is larger than the size asked can be (see answerLimits). */
  private async download(url: string, id: string): Promise<Uint8Array> {
    const stop = new AbortController();
    const res = await this.fetch(url, { method: 'GET' }, id, stop.signal);
    if (!res.ok) throw this.httpError(res, await res.text(), id);
    if (!res.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    const body = guardBody(res.body as AsyncIterable<Uint8Array>, {
      label: 'fal.ai', maxBytes: imageByteLimit(this.call.request), idleMs: Math.max(1, this.deadline - Date.now()), stop: () => stop.abort(), requestId: id,
    });
    try {
      for await (const chunk of body) chunks.push(chunk);
    } catch (e) {
      if (this.call.signal.aborted) throw cancelled();
      if (e instanceof PixelsmithError) throw e;
      throw new PixelsmithError('server', `fal.ai stopped sending an image (${(e as Error).message}).`, { retryable: false, requestId: id, cause: e });
    }
    return Buffer.concat(chunks);
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
