// Google's Gemini API: POST /v1beta/models/{model}:generateContent with `x-goog-api-key`. One image a call, as
// inlineData in the candidate's parts; a blocked prompt is a 200 with promptFeedback.blockReason; errors are
// `{ error: { code, message, status } }`. Output sizes follow Google's tables per aspect ratio and imageSize.
import type { RouteContext } from './context';
import type { ImageParams } from './params';
import { makeImage, serve } from './served';

/** Google's documented output pixels: Gemini 3 models per tier, and 2.5 Flash Image (one tier). */
const TABLE_3: Readonly<Record<string, readonly [string, string, string]>> = {
  '1:1': ['1024x1024', '2048x2048', '4096x4096'], '2:3': ['848x1264', '1696x2528', '3392x5056'], '3:2': ['1264x848', '2528x1696', '5056x3392'],
  '3:4': ['896x1200', '1792x2400', '3584x4800'], '4:3': ['1200x896', '2400x1792', '4800x3584'], '4:5': ['928x1152', '1856x2304', '3712x4608'],
  '5:4': ['1152x928', '2304x1856', '4608x3712'], '9:16': ['768x1376', '1536x2752', '3072x5504'], '16:9': ['1376x768', '2752x1536', '5504x3072'],
  '21:9': ['1584x672', '3168x1344', '6336x2688'],
};
const TABLE_25: Readonly<Record<string, string>> = {
  '1:1': '1024x1024', '2:3': '832x1248', '3:2': '1248x832', '3:4': '864x1184', '4:3': '1184x864',
  '4:5': '896x1152', '5:4': '1152x896', '9:16': '768x1344', '16:9': '1344x768', '21:9': '1536x672',
};
const TIERS = ['1K', '2K', '4K'];

/** An answer: the HTTP status and JSON body a generateContent call gets (a batch line gets the same, inlined). */
export interface GeminiAnswer { readonly status: number; readonly body: unknown }

const invalid = (message: string): GeminiAnswer => ({ status: 400, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } });

/** The pixels Google answers with for an aspect ratio and tier on this model. */
export function geminiPixels(model: string, aspectRatio: string | undefined, imageSize: string | undefined): string | undefined {
  const ratio = aspectRatio ?? '1:1';
  if (model.includes('2.5')) return imageSize === undefined ? TABLE_25[ratio] : undefined;
  const tier = TIERS.indexOf(imageSize ?? '1K');
  return tier < 0 ? undefined : TABLE_3[ratio]?.[tier];
}

export async function geminiGenerate(ctx: RouteContext, model: string): Promise<void> {
  const a = geminiAnswer(ctx, model, ctx.json, ctx.behaviour);
  return ctx.sendJson(a.status, a.body);
}

/** The answer to one GenerateContentRequest body, as `behaviour` scripts it (`moderation`, `no-image`; else an image). */
export function geminiAnswer(ctx: RouteContext, model: string, json: unknown, b: RouteContext['behaviour']): GeminiAnswer {
  const body = json as {
    contents?: { parts?: { text?: unknown; inlineData?: { mimeType?: unknown; data?: unknown } }[] }[];
    generationConfig?: { responseModalities?: unknown; imageConfig?: { aspectRatio?: unknown; imageSize?: unknown } };
  } | undefined;
  const parts = body?.contents?.[0]?.parts;
  if (!Array.isArray(parts) || parts.length === 0) return invalid('* GenerateContentRequest.contents: contents is not specified');
  const prompt = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
  for (const p of parts) {
    if (p.inlineData && !(typeof p.inlineData.mimeType === 'string' && /^image\/(png|jpeg|webp|heic|heif)$/.test(p.inlineData.mimeType))) {
      return invalid(`Unsupported MIME type: ${String(p.inlineData.mimeType)}`);
    }
  }
  const modalities = body?.generationConfig?.responseModalities;
  if (!Array.isArray(modalities) || !modalities.includes('IMAGE')) {
    return { status: 200, body: answer(ctx, [{ text: 'I can only describe it in words: a sketch of what you asked.' }], 'STOP', 0) };
  }
  const config = body?.generationConfig?.imageConfig;
  const aspect = typeof config?.aspectRatio === 'string' ? config.aspectRatio : undefined;
  const tier = typeof config?.imageSize === 'string' ? config.imageSize : undefined;
  const pixels = geminiPixels(model, aspect, tier);
  if (!pixels) return invalid(`* GenerateContentRequest.generation_config.image_config: unsupported aspect_ratio ${aspect} / image_size ${tier} for ${model}`);
  if (b?.kind === 'moderation') {
    return { status: 200, body: { promptFeedback: { blockReason: b.reason ?? 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }, responseId: ctx.requestId } };
  }
  if (b?.kind === 'no-image') {
    return { status: 200, body: answer(ctx, b.text !== undefined ? [{ text: b.text }] : [], b.finishReason ?? 'STOP', 0) };
  }
  const [width, height] = pixels.split('x').map(Number) as [number, number];
  const p: ImageParams = {
    prompt, model, n: 1, width, height, size: pixels, quality: 'auto', background: 'auto', format: 'png', stream: false, partialImages: 0,
  };
  const made = makeImage(ctx, p, 0);
  serve(ctx, made.bytes, 'png', width, height, 0, made.truncated);
  const data = Buffer.from(made.bytes).toString('base64');
  return { status: 200, body: answer(ctx, [{ text: 'Here is your image.' }, { inlineData: { mimeType: 'image/png', data } }], 'STOP', 1290) };
}

function answer(ctx: RouteContext, parts: unknown[], finishReason: string, imageTokens: number): unknown {
  const textTokens = 8;
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason, index: 0 }],
    usageMetadata: {
      promptTokenCount: 12, candidatesTokenCount: imageTokens + textTokens, totalTokenCount: 12 + imageTokens + textTokens,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: textTokens }, ...(imageTokens ? [{ modality: 'IMAGE', tokenCount: imageTokens }] : [])],
    },
    modelVersion: 'fake',
    responseId: ctx.requestId,
  };
}
