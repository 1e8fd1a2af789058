// Black Forest Labs' task API as docs.bfl.ai describes it: POST /v1/{model} (x-key) → { id, polling_url, cost,
// input_mp, output_mp }; GET /v1/get_result?id= (x-key) → { id, status, result, progress, details } with status
// Pending, then Ready (result.sample: a signed URL on a delivery host), or Request Moderated, Content Moderated, Error,
// Task not found; 429 when more than 24 tasks are in flight. Results are served from the fake's *second* port (its
// delivery origin), as BFL serves them from delivery.*.bfl.ai, so a test can see that no x-key reaches them.
import { randomUUID } from 'node:crypto';
import { extensionForFormat, mimeForFormat } from '../../src/core/imaging/formats';
import type { ImageFormat } from '../../src/core/types';
import type { RouteContext } from './context';
import { sha256 } from './record';
import { describeServed, makeImage } from './served';
import type { RecordedFile } from './types';

/** BFL answers 429 above this many active tasks per key. */
export const BFL_MAX_ACTIVE_TASKS = 24;
const REFERENCE_FIELDS = ['input_image', ...Array.from({ length: 7 }, (_, i) => `input_image_${i + 2}`)];
const MEGAPIXEL = 1024 * 1024;
/** Credits per megapixel the fake bills (1 credit = $0.01): the first MP, each further one. */
const CREDITS = { first: 3, further: 1.5 } as const;

export interface BflTask {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  /** How the task ends: Ready, or one of BFL's failure statuses (scripted on submit). */
  readonly outcome: 'Ready' | 'Request Moderated';
  polls: number;
  /** Answered its final status: no longer in flight. */
  settled: boolean;
}

function validation(ctx: RouteContext, loc: string, msg: string): Promise<void> {
  return ctx.sendJson(422, { detail: [{ loc: ['body', loc], msg, type: 'value_error' }] });
}

