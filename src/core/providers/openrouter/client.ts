// OpenRouter over its OpenAI-compatible chat API: `POST {base}/chat/completions` with `modalities` and
// `image_config.aspect_ratio`; images come back as data URLs in `choices[0].message.images[].image_url.url`,
// references go as `image_url` content parts, and `usage.cost` is what the call cost. Per OpenRouter's image guide,
// models that output only images (FLUX, Sourceful) take `modalities: ["image"]`, the others `["image", "text"]`:
// which one a model is comes from `GET {base}/models?output_modalities=image`, read once and kept for an hour.
import { PixelsmithError } from '../../errors';
import { credentialedFetch, readCappedText, type CredentialedFetch } from '../../net/fetch';
import { apiOrigins, MAX_DOWNLOAD_BYTES } from '../../net/origins';
import type { ImageProvider, ProviderCall, ProviderResult, Usage } from '../../types';
import { answerLimits } from '../answerLimits';
import { cancelled } from '../retry';
import { parseRetryAfter, translateHttpFailure } from '../translate';
import { aspectRatioFor, OPENROUTER_RATIOS } from './models';

export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

export interface OpenRouterConfig {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

/** An image-capable model as OpenRouter lists it. */
export interface OpenRouterModel { readonly id: string; readonly name: string; readonly outputModalities: readonly string[] }

interface ChatAnswer {
  id?: string;
  choices?: { message?: { content?: unknown; images?: { image_url?: { url?: unknown } }[] }; finish_reason?: string; native_finish_reason?: string; error?: OpenRouterErrorBody['error'] }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number; cost?: number;
    completion_tokens_details?: { image_tokens?: number; reasoning_tokens?: number }; prompt_tokens_details?: { image_tokens?: number } };
  error?: OpenRouterErrorBody['error'];
}
interface OpenRouterErrorBody { error?: { code?: number | string; message?: string; metadata?: { reasons?: string[]; flagged_input?: string; provider_name?: string; raw?: unknown } } }

const MODELS_TTL_MS = 60 * 60 * 1000;
let cache: { base: string; at: number; models: Promise<readonly OpenRouterModel[]> } | undefined;

/** Forget the cached model list, so the next call reads it again. */
export function refreshOpenRouterModels(): void {
  cache = undefined;
}

export function createOpenRouterProvider(c: OpenRouterConfig): ImageProvider & { models(signal?: AbortSignal): Promise<readonly OpenRouterModel[]> } {
  const base = c.baseUrl.replace(/\/+$/, '');
  const api = apiOrigins('OpenRouter', 'pixelsmith.openrouter.baseUrl', base, [OPENROUTER_DEFAULT_BASE_URL]);
  const send = credentialedFetch(api, { Authorization: `Bearer ${c.apiKey}` });
  const models = (signal?: AbortSignal) => imageModels(send, base, signal);
  return { id: 'openrouter', models, call: (call) => generate(c, send, base, call, models) };
}

