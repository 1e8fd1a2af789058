// Gemini's Batch API for image generation (REST, v1beta), as Google's own sources state it:
// - create: `POST /v1beta/models/{model}:batchGenerateContent` with `{ batch: { displayName, inputConfig: { requests:
//   { requests: [{ request: GenerateContentRequest, metadata: { key } }] } } } }` (@google/genai 3.3.0,
//   dist/node/index.mjs: createBatchJobParametersToMldev, batchJobSourceToMldev, inlinedRequestToMldev; the Batch API
//   guide's REST example sends the same in snake_case). The answer is a long-running Operation named `batches/{id}`.
// - get: `GET /v1beta/batches/{id}` → Operation `{ name, metadata: GenerateContentBatch { state, output, … }, done,
//   response?: GenerateContentBatchOutput, error?: Status }`; the SDK (batchJobFromMldev) reads `metadata.state` and
//   `metadata.output`, the guide's REST example reads `response.inlinedResponses` / `response.responsesFile`; both are
//   read here. GenerateContentBatchOutput is `{ responsesFile }` or `{ inlinedResponses: { inlinedResponses: [
//   InlinedResponse { response?: GenerateContentResponse, metadata?: { key }, error?: Status } ] } }`, in input order.
// - state: the API's BatchState `BATCH_STATE_PENDING/RUNNING/SUCCEEDED/FAILED/CANCELLED/EXPIRED` (the SDK's tJobState
//   maps each to `JOB_STATE_…`, which the guide's REST example compares against): both prefixes are accepted.
// - a results file: `GET /download/v1beta/{responsesFile}:download?alt=media` (guide), JSONL, one line per request
//   `{ key?, response? | error? }`, in input order.
// - cancel: `POST /v1beta/batches/{id}:cancel` (SDK: path 'batches/{name}:cancel'; answers an empty object).
import { PixelsmithError, toErrorInfo } from '../errors';
import { geminiBody, readAnswer, type GenerateContentResponse } from '../providers/gemini/client';
import type { BatchLine, LineOutcome, RemoteBatch } from './backend';
import { batchProviderOf } from './backend';

/** The states after which nothing changes (BatchState, without its prefix, lower case). */
const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

/** The body of one `models/{model}:batchGenerateContent` call: every line is the generateContent body a direct call sends. */
export function batchCreateBody(lines: readonly BatchLine[], displayName: string): unknown {
  const model = lines[0]?.request.model;
  return {
    batch: {
      displayName,
      inputConfig: {
        requests: {
          requests: lines.map(({ customId, request }) => {
            if (batchProviderOf(request) !== 'gemini') throw new PixelsmithError('invalid-request', `${customId}: only Gemini text-to-image requests go into a Gemini batch.`, { field: 'batch' });
            if (request.model !== model) throw new PixelsmithError('invalid-request', `${customId}: a Gemini batch is for one model (${model}), not ${request.model}.`, { field: 'model' });
            return { request: geminiBody({ request, n: 1, signal: new AbortController().signal }), metadata: { key: customId } };
          }),
        },
      },
    },
  };
}

interface Status { code?: unknown; message?: unknown; status?: unknown }
interface InlinedResponse { response?: GenerateContentResponse; metadata?: { key?: unknown }; error?: Status }
interface BatchOutputJson { responsesFile?: unknown; inlinedResponses?: { inlinedResponses?: unknown } }
export interface BatchOperation {
  name?: unknown;
  metadata?: { state?: unknown; output?: BatchOutputJson };
  done?: unknown;
  response?: BatchOutputJson;
  error?: Status;
}

/** `BATCH_STATE_SUCCEEDED` or `JOB_STATE_SUCCEEDED` → `succeeded`. */
export function stateName(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/^(BATCH|JOB)_STATE_/, '').toLowerCase() : 'unknown';
}

/** An Operation as Pixelsmith's RemoteBatch: its state, and where its results are once it has ended. */
export function readOperation(op: BatchOperation): RemoteBatch {
  if (typeof op.name !== 'string' || !op.name.startsWith('batches/')) {
    throw new PixelsmithError('server', 'The Gemini Batch API answered without a batch name (batches/…).', { retryable: false });
  }
  const status = stateName(op.metadata?.state);
  const out = op.response ?? op.metadata?.output;
  const inlined = out?.inlinedResponses?.inlinedResponses;
  const errors = op.error ? statusText(op.error) : undefined;
  return {
    id: op.name, status, ended: ENDED.has(status),
    output: { kind: 'gemini', ...(typeof out?.responsesFile === 'string' ? { responsesFile: out.responsesFile } : {}), ...(Array.isArray(inlined) ? { inlined } : {}) },
    ...(errors ? { errors } : {}),
  };
}