function whole(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** POST /v1/{model} */
export async function bflSubmit(ctx: RouteContext, model: string): Promise<void> {
  const body = ctx.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return validation(ctx, 'body', 'Input should be a valid dictionary');
  const b = body as Record<string, unknown>;
  if (typeof b.prompt !== 'string' || b.prompt === '') return validation(ctx, 'prompt', 'Field required');
  const width = b.width === undefined || b.width === null ? 1024 : whole(b.width);
  const height = b.height === undefined || b.height === null ? 1024 : whole(b.height);
  if (width === undefined || width < 64 || width % 16 !== 0) return validation(ctx, 'width', 'Input should be a multiple of 16 and at least 64');
  if (height === undefined || height < 64 || height % 16 !== 0) return validation(ctx, 'height', 'Input should be a multiple of 16 and at least 64');
  if (width * height > 4 * MEGAPIXEL) return validation(ctx, 'width', 'The image may have at most 4 megapixels');
  const format = b.output_format ?? 'jpeg';
  if (format !== 'jpeg' && format !== 'png') return validation(ctx, 'output_format', "Input should be 'jpeg' or 'png'");
  const refs = recordReferences(ctx, b);
  if (typeof refs === 'string') return validation(ctx, refs, 'Input should be a base64 encoded image or a URL');
  const active = [...ctx.state.bflTasks.values()].filter((t) => !t.settled).length;
  if (active >= BFL_MAX_ACTIVE_TASKS) return ctx.sendJson(429, { detail: `You have exceeded the number of active tasks (${BFL_MAX_ACTIVE_TASKS}). Please wait for some tasks to finish.` }, { 'retry-after': '1' });
  const outcome = ctx.behaviour?.kind === 'moderation' ? 'Request Moderated' : 'Ready';
  const pollOrigin = ctx.behaviour?.kind === 'bfl-urls' ? ctx.behaviour.pollOrigin : ctx.origin;
  const task: BflTask = { id: randomUUID(), model, prompt: b.prompt, width, height, format, outcome, polls: 0, settled: false };
  ctx.state.bflTasks.set(task.id, task);
  const outputMp = (width * height) / MEGAPIXEL;
  const inputMp = refs.reduce((sum, mp) => sum + mp, 0);
  const cost = CREDITS.first + Math.max(0, Math.ceil(outputMp + inputMp) - 1) * CREDITS.further;
  return ctx.sendJson(200, {
    id: task.id, polling_url: `${pollOrigin}/v1/get_result?id=${task.id}`,
    cost, input_mp: round2(inputMp), output_mp: round2(outputMp),
  });
}

/** GET /v1/get_result?id= */
export async function bflResult(ctx: RouteContext): Promise<void> {
  const id = ctx.url.searchParams.get('id') ?? '';
  const task = ctx.state.bflTasks.get(id);
  const scripted = ctx.behaviour?.kind === 'bfl-status' ? ctx.behaviour.status : ctx.behaviour?.kind === 'moderation' ? 'Content Moderated' : undefined;
  if (task && scripted) task.settled = true;
  if (!task || scripted === 'Task not found') return ctx.sendJson(200, { id, status: 'Task not found', result: null, progress: null, details: null });
  const pending = ctx.state.options.bflPendingPolls;
  task.polls++;
  if (!scripted && task.polls <= pending && task.outcome !== 'Request Moderated') {
    return ctx.sendJson(200, { id, status: 'Pending', result: null, progress: round2(task.polls / (pending + 1)), details: null });
  }
  task.settled = true;
  const outcome = scripted ?? task.outcome;
  if (outcome === 'Request Moderated' || outcome === 'Content Moderated') {
    return ctx.sendJson(200, { id, status: outcome, result: null, progress: null, details: { 'Moderation Reasons': ['violence'] } });
  }
  if (outcome === 'Error') return ctx.sendJson(200, { id, status: 'Error', result: null, progress: null, details: { error: 'Internal error while generating the image' } });
  const name = `${task.id}.${extensionForFormat(task.format)}`;
  const { bytes, truncated } = makeImage(ctx, {
    prompt: task.prompt, model: task.model, n: 1, width: task.width, height: task.height, size: `${task.width}x${task.height}`,
    quality: 'auto', background: 'auto', format: task.format, stream: false, partialImages: 0,
  }, 0);
  ctx.state.files.set(name, { bytes, format: task.format, width: task.width, height: task.height, index: 0, truncated });
  return ctx.sendJson(200, {
    id, status: 'Ready', progress: null, details: null,
    result: { sample: `${ctx.state.deliveryOrigin()}/delivery/${name}?se=fake&sig=${task.id.slice(0, 8)}`, prompt: task.prompt, seed: 42, duration: 1.2 },
  });
}

/** GET /delivery/{name}: the signed result on the delivery origin; no credential asked, none expected. */
export async function bflDelivery(ctx: RouteContext, name: string): Promise<void> {
  const file = ctx.state.files.get(name);
  if (!file) return ctx.sendBytes(404, new TextEncoder().encode('<Error><Code>BlobNotFound</Code></Error>'), 'application/xml');
  ctx.state.serve(describeServed(file.bytes, file.format, file.width, file.height, 'bfl.delivery', ctx.requestId, file.index, file.truncated));
  return ctx.sendBytes(200, file.bytes, mimeForFormat(file.format));
}

/**
 * Records each input_image field as an uploaded file (base64 or data: URI; a URL is kept as it is) and replaces its
 * value in the recorded JSON by a short description; the megapixels of each; or the name of the field that is neither.
 */
function recordReferences(ctx: RouteContext, body: Record<string, unknown>): number[] | string {
  const files = (ctx.record.files ?? []) as RecordedFile[];
  const json = ctx.record.json as Record<string, unknown>;
  const mps: number[] = [];
  for (const field of REFERENCE_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return field;
    if (/^https?:\/\//.test(v)) { mps.push(1); continue; }
    const m = /^data:([^;,]+);base64,/.exec(v);
    const bytes = Buffer.from(m ? v.slice(m[0].length) : v, 'base64');
    if (bytes.length === 0) return field;
    const mime = m?.[1] ?? sniff(bytes);
    files.push({ field, contentType: mime, size: bytes.length, sha256: sha256(bytes) });
    json[field] = `<base64:${mime};${bytes.length} bytes;sha256=${sha256(bytes)}>`;
    mps.push(1);
  }
  if (!ctx.record.files) (ctx.record as { files?: RecordedFile[] }).files = files;
  return mps;
}

function sniff(b: Buffer): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return 'application/octet-stream';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
