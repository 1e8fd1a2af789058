// One queued job at a provider that answers later (fal.ai's queue, Black Forest Labs' tasks): submit with the key,
// poll with the key (only on the provider's declared API origins, see net/origins.ts), download the result at once
// without any credential, and tell the provider on cancel. Deadline, cancel and network failures are handled here once.
// Once the job is accepted it may be billed: a failed poll or download is retried here (the job is not submitted
// again), and every error after acceptance is non-retryable, so the caller's retry never resubmits a paid job.
import { afterAnswer, PixelsmithError } from '../errors';
import { fetchWithoutCredentials, readCapped, readCappedText, type CredentialedFetch } from '../net/fetch';
import { MAX_DOWNLOAD_BYTES } from '../net/origins';
import type { ProviderCall } from '../types';
import { cancelled, sleep } from './retry';

export interface QueuedJobSpec {
  /** The provider's name for people, e.g. `fal.ai`. */
  readonly label: string;
  /** Sends to the provider's API origins only, with its key. */
  readonly send: CredentialedFetch;
  /** Until the whole job is done: submit, polls and downloads. */
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** A failed HTTP answer of the API (or of a download) as an error people understand. */
  httpError(res: Response, text: string, requestId?: string): PixelsmithError;
}

/** What one poll decided: keep polling (optionally telling the user where the job stands), or stop with a value. */
export type PollStep<R> = { readonly done: true; readonly value: R } | { readonly done: false };

/** Tries of one result fetch or download after a transient failure (429, 5xx, network). */
const AFTER_ACCEPT_TRIES = 3;
/** Transient poll failures in a row before the job is given up (it may still finish at the provider). */
const POLL_FAILURES = 5;

const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', Accept: 'application/json' };

export class QueuedJob {
  private readonly deadline: number;
  /** Set once the provider took the job: it may be billed from here on. */
  private accepted = false;

  constructor(private readonly spec: QueuedJobSpec, private readonly call: ProviderCall) {
    this.deadline = Date.now() + spec.timeoutMs;
  }

  /** POST `body` as JSON to the API; the parsed answer. From here on the job counts as accepted (and maybe billed). */
  async submit<T>(url: string, body: unknown): Promise<T> {
    const answer = await this.json<T>(url, { method: 'POST', body: JSON.stringify(body) });
    this.accepted = true;
    return answer;
  }

  /** GET JSON from the API (after acceptance, transient failures are tried again here). */
  get<T>(url: string, requestId?: string): Promise<T> {
    return this.afterAccept(() => this.json<T>(url, { method: 'GET' }, requestId), AFTER_ACCEPT_TRIES);
  }

  /**
   * Runs `work` with `onCancel` armed: a cancel during it tells the provider (fire and forget, it may already be done)
   * while the call's own signal stops every request and wait of ours.
   */
  async whileCancellable<R>(onCancel: (() => Promise<unknown>) | undefined, work: () => Promise<R>): Promise<R> {
    if (!onCancel) return work();
    const fire = () => { void onCancel().catch(() => undefined); };
    this.call.signal.addEventListener('abort', fire, { once: true });
    try {
      return await work();
    } finally {
      this.call.signal.removeEventListener('abort', fire);
    }
  }

  /** Polls `url` every pollIntervalMs until `step` says done; the deadline and a cancel end it. */
  async poll<T, R>(url: string, requestId: string, step: (answer: T) => PollStep<R>): Promise<R> {
    for (;;) {
      // A transient failure of one poll is not the job's failure: the next poll asks again.
      const s = step(await this.afterAccept(() => this.json<T>(url, { method: 'GET' }, requestId), POLL_FAILURES));
      if (s.done) return s.value;
      if (Date.now() > this.deadline) throw this.timeout(requestId);
      await sleep(this.spec.pollIntervalMs, this.call.signal);
    }
  }

  /** The bytes at `url`, fetched with no credential (a storage or CDN host), at most `maxBytes`. */
  async download(url: unknown, requestId: string, maxBytes: number): Promise<Uint8Array> {
    const label = this.spec.label;
    if (typeof url !== 'string') throw new PixelsmithError('server', `${label} listed an image without a URL.`, { requestId, retryable: false });
    return this.afterAccept(async () => {
      const res = await this.fetch((signal) => fetchWithoutCredentials(url, signal), requestId);
      if (!res.ok) throw this.spec.httpError(res, await readCappedText(res, `A ${label} error`), requestId);
      return readCapped(res, `A ${label} image`, Math.min(MAX_DOWNLOAD_BYTES, maxBytes));
    }, AFTER_ACCEPT_TRIES);
  }

