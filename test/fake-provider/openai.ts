// OpenAI images (and Azure OpenAI, which speaks the same bodies under deployment URLs):
// POST images/generations (JSON) and images/edits (multipart), answered as JSON or as server-sent events.
import type { RouteContext } from './context';
import { deliver, SseStream, untilClosed, write } from './deliver';
import { openaiError, type Protocol } from './errors';
import { jsonBytes, sleep } from './http-util';
import { fakeUsage, openaiParams, ParamError, type ImageParams } from './params';
import { makeImage, makePartial, serve } from './served';

const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_REFERENCES = 16;

/** Handles openai.generate/openai.edit/azure.generate/azure.edit once auth and scripted errors are dealt with. */
export async function openaiImages(ctx: RouteContext, protocol: Exclude<Protocol, 'fal'>, edit: boolean): Promise<void> {
  let p: ImageParams;
  let inputImages = 0;
  try {
    if (edit) {
      inputImages = checkUploads(ctx);
      const fields = ctx.record.fields ?? {};
      p = openaiParams((k) => fields[k]);
      checkMarkup(ctx, p.model);
    } else {
      if (typeof ctx.json !== 'object' || ctx.json === null || Array.isArray(ctx.json)) {
        throw new ParamError('body', 'The request body must be a JSON object.');
      }
      const body = ctx.json as Record<string, unknown>;
      p = openaiParams((k) => body[k]);
    }
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    const body = protocol === 'openai'
      ? openaiError(e.message, 'invalid_request_error', e.status === 400 ? e.param : null, e.code)
      : { error: { code: e.status === 400 ? 'BadRequest' : 'DeploymentNotFound', message: e.message, param: e.param, type: 'invalid_request_error' } };
    return ctx.sendJson(e.status, body);
  }
  if (!(await sleep(ctx.state.options.latencyMs, ctx.signal))) return;
  if (ctx.behaviour?.kind === 'oversize') return sendOversize(ctx, ctx.behaviour.bytes);
  if (p.stream && ctx.behaviour?.kind !== 'json-for-stream') return streamImages(ctx, p, edit, inputImages);

  const data = [];
  for (let i = 0; i < p.n; i++) {
    const { bytes, truncated } = makeImage(ctx, p, i);
    serve(ctx, bytes, p.format, p.width, p.height, i, truncated);
    data.push({ b64_json: Buffer.from(bytes).toString('base64'), ...(ctx.state.options.revisedPrompts ? { revised_prompt: `A detailed rendering of: ${p.prompt}` } : {}) });
  }
  const answer = { created: Math.floor(Date.now() / 1000), ...echo(p), data, usage: fakeUsage(p, inputImages) };
  if (ctx.behaviour?.kind !== 'stall') return ctx.sendJson(200, answer);
  const body = jsonBytes(answer);
  return deliver(ctx.res, 200, { ...ctx.headers, 'content-type': 'application/json' }, body, { kind: 'stall', at: stallOffset(body, ctx.behaviour.after) }, ctx.signal);
}

/** Where the JSON body stops for 'stall': right after the `after`-th b64_json value, or inside the first for 0. */
function stallOffset(body: Buffer, after: number): number {
  const key = Buffer.from('"b64_json":"');
  let end = 0;
  for (let i = 0; i < Math.max(1, after); i++) {
    const start = body.indexOf(key, end);
    if (start < 0) return body.length;
    const valueStart = start + key.length;
    end = body.indexOf('"', valueStart) + 1;
    if (after === 0) return valueStart + ((end - valueStart) >> 1);
  }
  return end;
}

/** A 200 JSON answer far bigger than any image answer, written as fast as the client reads it. */
async function sendOversize(ctx: RouteContext, bytes: number): Promise<void> {
  const head = '{"created":1,"data":[{"b64_json":"';
  const tail = '"}]}';
  ctx.res.writeHead(200, { ...ctx.headers, 'content-type': 'application/json', 'content-length': String(bytes) });
  const piece = Buffer.alloc(64 * 1024, 'A');
  let sent = 0;
  const send = async (chunk: Buffer | string): Promise<boolean> => {
    const ok = await write(ctx.res, chunk);
    if (ok) sent += Buffer.byteLength(chunk);
    ctx.record.sentBytes = sent;
    return ok;
  };
  if (!(await send(head))) return;
  while (sent + piece.length + tail.length <= bytes) if (!(await send(piece))) return;
  if (!(await send(piece.subarray(0, bytes - sent - tail.length)))) return;
  if (await send(tail)) ctx.res.end();
}

