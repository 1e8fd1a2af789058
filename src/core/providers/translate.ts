// Turns what a provider's HTTP API answered into a PixelsmithError written for people.
import { PixelsmithError } from '../errors';
import { providers, type ProviderId } from './registry';


export interface HttpFailure {
  readonly status: number;
  /** The provider's error code (`error.code` for OpenAI), e.g. `moderation_blocked`, `insufficient_quota`. */
  readonly code?: string | null;
  readonly message?: string;
  readonly requestId?: string | null;
  /** Seconds from `retry-after` / `retry-after-ms`. */
  readonly retryAfterSeconds?: number;
  /** Moderation: where it was blocked and for what, when the provider says. */
  readonly moderation?: { stage?: string; categories?: string[] };
}

/** A PixelsmithError carrying how long the provider asked us to wait before retrying. */
export class RetryableHttpError extends PixelsmithError {
  constructor(code: 'rate-limit' | 'server', message: string, readonly retryAfterSeconds: number | undefined, requestId?: string) {
    super(code, message, { retryable: true, ...(requestId ? { requestId } : {}) });
  }
}

export function translateHttpFailure(provider: ProviderId, f: HttpFailure): PixelsmithError {
  const who = providers.label(provider);
  const rid = f.requestId ?? undefined;
  const detail = f.message ? `: ${f.message}` : '';
  const opts = rid ? { requestId: rid } : {};
  if (f.code === 'moderation_blocked' || f.moderation) {
    const stage = f.moderation?.stage ?? (/output/i.test(f.message ?? '') ? 'output' : 'input');
    const cats = f.moderation?.categories?.length ? ` (categories: ${f.moderation.categories.join(', ')})` : '';
    return new PixelsmithError('moderation', `${who} blocked the request at the ${stage} moderation stage${cats}${detail}`, {
      ...opts, hint: 'Rephrase the prompt or change the reference images; nothing was generated.',
    });
  }
  if (f.status === 401) {
    return new PixelsmithError('auth', `${who} rejected the API key (401)${detail}`, {
      ...opts, hint: 'Run "Pixelsmith: Set API Key…" to store a valid key.',
    });
  }
  if (f.status === 403) {
    return new PixelsmithError('forbidden', `${who} refused access (403)${detail}`, {
      ...opts, hint: provider === 'openai'
        ? 'gpt-image models need a verified organization: verify it at platform.openai.com/settings/organization/general, or check the key\'s project permissions.'
        : 'Check that the key or account has access to this model.',
    });
  }
  if (f.status === 404) {
    return new PixelsmithError('not-found', `${who} does not know this model or deployment (404)${detail}`, {
      ...opts, hint: provider === 'azure' ? 'Check the pixelsmith.azure.deployment and endpoint settings.' : 'Check the model id.',
    });
  }
  if (f.status === 429 && (f.code === 'insufficient_quota' || f.code === 'billing_hard_limit_reached')) {
    return new PixelsmithError('quota', `${who}: the account is out of quota or credit${detail}`, {
      ...opts, retryable: false, hint: 'Add credit or raise the usage limit in your provider account; retrying will not help.',
    });
  }
  if (f.status === 429) return new RetryableHttpError('rate-limit', `${who} rate limit reached (429)${detail}`, f.retryAfterSeconds, rid);
  if (f.status >= 500) return new RetryableHttpError('server', `${who} server error (${f.status})${detail}`, f.retryAfterSeconds, rid);
  if (f.status === 400 || f.status === 422) {
    return new PixelsmithError('invalid-request', `${who} rejected the request (${f.status})${detail}`, { ...opts, retryable: false });
  }
  return new PixelsmithError('server', `${who} answered ${f.status}${detail}`, { ...opts, retryable: false });
}

/** Seconds to wait from `retry-after-ms` / `retry-after` (seconds or HTTP date). */
export function parseRetryAfter(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms) / 1000;
  const ra = get('retry-after');
  if (!ra) return undefined;
  if (Number.isFinite(Number(ra))) return Number(ra);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}
