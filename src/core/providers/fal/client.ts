// fal.ai over its queue API (the shared QueuedJob): submit, poll status (queue position as progress), fetch the result, download images.
import { PixelsmithError } from '../../errors';
import { credentialedFetch, type CredentialedFetch } from '../../net/fetch';
import { apiOrigins, checkApiUrl, type ApiOrigins } from '../../net/origins';
import type { ImageProvider, ProviderCall, ProviderResult } from '../../types';
import { imageByteLimit } from '../answerLimits';
import { cancelRequest, dataUri, errorDetail, QueuedJob } from '../queuedJob';
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
  return { id: 'fal', call: (call) => falCall(c, api, send, call) };
}

async function falCall(c: FalConfig, api: ApiOrigins, send: CredentialedFetch, call: ProviderCall): Promise<ProviderResult> {
  const job = new QueuedJob({ label: 'fal.ai', send, timeoutMs: c.timeoutMs, pollIntervalMs: c.pollIntervalMs ?? 500, httpError: falHttpError }, call);
  const r = call.request;
  const edit = (r.references?.length ?? 0) > 0;
  const endpoint = edit ? c.editEndpoint : c.generateEndpoint;
  const input: Record<string, unknown> = {
    prompt: r.prompt, num_images: call.n, image_size: r.size, quality: r.quality,
    background: r.background, output_format: r.outputFormat,
    ...(edit ? { image_urls: r.references!.map(dataUri) } : {}),
    ...(r.mask ? { mask_url: dataUri(r.mask) } : {}),
  };
  const base = c.baseUrl.replace(/\/+$/, '');
  const submit = await job.submit<QueueSubmit>(`${base}/${endpoint}`, input);
  const id = submit.request_id;
  // Checked before any is used: a hostile answer fails the call instead of receiving the key.
  const statusUrl = checkApiUrl(api, submit.status_url ?? `${base}/${endpoint}/requests/${id}/status`).href;
  const responseUrl = checkApiUrl(api, submit.response_url ?? `${base}/${endpoint}/requests/${id}`).href;
  const cancelUrl = checkApiUrl(api, submit.cancel_url ?? `${base}/${endpoint}/requests/${id}/cancel`).href;
  return job.whileCancellable(cancelRequest(send, cancelUrl), async () => {
    if (submit.queue_position !== undefined) call.onEvent?.({ kind: 'queued', position: submit.queue_position });
    await job.poll<QueueStatus, true>(statusUrl, id, (s) => {
      if (s.status === 'COMPLETED') {
        if (s.error) throw new PixelsmithError('server', `fal.ai: ${s.error}`, { requestId: id, retryable: false });
        return { done: true, value: true };
      }
      if (s.status === 'IN_QUEUE' && s.queue_position !== undefined) call.onEvent?.({ kind: 'queued', position: s.queue_position });
      else if (s.status === 'IN_PROGRESS') call.onEvent?.({ kind: 'status', message: 'in progress' });
      return { done: false };
    });
    const out = await job.get<FalOutput>(responseUrl, id);
    // Never more downloads than images asked for, whatever the answer lists.
    const urls = (out.images ?? []).slice(0, call.n);
    if (urls.length === 0) throw new PixelsmithError('server', 'fal.ai finished without images.', { requestId: id, retryable: false });
    // No larger than the size asked can be (answerLimits), and never over the download cap.
    const limit = imageByteLimit(r);
    // Each image is kept as it downloads: one failed download does not drop the others that were paid for.
    const got = await Promise.allSettled(urls.map((img) => job.download(img.url, id, limit)));
    const images = got.flatMap((g) => (g.status === 'fulfilled' ? [{ bytes: g.value }] : []));
    const failed = got.find((g): g is PromiseRejectedResult => g.status === 'rejected');
    if (failed && images.length === 0) throw failed.reason;
    return { images, requestId: id, ...(failed ? { incomplete: failed.reason as PixelsmithError } : {}) };
  });
}

function falHttpError(res: Response, text: string, id?: string): PixelsmithError {
  const { message, types } = errorDetail(text);
  const policy = types.includes('content_policy_violation');
  return translateHttpFailure('fal', {
    status: res.status, message, requestId: id ?? res.headers.get('x-fal-request-id') ?? res.headers.get('x-request-id'),
    retryAfterSeconds: parseRetryAfter((n) => res.headers.get(n)),
    // fal reports a content-checker refusal as a 422 whose detail has type content_policy_violation.
    ...(policy ? { code: 'content_policy_violation', moderation: {} } : {}),
  });
}
