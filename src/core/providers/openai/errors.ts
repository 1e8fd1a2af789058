// What the openai SDK throws (OpenAI and Azure OpenAI), turned into PixelsmithErrors written for people.
// SDK v6 errors all have name 'Error', so they are told apart with instanceof against the loaded SDK.
import type * as Sdk from 'openai';
import { PixelsmithError } from '../../errors';
import type { ProviderId } from '../../types';
import { cancelled } from '../retry';
import { parseRetryAfter, translateHttpFailure, type HttpFailure } from '../translate';

export type SdkErrorClasses = Pick<typeof Sdk, 'APIError' | 'APIConnectionError' | 'APIConnectionTimeoutError' | 'APIUserAbortError'>;

interface ErrorBody {
  message?: string;
  code?: string | null;
  /** Azure: `inner_error.content_filter_results.{category}.filtered`. */
  inner_error?: { content_filter_results?: Record<string, { filtered?: boolean }> };
}

export function translateSdkError(e: unknown, provider: ProviderId, label: string, signal: AbortSignal, sdk: SdkErrorClasses): PixelsmithError {
  if (e instanceof PixelsmithError) return e;
  if (signal.aborted || e instanceof sdk.APIUserAbortError || (e as { name?: string }).name === 'AbortError') return cancelled();
  if (e instanceof sdk.APIConnectionTimeoutError) {
    return new PixelsmithError('timeout', `${label} did not answer in time. The request may still have been billed, so it was not retried.`, {
      retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.',
    });
  }
  if (e instanceof sdk.APIConnectionError) return new PixelsmithError('network', `Could not reach ${label}: ${e.message}`, { cause: e });
  if (e instanceof sdk.APIError && typeof e.status === 'number') {
    const body = (e.error ?? {}) as ErrorBody;
    const h = e.headers;
    const code = e.code ?? body.code ?? null;
    const failure: HttpFailure = {
      status: e.status, code, message: body.message ?? stripStatus(e.message),
      requestId: e.requestID ?? h?.get('x-request-id') ?? null,
      ...(h ? { retryAfterSeconds: parseRetryAfter((n) => h.get(n)) } : {}),
    };
    const categories = moderationCategories(body);
    const moderated = code === 'moderation_blocked' || code === 'content_policy_violation' || code === 'content_filter';
    return translateHttpFailure(provider, moderated ? { ...failure, moderation: { ...(categories.length ? { categories } : {}) } } : failure);
  }
  if (e instanceof sdk.APIError) {
    // An error event inside a stream: no HTTP status, the provider's message in the event.
    const body = (e.error ?? {}) as ErrorBody;
    return new PixelsmithError('server', `${label} failed while sending the image: ${body.message ?? e.message}`, { retryable: false, cause: e });
  }
  const err = e as { message?: string };
  return new PixelsmithError('server', `${label}: ${err.message ?? String(e)}`, { retryable: false, cause: e });
}

/** Categories from OpenAI's `safety_violations=[a, b]` in the message, or Azure's filtered content_filter_results. */
export function moderationCategories(body: ErrorBody): string[] {
  const m = /safety_violations=\[([^\]]*)\]/.exec(body.message ?? '');
  if (m) return m[1].split(',').map((s) => s.trim()).filter(Boolean);
  const results = body.inner_error?.content_filter_results ?? {};
  return Object.entries(results).filter(([, v]) => v?.filtered === true).map(([k]) => k);
}

function stripStatus(m: string | undefined): string | undefined {
  return m?.replace(/^\d{3}\s+/, '');
}
