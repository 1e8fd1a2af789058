// OpenAI's Files and Batch APIs, as the openai SDK (7.59) types them: upload a JSONL file (purpose `batch`), create a
// batch for `/v1/images/generations`, retrieve it (validating → in_progress for `batchPolls` retrieves → completed),
// download the output and error files, cancel. Each input line is answered like POST /v1/images/generations; rules on
// the virtual route `openai.batch.line` script single lines (taken in line order: `ok`, `status`, `moderation`).
import { randomBytes } from 'node:crypto';
import type { RouteContext } from './context';
import type { FakeGeminiBatch } from './geminiBatch';
import { moderationAnswer, openaiError, statusAnswer } from './errors';
import { fakeUsage, openaiParams, ParamError } from './params';
import { makeImage, serve } from './served';

export interface FakeBatchFile { readonly id: string; readonly purpose: string; readonly filename: string; readonly bytes: Buffer; readonly createdAt: number }

export interface FakeBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly endpoint: string;
  readonly createdAt: number;
  readonly metadata: Record<string, string> | null;
  status: 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'cancelling' | 'cancelled';
  polls: number;
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
}

export interface BatchState {
  readonly files: Map<string, FakeBatchFile>;
  readonly batches: Map<string, FakeBatch>;
  /** Gemini's batches by name (`batches/…`) and results files by name (`files/…`), see geminiBatch.ts. */
  readonly gemini: Map<string, FakeGeminiBatch>;
  readonly geminiFiles: Map<string, Buffer>;
}

export const newBatchState = (): BatchState => ({ files: new Map(), batches: new Map(), gemini: new Map(), geminiFiles: new Map() });

const id = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;
const now = (): number => Math.floor(Date.now() / 1000);

function fileObject(f: FakeBatchFile): Record<string, unknown> {
  return { id: f.id, object: 'file', bytes: f.bytes.length, created_at: f.createdAt, filename: f.filename, purpose: f.purpose, status: 'processed' };
}

function batchObject(b: FakeBatch): Record<string, unknown> {
  return {
    id: b.id, object: 'batch', endpoint: b.endpoint, input_file_id: b.inputFileId, completion_window: '24h', status: b.status,
    created_at: b.createdAt, expires_at: b.createdAt + 86_400, metadata: b.metadata, request_counts: b.counts,
    ...(b.outputFileId ? { output_file_id: b.outputFileId } : {}), ...(b.errorFileId ? { error_file_id: b.errorFileId } : {}),
    ...(b.status === 'completed' ? { completed_at: now() } : {}), ...(b.status === 'cancelled' ? { cancelled_at: now() } : {}),
  };
}

/** POST /v1/files, multipart: `purpose` and `file`. */
export async function filesCreate(ctx: RouteContext): Promise<void> {
  const purpose = ctx.parts?.find((p) => p.name === 'purpose')?.data.toString('utf8');
  const file = ctx.parts?.find((p) => p.name === 'file');
  if (!purpose) return ctx.sendJson(400, openaiError("Missing required parameter: 'purpose'.", 'invalid_request_error', 'purpose'));
  if (!file) return ctx.sendJson(400, openaiError("Missing required parameter: 'file'.", 'invalid_request_error', 'file'));
  const f: FakeBatchFile = { id: id('file'), purpose, filename: file.filename ?? 'upload', bytes: file.data, createdAt: now() };
  ctx.state.batch.files.set(f.id, f);
  return ctx.sendJson(200, fileObject(f));
}

/** GET /v1/files/{id}/content. */
export async function filesContent(ctx: RouteContext, fileId: string): Promise<void> {
  const f = ctx.state.batch.files.get(fileId);
  if (!f) return ctx.sendJson(404, openaiError(`No such File object: ${fileId}`, 'invalid_request_error', 'id'));
  return ctx.sendBytes(200, f.bytes, 'application/octet-stream');
}

/** POST /v1/batches: `{ input_file_id, endpoint, completion_window, metadata? }`. */
export async function batchesCreate(ctx: RouteContext): Promise<void> {
  const body = (ctx.json ?? {}) as { input_file_id?: unknown; endpoint?: unknown; completion_window?: unknown; metadata?: unknown };
  const input = typeof body.input_file_id === 'string' ? ctx.state.batch.files.get(body.input_file_id) : undefined;
  if (!input) return ctx.sendJson(400, openaiError('Invalid input_file_id.', 'invalid_request_error', 'input_file_id'));
  if (input.purpose !== 'batch') return ctx.sendJson(400, openaiError("The input file must be uploaded with purpose 'batch'.", 'invalid_request_error', 'input_file_id'));
  if (body.endpoint !== '/v1/images/generations') return ctx.sendJson(400, openaiError('This fake serves batches for /v1/images/generations only.', 'invalid_request_error', 'endpoint'));
  if (body.completion_window !== '24h') return ctx.sendJson(400, openaiError("completion_window must be '24h'.", 'invalid_request_error', 'completion_window'));
  const lines = input.bytes.toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const b: FakeBatch = {
    id: id('batch'), inputFileId: input.id, endpoint: body.endpoint, createdAt: now(), status: 'validating', polls: 0,
    metadata: (body.metadata ?? null) as Record<string, string> | null, counts: { total: lines.length, completed: 0, failed: 0 },
  };
  ctx.state.batch.batches.set(b.id, b);
  return ctx.sendJson(200, batchObject(b));
}

