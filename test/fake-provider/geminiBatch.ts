// Gemini's Batch API, in the shapes Google documents (see src/core/batch/geminiProtocol.ts for the sources):
// POST /v1beta/models/{model}:batchGenerateContent with inline requests → a long-running Operation `batches/{id}`
// (metadata: GenerateContentBatch, state BATCH_STATE_PENDING); GET /v1beta/batches/{id} moves it on (RUNNING for
// `batchPolls` gets, then its lines run and it is SUCCEEDED, done, with the output in `response` and `metadata.output`:
// inlined responses, or with the option `geminiBatchOutput: 'file'` a `responsesFile` served at
// GET /download/v1beta/files/{id}:download?alt=media); POST /v1beta/batches/{id}:cancel. Each line is answered like
// generateContent; rules on the virtual route `gemini.batch.line` script single lines in order (`ok`, `status` → the
// line's `error`, `moderation` → a blocked prompt, `no-image`).
import { randomBytes } from 'node:crypto';
import type { RouteContext } from './context';
import { statusAnswer } from './errors';
import { geminiAnswer } from './gemini';

export interface FakeGeminiBatch {
  readonly name: string;
  readonly model: string;
  readonly displayName: string;
  readonly createTime: string;
  readonly requests: readonly { readonly request: unknown; readonly metadata?: Record<string, string> }[];
  state: 'BATCH_STATE_PENDING' | 'BATCH_STATE_RUNNING' | 'BATCH_STATE_SUCCEEDED' | 'BATCH_STATE_CANCELLED';
  polls: number;
  output?: { inlinedResponses: { inlinedResponses: unknown[] } } | { responsesFile: string };
}

const TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1beta';

function invalid(ctx: RouteContext, message: string, status = 'INVALID_ARGUMENT', code = 400): Promise<void> {
  return ctx.sendJson(code, { error: { code, message, status } });
}

function operation(b: FakeGeminiBatch): unknown {
  const ended = b.state === 'BATCH_STATE_SUCCEEDED' || b.state === 'BATCH_STATE_CANCELLED';
  const output = b.output ? { '@type': `${TYPE}.GenerateContentBatchOutput`, ...b.output } : undefined;
  return {
    name: b.name,
    metadata: {
      '@type': `${TYPE}.GenerateContentBatch`, name: b.name, model: `models/${b.model}`, displayName: b.displayName,
      createTime: b.createTime, updateTime: new Date().toISOString(), state: b.state,
      batchStats: { requestCount: String(b.requests.length), pendingRequestCount: String(ended ? 0 : b.requests.length) },
      ...(output ? { output } : {}),
    },
    ...(ended ? { done: true } : {}),
    ...(output ? { response: output } : {}),
  };
}

/** POST /v1beta/models/{model}:batchGenerateContent (camelCase or snake_case, as the API takes both). */
export async function geminiBatchCreate(ctx: RouteContext, model: string): Promise<void> {
  const batch = (ctx.json as { batch?: Record<string, unknown> } | undefined)?.batch;
  if (!batch || typeof batch !== 'object') return invalid(ctx, '* BatchGenerateContentRequest.batch: batch is not specified');
  const displayName = batch.displayName ?? batch.display_name;
  if (typeof displayName !== 'string' || displayName === '') return invalid(ctx, '* GenerateContentBatch.display_name: display_name is required');
  const input = (batch.inputConfig ?? batch.input_config) as { requests?: { requests?: unknown } } | undefined;
  const requests = input?.requests?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return invalid(ctx, '* GenerateContentBatch.input_config: requests or file_name is required');
  for (const [i, r] of requests.entries()) {
    const x = r as { request?: unknown; metadata?: unknown };
    if (!x || typeof x.request !== 'object' || x.request === null) return invalid(ctx, `* InlinedRequests.requests[${i}].request: request is required`);
    if (x.metadata !== undefined && (typeof x.metadata !== 'object' || Object.values(x.metadata as object).some((v) => typeof v !== 'string'))) {
      return invalid(ctx, `* InlinedRequests.requests[${i}].metadata: a map of strings`);
    }
  }
  const b: FakeGeminiBatch = {
    name: `batches/${randomBytes(10).toString('hex')}`, model, displayName, createTime: new Date().toISOString(),
    requests: requests as FakeGeminiBatch['requests'], state: 'BATCH_STATE_PENDING', polls: 0,
  };
  ctx.state.batch.gemini.set(b.name, b);
  return ctx.sendJson(200, operation(b));
}

