// Gemini's Batch API over REST with the Gemini provider's key and base URL: the key goes in `x-goog-api-key` to the
// Gemini origins only (core/net: credentialedFetch refuses any other host and any redirect). See geminiProtocol.ts
// for the shapes and their sources.
import { PixelsmithError } from '../errors';
import { credentialedFetch, readCappedText, type CredentialedFetch } from '../net/fetch';
import { apiOrigins, MAX_DOWNLOAD_BYTES } from '../net/origins';
import { GEMINI_DEFAULT_BASE_URL, geminiHttpError } from '../providers/gemini/client';
import { baseUrl, gemini } from '../providers/gemini/index';
import { requireKey, type ProviderEnvironment } from '../providers/declaration';
import type { BatchBackend, RemoteBatch } from './backend';
import { batchCreateBody, outcomesOf, parseWithInlineData, readOperation, resultsFileLines, type BatchOperation } from './geminiProtocol';

/** Answers without images (create, cancel, a running batch) are small; an ended one carries its images inline. */
const SMALL_ANSWER_BYTES = 4 * 1024 * 1024;

export async function createGeminiBatchApi(env: ProviderEnvironment, timeoutMs: number): Promise<BatchBackend> {
  const key = requireKey(gemini, env);
  const base = baseUrl(env).url.replace(/\/+$/, '');
  const send = credentialedFetch(apiOrigins('Google Gemini', 'pixelsmith.gemini.baseUrl', base, [GEMINI_DEFAULT_BASE_URL]), { 'x-goog-api-key': key });
  const call = (path: string, init: RequestInit, maxBytes: number) => request(send, `${base}${path}`, init, maxBytes, timeoutMs);
  const get = async (id: string) => operation(await call(`/v1beta/${batchName(id)}`, { method: 'GET' }, MAX_DOWNLOAD_BYTES));
  return {
    provider: 'gemini',
    submit: async (lines, label) => {
      const model = lines[0]?.request.model ?? '';
      const body = JSON.stringify(batchCreateBody(lines, label));
      return operation(await call(`/v1beta/models/${encodeURIComponent(model)}:batchGenerateContent`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }, SMALL_ANSWER_BYTES));
    },
    retrieve: get,
    results: async (remote, customIds) => {
      if (remote.output?.kind !== 'gemini') return new Map();
      if (remote.output.inlined) return outcomesOf(remote.output.inlined, customIds);
      const file = remote.output.responsesFile;
      if (!file) return new Map();
      if (!/^files\/[\w-]+$/.test(file)) throw new PixelsmithError('server', 'The Gemini Batch API named a results file that is not files/….', { retryable: false });
      return outcomesOf(resultsFileLines(await call(`/download/v1beta/${file}:download?alt=media`, { method: 'GET' }, MAX_DOWNLOAD_BYTES)), customIds);
    },
    cancel: async (id) => {
      await call(`/v1beta/${batchName(id)}:cancel`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }, SMALL_ANSWER_BYTES);
      return get(id);
    },
  };
}

/** `batches/{id}` as stored; anything else would make another path. */
function batchName(id: string): string {
  if (!/^batches\/[\w-]+$/.test(id)) throw new PixelsmithError('invalid-request', `"${id}" is not a Gemini batch name (batches/…).`, { field: 'batchId' });
  return id;
}

async function request(send: CredentialedFetch, url: string, init: RequestInit, maxBytes: number, timeoutMs: number): Promise<string> {
  let res: Response;
  let text: string;
  try {
    res = await send(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await readCappedText(res, 'The Gemini Batch API answer', maxBytes);
  } catch (e) {
    if (e instanceof PixelsmithError) throw e;
    throw new PixelsmithError('network', `Could not reach the Gemini Batch API: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw geminiHttpError(res.status, text, (n) => res.headers.get(n));
  return text;
}

function operation(text: string): RemoteBatch {
  let op: BatchOperation;
  try {
    op = parseWithInlineData(text) as BatchOperation;
  } catch {
    throw new PixelsmithError('server', 'The Gemini Batch API answered something that is not JSON.', { retryable: false });
  }
  return readOperation(op);
}