/** GET /v1/batches/{id}: each retrieve moves the batch on; the lines are run when it completes. */
export async function batchesRetrieve(ctx: RouteContext, batchId: string): Promise<void> {
  const b = ctx.state.batch.batches.get(batchId);
  if (!b) return ctx.sendJson(404, openaiError(`No such batch: ${batchId}`, 'invalid_request_error', 'id'));
  b.polls++;
  if (b.status === 'validating') b.status = 'in_progress';
  else if (b.status === 'cancelling') b.status = 'cancelled';
  else if (b.status === 'in_progress' && b.polls > ctx.state.options.batchPolls) run(ctx, b);
  return ctx.sendJson(200, batchObject(b));
}

/** POST /v1/batches/{id}/cancel. */
export async function batchesCancel(ctx: RouteContext, batchId: string): Promise<void> {
  const b = ctx.state.batch.batches.get(batchId);
  if (!b) return ctx.sendJson(404, openaiError(`No such batch: ${batchId}`, 'invalid_request_error', 'id'));
  if (b.status === 'completed' || b.status === 'failed' || b.status === 'cancelled') {
    return ctx.sendJson(409, openaiError(`Cannot cancel a batch with status ${b.status}.`, 'invalid_request_error'));
  }
  b.status = 'cancelling';
  return ctx.sendJson(200, batchObject(b));
}

function run(ctx: RouteContext, b: FakeBatch): void {
  const input = ctx.state.batch.files.get(b.inputFileId)!;
  const out: string[] = [];
  const errors: string[] = [];
  for (const text of input.bytes.toString('utf8').split('\n').filter((l) => l.trim() !== '')) {
    const line = JSON.parse(text) as { custom_id: string; method: string; url: string; body: Record<string, unknown> };
    const requestId = id('req');
    const answer = (status: number, body: unknown) => JSON.stringify({ id: id('batch_req'), custom_id: line.custom_id, response: { status_code: status, request_id: requestId, body }, error: null });
    const behaviour = ctx.state.takeRule('openai.batch.line');
    if (line.url !== b.endpoint || line.method !== 'POST') { errors.push(answer(400, openaiError(`The line's url must be ${b.endpoint}.`, 'invalid_request_error', 'url'))); continue; }
    if (behaviour?.kind === 'status') { const a = statusAnswer('openai', behaviour); errors.push(answer(a.status, a.body)); continue; }
    if (behaviour?.kind === 'moderation') { const a = moderationAnswer('openai', requestId, String(line.body.prompt ?? '')); errors.push(answer(a.status, a.body)); continue; }
    try {
      const p = openaiParams((k) => line.body[k]);
      const data = [];
      for (let i = 0; i < p.n; i++) {
        const { bytes } = makeImage(ctx, p, i);
        serve(ctx, bytes, p.format, p.width, p.height, i, false);
        data.push({ b64_json: Buffer.from(bytes).toString('base64') });
      }
      out.push(answer(200, { created: now(), output_format: p.format, quality: p.quality, size: `${p.width}x${p.height}`, data, usage: fakeUsage(p, 0) }));
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      errors.push(answer(e.status, openaiError(e.message, 'invalid_request_error', e.param, e.code)));
    }
  }
  const save = (lines: string[]): string | undefined => {
    if (lines.length === 0) return undefined;
    const f: FakeBatchFile = { id: id('file'), purpose: 'batch_output', filename: `${b.id}.jsonl`, bytes: Buffer.from(`${lines.join('\n')}\n`), createdAt: now() };
    ctx.state.batch.files.set(f.id, f);
    return f.id;
  };
  const outputFileId = save(out);
  const errorFileId = save(errors);
  if (outputFileId) b.outputFileId = outputFileId;
  if (errorFileId) b.errorFileId = errorFileId;
  b.counts = { total: b.counts.total, completed: out.length, failed: errors.length };
  b.status = 'completed';
}