/** GET /v1beta/batches/{id}: each get moves the batch on; its lines run when it succeeds. */
export async function geminiBatchGet(ctx: RouteContext, id: string): Promise<void> {
  const b = ctx.state.batch.gemini.get(`batches/${id}`);
  if (!b) return invalid(ctx, `Batch batches/${id} not found.`, 'NOT_FOUND', 404);
  b.polls++;
  if (b.state === 'BATCH_STATE_PENDING') b.state = 'BATCH_STATE_RUNNING';
  else if (b.state === 'BATCH_STATE_RUNNING' && b.polls > ctx.state.options.batchPolls) run(ctx, b);
  return ctx.sendJson(200, operation(b));
}

/** POST /v1beta/batches/{id}:cancel: an empty answer (the SDK's cancel returns nothing); the batch is cancelled. */
export async function geminiBatchCancel(ctx: RouteContext, id: string): Promise<void> {
  const b = ctx.state.batch.gemini.get(`batches/${id}`);
  if (!b) return invalid(ctx, `Batch batches/${id} not found.`, 'NOT_FOUND', 404);
  if (b.state === 'BATCH_STATE_SUCCEEDED' || b.state === 'BATCH_STATE_CANCELLED') return invalid(ctx, `Batch is in state ${b.state}.`, 'FAILED_PRECONDITION');
  b.state = 'BATCH_STATE_CANCELLED';
  return ctx.sendJson(200, {});
}

/** GET /download/v1beta/files/{id}:download?alt=media: a results file, JSONL. */
export async function geminiFileDownload(ctx: RouteContext, id: string): Promise<void> {
  if (ctx.url.searchParams.get('alt') !== 'media') return invalid(ctx, 'alt=media is required to download a file.');
  const f = ctx.state.batch.geminiFiles.get(`files/${id}`);
  if (!f) return invalid(ctx, `File files/${id} not found.`, 'NOT_FOUND', 404);
  return ctx.sendBytes(200, f, 'application/json');
}

function run(ctx: RouteContext, b: FakeGeminiBatch): void {
  const results = b.requests.map(({ request, metadata }) => {
    const behaviour = ctx.state.takeRule('gemini.batch.line');
    if (behaviour?.kind === 'status') {
      const a = statusAnswer('gemini', behaviour);
      const error = (a.body as { error?: unknown }).error ?? { code: a.status, message: 'failed' };
      return { ...(metadata ? { metadata } : {}), error };
    }
    const a = geminiAnswer(ctx, b.model, request, behaviour?.kind === 'ok' ? undefined : behaviour);
    if (a.status !== 200) return { ...(metadata ? { metadata } : {}), error: (a.body as { error: unknown }).error };
    return { ...(metadata ? { metadata } : {}), response: a.body };
  });
  if (ctx.state.options.geminiBatchOutput === 'file') {
    const name = `files/${randomBytes(8).toString('hex')}`;
    // A results file line names its request by `key` (the input file's convention).
    const lines = results.map(({ metadata, ...rest }) => JSON.stringify({ ...(metadata?.key ? { key: metadata.key } : {}), ...rest }));
    ctx.state.batch.geminiFiles.set(name, Buffer.from(`${lines.join('\n')}\n`));
    b.output = { responsesFile: name };
  } else {
    b.output = { inlinedResponses: { inlinedResponses: results } };
  }
  b.state = 'BATCH_STATE_SUCCEEDED';
}