/** Validates the uploaded images and mask the way the API does; returns how many images came. */
function checkUploads(ctx: RouteContext): number {
  const files = ctx.record.files ?? [];
  const images = files.filter((f) => f.field === 'image' || f.field === 'image[]');
  if (images.length === 0) throw new ParamError('image', "Missing required parameter: 'image'.");
  if (images.length > MAX_REFERENCES) throw new ParamError('image', `Too many images: at most ${MAX_REFERENCES} are allowed, got ${images.length}.`);
  for (const f of images) {
    const mime = f.contentType.split(';')[0].trim().toLowerCase();
    if (!IMAGE_MIMES.includes(mime)) {
      throw new ParamError('image', `Invalid file 'image': unsupported mimetype ('${mime}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`);
    }
  }
  const mask = files.find((f) => f.field === 'mask');
  if (mask && mask.contentType.split(';')[0].trim().toLowerCase() !== 'image/png') {
    throw new ParamError('mask', `Invalid file 'mask': unsupported mimetype ('${mask.contentType}'). The mask must be a PNG image.`);
  }
  return images.length;
}

/**
 * `markup` (openai 7.59.0): a PNG overlaid on the first image, on gpt-image-2.5 only, never with a mask. It is recorded
 * like every upload (field `markup` in the request's `files`, with its MIME type, size and sha256).
 */
function checkMarkup(ctx: RouteContext, model: string): void {
  const files = ctx.record.files ?? [];
  const markup = files.find((f) => f.field === 'markup');
  if (!markup) return;
  if (!/^gpt-image-2\.5-/i.test(model)) throw new ParamError('markup', `Markup is not supported for model \`${model}\`.`);
  if (files.some((f) => f.field === 'mask')) throw new ParamError('markup', "'markup' cannot be combined with 'mask'.");
  if (markup.contentType.split(';')[0]!.trim().toLowerCase() !== 'image/png') {
    throw new ParamError('markup', `Invalid file 'markup': unsupported mimetype ('${markup.contentType}'). The markup must be a PNG image.`);
  }
}

function echo(p: ImageParams): Record<string, unknown> {
  return {
    background: p.background === 'transparent' ? 'transparent' : 'opaque', output_format: p.format,
    quality: p.quality === 'auto' ? 'medium' : p.quality, size: `${p.width}x${p.height}`,
  };
}

/** SSE: per image, `partial_images` previews then the completed image; behaviours cut or break the stream. */
async function streamImages(ctx: RouteContext, p: ImageParams, edit: boolean, inputImages: number): Promise<void> {
  const prefix = edit ? 'image_edit' : 'image_generation';
  const b = ctx.behaviour;
  const stallAfter = b?.kind === 'stall' ? b.after : undefined;
  const errorAfter = b?.kind === 'stream-error' ? (b.afterPartials ?? 1) : undefined;
  const cutAfterFirst = b?.kind === 'truncate' && b.what === 'body';
  const gap = b?.kind === 'chunked' ? b.intervalMs : ctx.state.options.latencyMs;
  const sse = new SseStream(ctx.res, ctx.headers);
  let partials = 0;
  let events = 0;
  const send = async (event: string, data: Record<string, unknown>): Promise<boolean> => {
    if (events > 0 && !(await sleep(gap, ctx.signal))) return false;
    if (stallAfter !== undefined && events >= stallAfter) {
      await untilClosed(ctx.res);
      return false;
    }
    events++;
    return sse.send(event, data);
  };
  const base = () => ({ created_at: Math.floor(Date.now() / 1000), ...echo(p) });
  for (let i = 0; i < p.n; i++) {
    for (let k = 0; k <= p.partialImages; k++) {
      if (errorAfter !== undefined && partials >= errorAfter) {
        await send('error', { type: 'error', error: { type: 'server_error', code: 'server_error', message: 'Image generation failed while streaming. Please try again.', param: null } });
        sse.end();
        return;
      }
      if (cutAfterFirst && events >= 1) {
        sse.cut();
        return;
      }
      if (k < p.partialImages) {
        const b64 = Buffer.from(makePartial(ctx, p, i, k)).toString('base64');
        if (!(await send(`${prefix}.partial_image`, { type: `${prefix}.partial_image`, b64_json: b64, partial_image_index: k, ...base() }))) return;
        partials++;
        continue;
      }
      const { bytes, truncated } = makeImage(ctx, p, i);
      serve(ctx, bytes, p.format, p.width, p.height, i, truncated);
      const usage = fakeUsage({ ...p, n: 1 }, inputImages);
      if (!(await send(`${prefix}.completed`, { type: `${prefix}.completed`, b64_json: Buffer.from(bytes).toString('base64'), ...base(), usage }))) return;
    }
  }
  sse.end();
}