/**
 * The outcome of each line, by custom id: a result names its line by `metadata.key` (inlined) or `key` (file); one
 * without a key is the line at its position (Google writes them in input order). Decoding an image takes a few
 * tens of ms: the event loop gets a turn between lines.
 */
export async function outcomesOf(results: readonly unknown[], customIds: readonly string[]): Promise<Map<string, LineOutcome>> {
  const out = new Map<string, LineOutcome>();
  for (const [i, raw] of results.entries()) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const r = (raw ?? {}) as InlinedResponse & { key?: unknown };
    const key = typeof r.metadata?.key === 'string' ? r.metadata.key : typeof r.key === 'string' ? r.key : customIds[i];
    if (key === undefined || !customIds.includes(key)) continue;
    out.set(key, outcomeOf(r));
  }
  return out;
}

const BLOB_MARK = '\u0000pixelsmith-blob:';
/** The mark as it is written into JSON text (a raw NUL is not allowed in a JSON string). */
const BLOB_MARK_JSON = '\\u0000pixelsmith-blob:';
/** Strings shorter than this stay in the JSON (only inline images are this long). */
const BLOB_MIN_CHARS = 4096;

/**
 * JSON.parse of an answer carrying images inline holds the event loop about 20 ms per MB (a 16 MB answer of eight 1K
 * PNGs: ~325 ms here): the long base64 `"data"` strings are cut out first (native indexOf and slices), the small rest
 * is parsed, and the strings are put back where they were. A string with an escape in it is left to JSON.parse.
 */
export function parseWithInlineData(text: string): unknown {
  const blobs: string[] = [];
  const parts: string[] = [];
  const key = /"data"\s*:\s*"/g;
  let last = 0;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('"', start);
    if (end < 0) break;
    key.lastIndex = end + 1;
    if (end - start < BLOB_MIN_CHARS) continue;
    const value = text.slice(start, end);
    if (value.includes('\\')) continue;
    parts.push(text.slice(last, start), `${BLOB_MARK_JSON}${blobs.length}`);
    blobs.push(value);
    last = end;
  }
  parts.push(text.slice(last));
  return blobs.length ? restore(JSON.parse(parts.join('')), blobs) : JSON.parse(text);
}

function restore(value: unknown, blobs: readonly string[]): unknown {
  if (typeof value === 'string') return value.startsWith(BLOB_MARK) ? blobs[Number(value.slice(BLOB_MARK.length))] : value;
  if (Array.isArray(value)) { value.forEach((v, i) => { value[i] = restore(v, blobs); }); return value; }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = restore(v, blobs);
  return value;
}

/** A results file (JSONL) as the list `outcomesOf` reads; a line that is not JSON is named. */
export function resultsFileLines(text: string): unknown[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return parseWithInlineData(line);
    } catch {
      throw new PixelsmithError('server', `The Gemini batch's results file has a line that is not JSON (line ${i + 1}).`, { retryable: false });
    }
  });
}

function outcomeOf(r: InlinedResponse): LineOutcome {
  const requestId = typeof r.response?.responseId === 'string' ? { requestId: r.response.responseId } : {};
  if (r.error) return { ok: false, error: statusText(r.error), ...requestId };
  if (!r.response) return { ok: false, error: 'The line came back without a response or an error.' };
  try {
    // The same reading as a direct answer: a blocked prompt, a text-only answer or a non-PNG image is this line's error.
    const answer = readAnswer(r.response);
    return { ok: true, images: answer.images.map((x) => x.bytes), ...(answer.usage ? { usage: answer.usage } : {}), ...requestId };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e).message, ...requestId };
  }
}

function statusText(s: Status): string {
  const message = typeof s.message === 'string' ? s.message : 'failed';
  const code = typeof s.status === 'string' ? s.status : typeof s.code === 'number' ? String(s.code) : undefined;
  return `${message}${code ? ` (${code})` : ''}`;
}
