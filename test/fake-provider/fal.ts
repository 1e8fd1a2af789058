// fal.ai's queue API: submit to /{owner}/{app}[/{subpath}], poll /{owner}/{app}/requests/{id}/status,
// fetch /{owner}/{app}/requests/{id}, cancel with PUT …/cancel; result images are URLs served by /files/{name}.
import { extensionForFormat, mimeForFormat } from '../../src/core/imaging/formats';
import type { FalJob, RouteContext } from './context';
import { moderationAnswer } from './errors';
import { sleep } from './http-util';
import { falParams, ParamError, type ImageParams } from './params';
import { decodeDataUri } from './record';
import { cutShort, describeServed, makeImage, serve } from './served';


let nextJob = 1;

function jobUrls(ctx: RouteContext, job: FalJob): Record<string, string> {
  const base = `${job.urls?.queueOrigin ?? ctx.origin}/${job.app}/requests/${job.id}`;
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
}

function validation(ctx: RouteContext, loc: string, msg: string): Promise<void> {
  return ctx.sendJson(422, { detail: [{ loc: ['body', loc], msg, type: 'value_error' }] });
}

/** POST /{owner}/{app}[/{subpath}]: queue a job. Moderation, truncate-image and stream-error behaviours show at result time. */
export async function falSubmit(ctx: RouteContext, app: string, subpath: string): Promise<void> {
  const input = ctx.json;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return validation(ctx, 'body', 'Input should be a JSON object');
  const body = input as Record<string, unknown>;
  let p: ImageParams;
  try {
    p = falParams(body);
  } catch (e) {
    if (e instanceof ParamError) return validation(ctx, e.param, e.message);
    throw e;
  }
  const edit = /(^|\/)edit$/.test(subpath);
  if (edit) {
    const urls = body.image_urls;
    if (!Array.isArray(urls) || urls.length === 0) return validation(ctx, 'image_urls', 'Field required');
    for (const u of urls) {
      const d = typeof u === 'string' ? decodeDataUri(u) : undefined;
      if (d && !/^image\/(png|jpeg|webp)$/.test(d.mime)) return validation(ctx, 'image_urls', `Unsupported image type ${d.mime}`);
      if (!d && !(typeof u === 'string' && /^https?:\/\//.test(u))) return validation(ctx, 'image_urls', 'Each entry must be a URL or a data URI');
    }
  }
  const b = ctx.behaviour;
  const failure = b?.kind === 'moderation' ? 'moderation' : b?.kind === 'stream-error' ? 'error' : b?.kind === 'truncate' && b.what !== 'body' ? 'truncate' : undefined;
  const job: FalJob = {
    id: `fal-${String(nextJob++).padStart(6, '0')}-${ctx.requestId}`, app, prompt: p.prompt, width: p.width, height: p.height,
    format: p.format, transparent: p.background === 'transparent', n: p.n, edit, syncMode: body.sync_mode === true,
    ...(failure ? { failure } : {}), polls: 0, cancelled: false,
    ...(b?.kind === 'fal-urls' ? { urls: b } : {}),
  };
  ctx.state.falJobs.set(job.id, job);
  return ctx.sendJson(200, { status: 'IN_QUEUE', request_id: job.id, ...jobUrls(ctx, job), queue_position: ctx.state.options.falQueuePolls });
}

function findJob(ctx: RouteContext, app: string, id: string): FalJob | undefined {
  const job = ctx.state.falJobs.get(id);
  return job && job.app === app ? job : undefined;
}

/** Where a job stands after `polls` status requests: IN_QUEUE (position counting down), IN_PROGRESS, COMPLETED. */
function stage(ctx: RouteContext, job: FalJob): 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' {
  const queued = ctx.state.options.falQueuePolls;
  if (job.cancelled || job.polls > queued) return 'COMPLETED';
  return job.polls < queued ? 'IN_QUEUE' : 'IN_PROGRESS';
}

/** GET …/requests/{id}/status */
export async function falStatus(ctx: RouteContext, app: string, id: string): Promise<void> {
  const job = findJob(ctx, app, id);
  if (!job) return ctx.sendJson(404, { detail: `Request ${id} not found` });
  const s = stage(ctx, job);
  job.polls++;
  const urls = jobUrls(ctx, job);
  if (s === 'IN_QUEUE') return ctx.sendJson(202, { status: s, request_id: id, ...urls, queue_position: ctx.state.options.falQueuePolls - job.polls });
  if (s === 'IN_PROGRESS') return ctx.sendJson(202, { status: s, request_id: id, ...urls, logs: null });
  const error = job.cancelled ? 'Request was cancelled' : job.failure === 'error' ? 'Internal error while running the model' : undefined;
  return ctx.sendJson(200, { status: s, request_id: id, ...urls, logs: null, metrics: { inference_time: 1.5 }, ...(error ? { error, error_type: job.cancelled ? 'request_cancelled' : 'internal_error' } : {}) });
}

/** GET …/requests/{id}: the output, once COMPLETED. Images are stored as files to download (or data URIs with sync_mode). */
export async function falResult(ctx: RouteContext, app: string, id: string): Promise<void> {
  const job = findJob(ctx, app, id);
  if (!job) return ctx.sendJson(404, { detail: `Request ${id} not found` });
  if (stage(ctx, job) !== 'COMPLETED') return ctx.sendJson(400, { detail: 'Request is still in progress' });
  if (job.cancelled) return ctx.sendJson(400, { detail: 'Request was cancelled' });
  if (job.failure === 'moderation') {
    const m = moderationAnswer('fal', ctx.requestId, job.prompt);
    return ctx.sendJson(m.status, m.body, m.headers);
  }
  if (job.failure === 'error') return ctx.sendJson(500, { detail: 'Internal error while running the model' });
  if (!(await sleep(ctx.state.options.latencyMs, ctx.signal))) return;
  const p: ImageParams = {
    prompt: job.prompt, model: 'gpt-image-2', n: job.n, width: job.width, height: job.height, size: `${job.width}x${job.height}`,
    quality: 'auto', background: job.transparent ? 'transparent' : 'auto', format: job.format, stream: false, partialImages: 0,
  };
  const images = [];
  for (let i = 0; i < job.n + (job.urls?.extraImages ?? 0); i++) {
    const made = makeImage(ctx, p, i);
    const truncated = made.truncated || job.failure === 'truncate';
    const bytes = job.failure === 'truncate' && !made.truncated ? cutShort(made.bytes) : made.bytes;
    const name = `${job.id}-${i}.${extensionForFormat(job.format)}`;
    let url: string;
    if (job.syncMode) {
      url = `data:${mimeForFormat(job.format)};base64,${Buffer.from(bytes).toString('base64')}`;
      serve(ctx, bytes, job.format, job.width, job.height, i, truncated);
    } else {
      ctx.state.files.set(name, { bytes, format: job.format, width: job.width, height: job.height, index: i, truncated });
      url = `${job.urls?.fileOrigin ?? ctx.origin}/files/${name}`;
    }
    images.push({ url, width: job.width, height: job.height, content_type: mimeForFormat(job.format), file_name: name, file_size: bytes.length });
  }
  return ctx.sendJson(200, { images });
}

/** PUT …/requests/{id}/cancel */
export async function falCancel(ctx: RouteContext, app: string, id: string): Promise<void> {
  const job = findJob(ctx, app, id);
  if (!job) return ctx.sendJson(404, { detail: `Request ${id} not found` });
  if (stage(ctx, job) === 'COMPLETED' && !job.cancelled) return ctx.sendJson(400, { status: 'ALREADY_COMPLETED' });
  job.cancelled = true;
  return ctx.sendJson(202, { status: 'CANCELLATION_REQUESTED' });
}

/** GET /files/{name}: a result image, recorded as served (again on every download). */
export async function falFile(ctx: RouteContext, name: string): Promise<void> {
  const file = ctx.state.files.get(name);
  if (!file) return ctx.sendJson(404, { detail: 'File not found' });
  const bytes = ctx.truncateImages ? cutShort(file.bytes) : file.bytes;
  const truncated = file.truncated || ctx.truncateImages;
  ctx.state.serve(describeServed(bytes, file.format, file.width, file.height, 'file', ctx.requestId, file.index, truncated));
  return ctx.sendBytes(200, bytes, mimeForFormat(file.format));
}