  /**
   * `work` before acceptance as it is; after, tried up to `tries` times while it fails transiently (a retryable
   * error: 429, 5xx, network) and the deadline allows, and whatever it finally throws is non-retryable.
   */
  private async afterAccept<R>(work: () => Promise<R>, tries: number): Promise<R> {
    if (!this.accepted) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (e) {
        const err = e instanceof PixelsmithError ? e : new PixelsmithError('server', String(e), { retryable: false, cause: e });
        if (!err.retryable || attempt >= tries || this.call.signal.aborted) throw afterAnswer(err);
        if (Date.now() + this.spec.pollIntervalMs * attempt > this.deadline) throw afterAnswer(err);
        await sleep(this.spec.pollIntervalMs * attempt, this.call.signal);
      }
    }
  }

  /** The error for a job that did not finish before the deadline; it may have been billed, so it is not retried. */
  timeout(requestId?: string): PixelsmithError {
    return new PixelsmithError('timeout', `${this.spec.label} did not finish in time. The request may still have been billed, so it was not retried.`, {
      retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.', ...(requestId ? { requestId } : {}),
    });
  }

  /** `go` with the call's signal and the deadline; network failures become PixelsmithErrors. */
  private async fetch(go: (signal: AbortSignal) => Promise<Response>, requestId?: string): Promise<Response> {
    if (this.call.signal.aborted) throw cancelled();
    const timeout = AbortSignal.timeout(Math.max(1, this.deadline - Date.now()));
    try {
      return await go(AbortSignal.any([this.call.signal, timeout]));
    } catch (e) {
      if (e instanceof PixelsmithError) throw e;
      if (this.call.signal.aborted) throw cancelled();
      if (timeout.aborted) throw this.timeout(requestId);
      throw new PixelsmithError('network', `Could not reach ${this.spec.label}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async json<T>(url: string, init: RequestInit, requestId?: string): Promise<T> {
    const res = await this.fetch((signal) => this.spec.send(url, { ...init, headers: JSON_HEADERS, signal }), requestId);
    const text = await readCappedText(res, `The ${this.spec.label} answer`);
    if (!res.ok) throw this.spec.httpError(res, text, requestId);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PixelsmithError('server', `${this.spec.label} answered something that is not JSON (${res.status}).`, { retryable: false, ...(requestId ? { requestId } : {}) });
    }
  }
}

/** A reference image as a `data:` URI, as fal.ai and BFL take them in JSON. */
export function dataUri(f: { readonly mimeType: string; readonly bytes: Uint8Array }): string {
  return `data:${f.mimeType};base64,${Buffer.from(f.bytes).toString('base64')}`;
}

/** Fire-and-forget helper for cancel requests: the provider's cancel endpoint, with the key, JSON headers. */
export function cancelRequest(send: CredentialedFetch, url: string, method = 'PUT'): () => Promise<unknown> {
  return () => send(url, { method, headers: JSON_HEADERS });
}

/**
 * The message of an error body in the FastAPI shapes fal.ai and BFL answer with (`{detail: string}`,
 * `{detail: [{loc, msg, type}]}`, `{error}`), and the `type`s it names (fal's `content_policy_violation`).
 */
export function errorDetail(text: string): { message?: string; types: readonly string[] } {
  try {
    const body = JSON.parse(text) as { detail?: unknown; error?: { message?: string } | string; message?: unknown };
    if (Array.isArray(body.detail)) {
      const items = body.detail as { msg?: string; type?: string; loc?: unknown[] }[];
      const message = items.map((d) => (d.loc?.length ? `${d.loc.filter((l) => l !== 'body').join('.')}: ` : '') + (d.msg ?? d.type ?? '')).join('; ');
      return { message, types: items.map((d) => d.type ?? '') };
    }
    const message = typeof body.detail === 'string' ? body.detail : typeof body.error === 'string' ? body.error
      : body.error?.message ?? (typeof body.message === 'string' ? body.message : undefined);
    return { ...(message ? { message } : {}), types: [] };
  } catch {
    return { ...(text ? { message: text.slice(0, 200) } : {}), types: [] };
  }
}