/** OpenRouter's image-capable models, cached for an hour per base URL. */
function imageModels(send: CredentialedFetch, base: string, signal?: AbortSignal): Promise<readonly OpenRouterModel[]> {
  if (cache && cache.base === base && Date.now() - cache.at < MODELS_TTL_MS) return cache.models;
  const models = (async () => {
    const res = await send(`${base}/models?output_modalities=image`, { method: 'GET', headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
    const text = await readCappedText(res, 'The OpenRouter model list', 16 * 1024 * 1024);
    if (!res.ok) throw openRouterHttpError(res.status, text, (n) => res.headers.get(n));
    const list = (JSON.parse(text) as { data?: { id?: unknown; name?: unknown; architecture?: { output_modalities?: unknown } }[] }).data ?? [];
    return list.flatMap((m) => {
      const out = Array.isArray(m.architecture?.output_modalities) ? (m.architecture.output_modalities as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      return typeof m.id === 'string' && out.includes('image') ? [{ id: m.id, name: typeof m.name === 'string' ? m.name : m.id, outputModalities: out }] : [];
    });
  })();
  cache = { base, at: Date.now(), models };
  models.catch(() => { if (cache?.models === models) cache = undefined; });
  return models;
}

/** The chat request for one image. */
export function openRouterBody(call: ProviderCall, imageOnly: boolean): unknown {
  const r = call.request;
  const aspect = aspectRatioFor(r.model, r.size);
  if (r.size !== 'auto' && !aspect) {
    throw new PixelsmithError('invalid-request', `size "${r.size}" has no aspect ratio OpenRouter takes. Allowed: auto, or a WIDTHxHEIGHT in the ratio ${OPENROUTER_RATIOS.join(', ')}.`, {
      field: 'size', retryable: false,
    });
  }
  const refs = (r.references ?? []).map((f) => ({ type: 'image_url', image_url: { url: `data:${f.mimeType};base64,${Buffer.from(f.bytes).toString('base64')}` } }));
  return {
    model: r.model,
    messages: [{ role: 'user', content: [{ type: 'text', text: r.prompt }, ...refs] }],
    modalities: imageOnly ? ['image'] : ['image', 'text'],
    ...(aspect ? { image_config: { aspect_ratio: aspect } } : {}),
    stream: false,
  };
}

async function generate(
  c: OpenRouterConfig, send: CredentialedFetch, base: string, call: ProviderCall,
  models: (signal?: AbortSignal) => Promise<readonly OpenRouterModel[]>,
): Promise<ProviderResult> {
  if (call.signal.aborted) throw cancelled();
  const timeout = AbortSignal.timeout(c.timeoutMs);
  const signal = AbortSignal.any([call.signal, timeout]);
  let res: Response;
  let text: string;
  try {
    // The list only decides `modalities`; when it cannot be read, ask for image and text (what most models take).
    const listed = await models(signal).then((l) => l.find((m) => m.id === call.request.model), () => undefined);
    const imageOnly = listed !== undefined && !listed.outputModalities.includes('text');
    const body = JSON.stringify(openRouterBody(call, imageOnly));
    res = await send(`${base}/chat/completions`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, signal });
    text = await readCappedText(res, 'The OpenRouter answer', Math.min(MAX_DOWNLOAD_BYTES, answerLimits(call.request, 1).bodyBytes));
  } catch (e) {
    if (e instanceof PixelsmithError) throw e;
    if (call.signal.aborted) throw cancelled();
    if (timeout.aborted) {
      throw new PixelsmithError('timeout', 'OpenRouter did not answer in time. The request may still have been billed, so it was not retried.', {
        retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.',
      });
    }
    throw new PixelsmithError('network', `Could not reach OpenRouter: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw openRouterHttpError(res.status, text, (n) => res.headers.get(n));
  let answer: ChatAnswer;
  try {
    answer = JSON.parse(text) as ChatAnswer;
  } catch {
    throw new PixelsmithError('server', `OpenRouter answered something that is not JSON (${res.status}).`, { retryable: false });
  }
  return readChatAnswer(answer, call);
}

/** The images of a chat answer, decoded from their data URLs byte for byte; an answer without one is an error that shows the model's text. */
export function readChatAnswer(answer: ChatAnswer, call: ProviderCall): ProviderResult {
  const requestId = typeof answer.id === 'string' ? answer.id : undefined;
  const opts = requestId ? { requestId } : {};
  const choice = answer.choices?.[0];
  const err = answer.error ?? choice?.error;
  if (err) throw openRouterError(typeof err.code === 'number' ? err.code : 502, { error: err }, requestId);
  const message = choice?.message;
  const said = typeof message?.content === 'string' ? message.content.trim() : '';
  const urls = (message?.images ?? []).map((i) => i.image_url?.url).slice(0, call.n);
  if (urls.length === 0) {
    const reason = choice?.native_finish_reason ?? choice?.finish_reason;
    const blocked = reason !== undefined && /content_filter|SAFETY|PROHIBITED|BLOCKLIST/i.test(reason);
    if (blocked) {
      throw new PixelsmithError('moderation', `OpenRouter's model refused the image (finish reason ${reason})${said ? `: ${said.slice(0, 300)}` : ''}.`, {
        ...opts, retryable: false, hint: 'Rephrase the prompt or change the reference images; nothing was saved.',
      });
    }
    const quoted = said ? ` It said: "${said.slice(0, 500)}${said.length > 500 ? '…' : ''}"` : '';
    throw new PixelsmithError('server', `OpenRouter answered without an image${reason ? ` (finish reason ${reason})` : ''}.${quoted}`, {
      ...opts, retryable: false, hint: 'Check that the model makes images (its output modalities include image), or ask for the image explicitly.',
    });
  }
  const want = `image/${call.request.outputFormat}`;
  const images = urls.map((url, i) => {
    const decoded = typeof url === 'string' ? decodeDataUrl(url) : undefined;
    if (!decoded) throw new PixelsmithError('server', `OpenRouter's image ${i + 1} is not a base64 data URL; Pixelsmith downloads nothing it names.`, { ...opts, retryable: false });
    if (decoded.mime !== want) {
      throw new PixelsmithError('bad-image', `OpenRouter returned ${decoded.mime} where ${want} was asked; it was not saved.`, {
        ...opts, retryable: false, hint: `Ask this model for outputFormat ${decoded.mime.replace('image/', '')}.`,
      });
    }
    return { bytes: decoded.bytes, ...(said ? { revisedPrompt: said } : {}) };
  });
  const usage = usageOf(answer.usage);
  const cost = answer.usage?.cost;
  return { images, ...(usage ? { usage } : {}), ...(typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? { costUsd: cost } : {}), ...opts };
}

