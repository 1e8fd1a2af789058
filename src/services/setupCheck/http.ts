// The one free GET a probe makes: to the provider's own API only (the origin contract of core/net), with a
// timeout, read capped; a network failure is an answer too (the endpoint is unreachable).
import { credentialedFetch, readCappedText } from '../../core/net/fetch';
import { hostOf, type ApiOrigins } from '../../core/net/origins';
import { redact } from '../../core/redact';

export type ProbeAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly json: unknown; readonly url: string }
  | { readonly kind: 'unreachable'; readonly reason: string; readonly url: string };

const MAX_LIST_BYTES = 4 * 1024 * 1024;

export async function probeGet(
  api: ApiOrigins, credentials: Readonly<Record<string, string>>, url: string, timeoutMs: number, signal: AbortSignal,
): Promise<ProbeAnswer> {
  const host = hostOf(url);
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await credentialedFetch(api, credentials)(url, { method: 'GET', headers: { accept: 'application/json' }, signal: AbortSignal.any([signal, timeout]) });
    const text = await readCappedText(res, 'The model list', MAX_LIST_BYTES);
    let json: unknown;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { kind: 'answered', status: res.status, json, url: host };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason = timeout.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s`
      : err.cause?.code ?? err.cause?.message ?? err.message;
    return { kind: 'unreachable', reason: redact(String(reason)), url: host };
  }
}

/** The error message an API put in its answer (OpenAI and Azure `error.message`, fal `detail`), redacted, short. */
export function apiMessage(json: unknown): string | undefined {
  const o = json as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown } | undefined;
  const m = typeof o?.error === 'object' ? o.error?.message : typeof o?.error === 'string' ? o.error : typeof o?.detail === 'string' ? o.detail : o?.message;
  return typeof m === 'string' && m ? redact(m).slice(0, 300) : undefined;
}
