// Black Forest Labs' task API on the shared QueuedJob: POST {base}/v1/{model} with x-key → { id, polling_url, cost };
// poll polling_url with x-key (only on BFL's declared API hosts); on Ready download result.sample at once, without the
// key (a signed delivery URL that expires in 10 minutes). BFL has no cancel endpoint: a cancel stops our polling.
import { PixelsmithError } from '../../errors';
import { credentialedFetch, type CredentialedFetch } from '../../net/fetch';
import { apiOrigins, checkApiUrl, type ApiOrigins, type DocumentedHosts } from '../../net/origins';
import type { ImageProvider, ProviderCall, ProviderResult } from '../../types';
import { imageByteLimit } from '../answerLimits';
import { errorDetail, QueuedJob } from '../queuedJob';
import { parseRetryAfter, translateHttpFailure } from '../translate';

export interface BflConfig {
  readonly apiKey: string;
  /** e.g. https://api.bfl.ai */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
}

/** BFL's documented endpoints (docs.bfl.ai, integration guidelines, read 2026-12-02): global, EU and US. */
export const BFL_API_ORIGINS = ['https://api.bfl.ai', 'https://api.eu.bfl.ai', 'https://api.us.bfl.ai'];
/**
 * The polling_url of a task names the cluster that runs it (api.eu2.bfl.ai, api.us1.bfl.ai … change as BFL adds
 * clusters): any one-label api.<cluster>.bfl.ai over https. Never delivery.*.bfl.ai, where results are stored.
 */
export const BFL_CLUSTER_HOSTS: DocumentedHosts = { pattern: /^api\.[a-z0-9-]+\.bfl\.ai$/, text: 'https://api.<region>.bfl.ai' };

/** `input_image`, `input_image_2` … `input_image_8`. */
const REFERENCE_FIELDS = ['input_image', ...Array.from({ length: 7 }, (_, i) => `input_image_${i + 2}`)];

interface TaskSubmit { id?: unknown; polling_url?: unknown; cost?: unknown }
interface TaskResult { id?: string; status?: unknown; result?: { sample?: unknown } | null; progress?: unknown; details?: unknown }

export function createBflProvider(c: BflConfig): ImageProvider {
  const api = apiOrigins('Black Forest Labs', 'pixelsmith.bfl.baseUrl', c.baseUrl, BFL_API_ORIGINS, BFL_CLUSTER_HOSTS);
  const send = credentialedFetch(api, { 'x-key': c.apiKey });
  return { id: 'bfl', call: (call) => bflCall(c, api, send, call) };
}

async function bflCall(c: BflConfig, api: ApiOrigins, send: CredentialedFetch, call: ProviderCall): Promise<ProviderResult> {
  const job = new QueuedJob({ label: 'Black Forest Labs', send, timeoutMs: c.timeoutMs, pollIntervalMs: c.pollIntervalMs ?? 500, httpError: bflHttpError }, call);
  const r = call.request;
  const base = c.baseUrl.replace(/\/+$/, '');
  const submit = await job.submit<TaskSubmit>(`${base}/v1/${encodeURIComponent(r.model)}`, taskInput(call));
  const id = typeof submit.id === 'string' ? submit.id : undefined;
  if (!id || typeof submit.polling_url !== 'string') {
    throw new PixelsmithError('server', 'Black Forest Labs accepted the task but named no id or polling_url.', { retryable: false, ...(id ? { requestId: id } : {}) });
  }
  // Checked before it is used: a polling_url off BFL's API hosts fails the call instead of receiving the key.
  const pollingUrl = checkApiUrl(api, submit.polling_url).href;
  const costUsd = typeof submit.cost === 'number' && Number.isFinite(submit.cost) && submit.cost >= 0 ? submit.cost / 100 : undefined;
  const sample = await job.poll<TaskResult, unknown>(pollingUrl, id, (t) => settle(t, id, call));
  const bytes = await job.download(sample, id, imageByteLimit(r));
  return { images: [{ bytes }], requestId: id, ...(costUsd !== undefined ? { costUsd } : {}) };
}

/** The task's JSON body: the prompt, the size unless auto, the format, and the references as base64. */
function taskInput(call: ProviderCall): Record<string, unknown> {
  const r = call.request;
  const [width, height] = r.size === 'auto' ? [] : r.size.split('x').map(Number);
  const refs = r.references ?? [];
  if (refs.length > REFERENCE_FIELDS.length) {
    throw new PixelsmithError('invalid-request', `Black Forest Labs takes at most ${REFERENCE_FIELDS.length} reference images (got ${refs.length}).`, { field: 'references', retryable: false });
  }
  return {
    prompt: r.prompt,
    ...(width !== undefined && height !== undefined ? { width, height } : {}),
    output_format: r.outputFormat,
    ...Object.fromEntries(refs.map((ref, i) => [REFERENCE_FIELDS[i], Buffer.from(ref.bytes).toString('base64')])),
  };
}

/** One poll answer: the result URL when Ready, a clear error for the end states, else progress for the user. */
function settle(t: TaskResult, id: string, call: ProviderCall): { done: true; value: unknown } | { done: false } {
  const status = typeof t.status === 'string' ? t.status : 'unknown';
  switch (status) {
    case 'Ready':
      return { done: true, value: t.result?.sample };
    case 'Request Moderated':
    case 'Content Moderated':
      throw translateHttpFailure('bfl', {
        status: 200, code: 'moderation_blocked', requestId: id, message: `${status}${reasons(t.details)}`,
        moderation: { stage: status === 'Request Moderated' ? 'input' : 'output' },
      });
    case 'Task not found':
      throw new PixelsmithError('not-found', `Black Forest Labs no longer knows task ${id} (Task not found): it expired or was never created.`, {
        requestId: id, retryable: false, hint: 'Generate again; results are kept for a limited time only.',
      });
    case 'Error':
      throw new PixelsmithError('server', `Black Forest Labs could not generate the image (Error)${reasons(t.details)}.`, { requestId: id, retryable: false });
    default: {
      const pct = typeof t.progress === 'number' && t.progress >= 0 && t.progress <= 1 ? ` ${Math.round(t.progress * 100)}%` : '';
      call.onEvent?.({ kind: 'status', message: `${status.toLowerCase()}${pct}` });
      return { done: false };
    }
  }
}

/** `: reason, reason` from a task's details (BFL names moderation reasons there), or nothing. */
function reasons(details: unknown): string {
  if (typeof details !== 'object' || details === null) return '';
  const found = Object.values(details).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');
  return found.length > 0 ? `: ${found.slice(0, 5).map((s) => s.slice(0, 100)).join(', ')}` : '';
}

function bflHttpError(res: Response, text: string, id?: string): PixelsmithError {
  const { message } = errorDetail(text);
  return translateHttpFailure('bfl', {
    status: res.status, ...(message ? { message } : {}), requestId: id ?? res.headers.get('x-request-id'),
    retryAfterSeconds: parseRetryAfter((n) => res.headers.get(n)),
  });
}