function usageOf(u: ChatAnswer['usage']): Usage | undefined {
  if (!u) return undefined;
  const out: Usage = {
    ...(u.prompt_tokens !== undefined ? { inputTokens: u.prompt_tokens } : {}),
    ...(u.completion_tokens !== undefined ? { outputTokens: u.completion_tokens } : {}),
    ...(u.completion_tokens_details?.image_tokens !== undefined ? { outputImageTokens: u.completion_tokens_details.image_tokens } : {}),
    ...(u.prompt_tokens_details?.image_tokens !== undefined ? { inputImageTokens: u.prompt_tokens_details.image_tokens } : {}),
    ...(u.total_tokens !== undefined ? { totalTokens: u.total_tokens } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `data:image/png;base64,…` decoded exactly; undefined for anything else (never fetched). */
export function decodeDataUrl(url: string): { mime: string; bytes: Uint8Array } | undefined {
  const m = /^data:(image\/[a-z0-9.+-]+);base64,/i.exec(url);
  if (!m) return undefined;
  const payload = url.slice(m[0].length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return undefined;
  const buf = Buffer.from(payload, 'base64');
  return { mime: m[1]!.toLowerCase(), bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

export function openRouterHttpError(status: number, text: string, header: (name: string) => string | null): PixelsmithError {
  let body: OpenRouterErrorBody = {};
  try { body = JSON.parse(text) as OpenRouterErrorBody; } catch { body = { error: { message: text.slice(0, 200) } }; }
  return openRouterError(status, body, header('x-request-id') ?? undefined, parseRetryAfter(header));
}

/** OpenRouter's error object `{ error: { code, message, metadata } }`: 402 is out of credit, 403 with `metadata.reasons` a moderation flag. */
function openRouterError(status: number, body: OpenRouterErrorBody, requestId?: string, retryAfterSeconds?: number): PixelsmithError {
  const e = body.error ?? {};
  const reasons = Array.isArray(e.metadata?.reasons) ? e.metadata.reasons.filter((r): r is string => typeof r === 'string') : [];
  const via = typeof e.metadata?.provider_name === 'string' ? ` (${e.metadata.provider_name})` : '';
  const message = e.message ? `${e.message}${via}` : undefined;
  if (status === 402) {
    return new PixelsmithError('quota', `OpenRouter: not enough credit for this request${message ? `: ${message}` : ''}`, {
      retryable: false, hint: 'Add credit at openrouter.ai/settings/credits, or lower the key\'s limit use.', ...(requestId ? { requestId } : {}),
    });
  }
  return translateHttpFailure('openrouter', {
    status, ...(message ? { message } : {}), requestId: requestId ?? null,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(status === 403 && reasons.length > 0 ? { moderation: { stage: 'input', categories: reasons } } : {}),
  });
}
