// OpenRouter's OpenAI-compatible chat API at /api/v1: POST chat/completions with `modalities` and
// `image_config.aspect_ratio`, images answered as data URLs in choices[0].message.images, references taken as
// `image_url` content parts, `usage.cost` in USD; GET models lists models with their output modalities.
// Errors are `{ error: { code, message, metadata? } }`; a moderation flag is 403 with metadata.reasons.
import type { RouteContext } from './context';
import { geminiPixels } from './gemini';
import type { ImageParams } from './params';
import { makeImage, serve } from './served';

/** The models this fake serves, as OpenRouter's models endpoint describes them. */
const MODELS = [
  { id: 'google/gemini-3.1-flash-image-preview', name: 'Google: Nano Banana 2', output: ['image', 'text'], cost: 0.0672 },
  { id: 'google/gemini-2.5-flash-image', name: 'Google: Nano Banana', output: ['image', 'text'], cost: 0.0387 },
  { id: 'black-forest-labs/flux.2-pro', name: 'Black Forest Labs: FLUX.2 Pro', output: ['image'], cost: 0.03 },
  { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', output: ['text'], cost: 0.0001 },
];

function error(ctx: RouteContext, status: number, message: string): Promise<void> {
  return ctx.sendJson(status, { error: { code: status, message } });
}

export async function openRouterModels(ctx: RouteContext): Promise<void> {
  const want = ctx.url.searchParams.get('output_modalities')?.split(',').filter(Boolean) ?? [];
  const data = MODELS.filter((m) => want.every((w) => m.output.includes(w))).map((m) => ({
    id: m.id, name: m.name, architecture: { input_modalities: ['text', 'image'], output_modalities: m.output },
  }));
  return ctx.sendJson(200, { data });
}

export async function openRouterChat(ctx: RouteContext): Promise<void> {
  const body = ctx.json as { model?: unknown; messages?: { content?: unknown }[]; modalities?: unknown; image_config?: { aspect_ratio?: unknown } } | undefined;
  const model = MODELS.find((m) => m.id === body?.model);
  if (!model) return error(ctx, 400, `${String(body?.model)} is not a valid model ID`);
  const content = body?.messages?.[0]?.content;
  const parts = Array.isArray(content) ? content as { type?: unknown; text?: unknown; image_url?: { url?: unknown } }[] : [];
  const prompt = typeof content === 'string' ? content : parts.filter((p) => p.type === 'text').map((p) => String(p.text)).join('');
  if (!prompt) return error(ctx, 400, 'messages: the user message has no text');
  if (parts.some((p) => p.type === 'image_url' && typeof p.image_url?.url !== 'string')) return error(ctx, 400, 'image_url.url is required');
  const modalities = Array.isArray(body?.modalities) ? body.modalities : [];
  if (!modalities.includes('image')) return error(ctx, 400, 'This request needs "image" in modalities to generate images.');
  if (modalities.some((m) => !model.output.includes(String(m)))) return error(ctx, 404, `No endpoints found that support the requested output modalities: ${modalities.join(', ')}`);
  const b = ctx.behaviour;
  if (b?.kind === 'moderation') {
    return ctx.sendJson(403, { error: { code: 403, message: `${model.id} requires moderation on Google. Your input was flagged for "${b.reason ?? 'violence'}". No credits were charged.`, metadata: { reasons: [b.reason ?? 'violence'], flagged_input: prompt.slice(0, 100), provider_name: 'Google', model_slug: model.id } } });
  }
  if (b?.kind === 'no-image') {
    return ctx.sendJson(200, chat(ctx, model.id, { role: 'assistant', content: b.text ?? '' }, b.finishReason ?? 'STOP', 0.0002));
  }
  const aspect = typeof body?.image_config?.aspect_ratio === 'string' ? body.image_config.aspect_ratio : undefined;
  const pixels = geminiPixels(model.id.includes('2.5') ? 'gemini-2.5' : 'gemini-3', aspect, undefined);
  if (!pixels) return error(ctx, 400, `image_config.aspect_ratio ${aspect} is not supported`);
  const [width, height] = pixels.split('x').map(Number) as [number, number];
  const p: ImageParams = { prompt, model: model.id, n: 1, width, height, size: pixels, quality: 'auto', background: 'auto', format: 'png', stream: false, partialImages: 0 };
  const made = makeImage(ctx, p, 0);
  serve(ctx, made.bytes, 'png', width, height, 0, made.truncated);
  const url = `data:image/png;base64,${Buffer.from(made.bytes).toString('base64')}`;
  return ctx.sendJson(200, chat(ctx, model.id, { role: 'assistant', content: '', images: [{ type: 'image_url', image_url: { url }, index: 0 }] }, 'STOP', model.cost));
}

function chat(ctx: RouteContext, model: string, message: unknown, nativeFinish: string, cost: number): unknown {
  return {
    id: `gen-${ctx.requestId}`, provider: 'Google', model, object: 'chat.completion', created: Math.floor(Date.now() / 1000),
    choices: [{ logprobs: null, finish_reason: nativeFinish === 'STOP' ? 'stop' : 'content_filter', native_finish_reason: nativeFinish, index: 0, message }],
    usage: { prompt_tokens: 12, completion_tokens: 1298, total_tokens: 1310, cost, completion_tokens_details: { reasoning_tokens: 0, image_tokens: 1290 } },
  };
}
