// OpenAI's Responses API as Check Text uses it: POST /v1/responses with an input_text and an input_image (a data URL),
// answered with one message whose output_text is the JSON `{"texts": [...]}` a vision model would give. What it
// "reads" is scripted with a `read-text` behaviour (default: no text at all).
import type { RouteContext } from './context';
import { openaiError } from './errors';

interface InputPart { type?: unknown; text?: unknown; image_url?: unknown }

export async function openaiResponses(ctx: RouteContext): Promise<void> {
  const body = ctx.json as { model?: unknown; input?: { content?: unknown }[] } | undefined;
  if (typeof body?.model !== 'string' || body.model === '') return ctx.sendJson(400, openaiError('Missing required parameter: \'model\'.', 'invalid_request_error', 'model'));
  const content = Array.isArray(body.input) && Array.isArray(body.input[0]?.content) ? body.input[0].content as InputPart[] : [];
  const image = content.find((p) => p.type === 'input_image');
  // The recorded body has the data URL replaced; the live body still has it.
  if (!image || typeof image.image_url !== 'string' || !/^(data:image\/(png|jpeg|webp);base64,|<data:image\/)/.test(image.image_url)) {
    return ctx.sendJson(400, openaiError('input_image.image_url must be a data URL of a PNG, JPEG or WebP image.', 'invalid_request_error', 'input'));
  }
  if (!content.some((p) => p.type === 'input_text' && typeof p.text === 'string' && p.text !== '')) {
    return ctx.sendJson(400, openaiError('The request has no input_text.', 'invalid_request_error', 'input'));
  }
  const b = ctx.behaviour;
  const texts = b?.kind === 'read-text' ? b.texts : [];
  return ctx.sendJson(200, {
    id: `resp_${ctx.requestId}`, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'completed', model: `${body.model}-2025-04-14`,
    output: [{ type: 'message', id: `msg_${ctx.requestId}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text: JSON.stringify({ texts }) }] }],
    usage: { input_tokens: 800, output_tokens: 20, total_tokens: 820 },
  });
}
