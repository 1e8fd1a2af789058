// Google's Gemini API over REST: `POST {base}/v1beta/models/{model}:generateContent` with the key in
// `x-goog-api-key`, one image per call. Field names and enum values are @google/genai 2.32.0's (dist/genai.d.ts):
// GenerateContentResponse { candidates[].content.parts[].inlineData { mimeType, data }, candidates[].finishReason,
// finishMessage, promptFeedback { blockReason, blockReasonMessage }, usageMetadata { promptTokenCount,
// promptTokensDetails, candidatesTokenCount, candidatesTokensDetails, thoughtsTokenCount, totalTokenCount } }.
// Why not the SDK: see the README (its bundle is ~150 times this file's, and it fetches with its own client, outside
// the credentialed-fetch contract of core/net).
import { PixelsmithError } from '../../errors';
import { credentialedFetch, readCappedText, type CredentialedFetch } from '../../net/fetch';
import { apiOrigins, MAX_DOWNLOAD_BYTES } from '../../net/origins';
import type { ImageProvider, ProviderCall, ProviderResult, Usage } from '../../types';
import { answerLimits } from '../answerLimits';
import { cancelled } from '../retry';
import { parseRetryAfter, translateHttpFailure } from '../translate';
import { imageConfigFor } from './models';

export interface GeminiConfig {
  readonly apiKey: string;
  /** e.g. https://generativelanguage.googleapis.com */
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

interface Part { text?: string; thought?: boolean; inlineData?: { mimeType?: string; data?: string } }
interface TokenCount { modality?: string; tokenCount?: number }
export interface GenerateContentResponse {
  candidates?: { content?: { parts?: Part[] }; finishReason?: string; finishMessage?: string }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: {
    promptTokenCount?: number; promptTokensDetails?: TokenCount[]; candidatesTokenCount?: number;
    candidatesTokensDetails?: TokenCount[]; thoughtsTokenCount?: number; totalTokenCount?: number;
  };
  responseId?: string;
}

/** Finish reasons that mean the image was refused by Google's safety systems (FinishReason in the SDK). */
const BLOCKED_FINISH = new Set(['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT', 'IMAGE_PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_RECITATION']);

export function createGeminiProvider(c: GeminiConfig): ImageProvider {
  const api = apiOrigins('Google Gemini', 'pixelsmith.gemini.baseUrl', c.baseUrl, [GEMINI_DEFAULT_BASE_URL]);
  const send = credentialedFetch(api, { 'x-goog-api-key': c.apiKey });
  return { id: 'gemini', call: (call) => generate(c, send, call) };
}

/** The JSON body of one generateContent call. */
export function geminiBody(call: ProviderCall): unknown {
  const r = call.request;
  const imageConfig = imageConfigFor(r.model, r.size);
  const parts: unknown[] = [
    { text: r.prompt },
    ...(r.references ?? []).map((f) => ({ inlineData: { mimeType: f.mimeType, data: Buffer.from(f.bytes).toString('base64') } })),
  ];
  return {
    contents: [{ role: 'user', parts }],
    generationConfig: { responseModalities: ['TEXT', 'IMAGE'], candidateCount: 1, ...(imageConfig ? { imageConfig } : {}) },
  };
}

async function generate(c: GeminiConfig, send: CredentialedFetch, call: ProviderCall): Promise<ProviderResult> {
  if (call.signal.aborted) throw cancelled();
  const body = JSON.stringify(geminiBody(call));
  const url = `${c.baseUrl.replace(/\/+$/, '')}/v1beta/models/${encodeURIComponent(call.request.model)}:generateContent`;
  const timeout = AbortSignal.timeout(c.timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await send(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.any([call.signal, timeout]) });
    // One image as base64 plus the JSON around it, never more (answerLimits).
    text = await readCappedText(res, 'The Gemini answer', Math.min(MAX_DOWNLOAD_BYTES, answerLimits(call.request, 1).bodyBytes));
  } catch (e) {
    if (e instanceof PixelsmithError) throw e;
    if (call.signal.aborted) throw cancelled();
    if (timeout.aborted) {
      throw new PixelsmithError('timeout', 'Gemini did not answer in time. The request may still have been billed, so it was not retried.', {
        retryable: false, hint: 'Try again, or raise pixelsmith.requestTimeoutSeconds.',
      });
    }
    throw new PixelsmithError('network', `Could not reach Gemini: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw geminiHttpError(res.status, text, (n) => res.headers.get(n));
  let answer: GenerateContentResponse;
  try {
    answer = JSON.parse(text) as GenerateContentResponse;
  } catch {
    throw new PixelsmithError('server', `Gemini answered something that is not JSON (${res.status}).`, { retryable: false });
  }
  return readAnswer(answer);
}

/** The image, usage and request id of an answer; a block or a text-only answer is an error that says why. */
export function readAnswer(answer: GenerateContentResponse): ProviderResult {
  const requestId = typeof answer.responseId === 'string' ? answer.responseId : undefined;
  const opts = requestId ? { requestId } : {};
  const block = answer.promptFeedback?.blockReason;
  if (block) {
    const why = answer.promptFeedback?.blockReasonMessage;
    throw new PixelsmithError('moderation', `Gemini blocked the prompt (blockReason ${block})${why ? `: ${why}` : ''}.`, {
      ...opts, retryable: false, hint: 'Rephrase the prompt or change the reference images; nothing was generated.',
    });
  }
  const candidate = answer.candidates?.[0];
  const reason = candidate?.finishReason;
  const parts = candidate?.content?.parts ?? [];
  // Gemini 3 models may send interim "thought" images (parts with `thought: true`) before the final one: skip them.
  const image = parts.filter((p) => !p.thought && typeof p.inlineData?.data === 'string' && (p.inlineData.mimeType ?? '').startsWith('image/')).at(-1);
  const said = parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text!.trim()).filter(Boolean).join(' ');
  if (!image) {
    if (reason && BLOCKED_FINISH.has(reason)) {
      throw new PixelsmithError('moderation', `Gemini refused to return the image (finishReason ${reason})${candidate?.finishMessage ? `: ${candidate.finishMessage}` : ''}.`, {
        ...opts, retryable: false, hint: 'Rephrase the prompt or change the reference images; nothing was saved.',
      });
    }
    const quoted = said ? ` It said: "${said.slice(0, 500)}${said.length > 500 ? '…' : ''}"` : '';
    throw new PixelsmithError('server', `Gemini answered without an image${reason ? ` (finishReason ${reason})` : ''}.${quoted}`, {
      ...opts, retryable: false, hint: 'Ask for the image explicitly in the prompt ("Generate an image of …"), or try again.',
    });
  }
  const data = image.inlineData!;
  if (data.mimeType !== 'image/png') {
    throw new PixelsmithError('bad-image', `Gemini returned ${data.mimeType} where a PNG was asked; it was not saved.`, { ...opts, retryable: false });
  }
  const usage = usageOf(answer.usageMetadata);
  return {
    images: [{ bytes: decodeBase64(data.data!), ...(said ? { revisedPrompt: said } : {}) }],
    ...(usage ? { usage } : {}),
    ...opts,
  };
}

/** usageMetadata as Pixelsmith's Usage: thinking tokens count as text output (Google bills them so). */
export function usageOf(m: GenerateContentResponse['usageMetadata']): Usage | undefined {
  if (!m) return undefined;
  const by = (list: TokenCount[] | undefined, modality: string) => list?.filter((t) => t.modality === modality).reduce((s, t) => s + (t.tokenCount ?? 0), 0);
  const outputImageTokens = by(m.candidatesTokensDetails, 'IMAGE');
  const candidates = m.candidatesTokenCount;
  const thoughts = m.thoughtsTokenCount ?? 0;
  const outputTokens = candidates === undefined ? undefined : candidates + thoughts;
  const outputTextTokens = outputTokens !== undefined && outputImageTokens !== undefined ? outputTokens - outputImageTokens : undefined;
  const u: Usage = {
    ...(m.promptTokenCount !== undefined ? { inputTokens: m.promptTokenCount } : {}),
    ...(by(m.promptTokensDetails, 'TEXT') !== undefined ? { inputTextTokens: by(m.promptTokensDetails, 'TEXT') } : {}),
    ...(by(m.promptTokensDetails, 'IMAGE') !== undefined ? { inputImageTokens: by(m.promptTokensDetails, 'IMAGE') } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(outputImageTokens !== undefined ? { outputImageTokens } : {}),
    ...(outputTextTokens !== undefined ? { outputTextTokens } : {}),
    ...(m.totalTokenCount !== undefined ? { totalTokens: m.totalTokenCount } : {}),
  };
  return Object.keys(u).length > 0 ? u : undefined;
}

/** Google's error body `{ error: { code, message, status } }` (status e.g. INVALID_ARGUMENT, PERMISSION_DENIED, RESOURCE_EXHAUSTED). */
export function geminiHttpError(status: number, text: string, header: (name: string) => string | null): PixelsmithError {
  let message: string | undefined;
  let code: string | undefined;
  try {
    const e = (JSON.parse(text) as { error?: { message?: string; status?: string } }).error;
    message = e?.message;
    code = e?.status;
  } catch {
    message = text.slice(0, 200) || undefined;
  }
  // Google answers a bad key with 400 INVALID_ARGUMENT ("API key not valid"), not 401.
  const badKey = status === 400 && /API key not valid|API_KEY_INVALID/i.test(text);
  return translateHttpFailure('gemini', {
    status: badKey ? 401 : status,
    ...(message ? { message: code ? `${code}: ${message}` : message } : {}),
    // A daily or billing quota (RESOURCE_EXHAUSTED with a quota message and no retry hint) does not clear by retrying.
    ...(status === 429 && /quota/i.test(message ?? '') && header('retry-after') === null ? { code: 'insufficient_quota' } : {}),
    requestId: header('x-request-id'),
    retryAfterSeconds: parseRetryAfter(header),
  });
}

function decodeBase64(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
