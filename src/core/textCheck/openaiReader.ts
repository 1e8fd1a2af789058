// The OpenAI reader: one Responses API call (POST {base}/responses) with the image as an input_image data URL and
// structured output, the key sent only to the OpenAI origin (net/origins.ts). `store: false`: the image is not kept
// for later retrieval on OpenAI's side.
import { PixelsmithError } from '../errors';
import { credentialedFetch } from '../net/fetch';
import { apiOrigins } from '../net/origins';
import { readCappedText } from '../net/fetch';
import { redact } from '../redact';
import { parseReadAnswer, READ_ANSWER_SCHEMA, READ_INSTRUCTION, type ImageToRead, type TextRead, type TextReader } from './reader';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** An answer longer than this is not a list of texts. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface OpenAIReaderOptions {
  readonly apiKey: string;
  /** Vision-capable model id, from pixelsmith.textCheck.openaiModel. */
  readonly model: string;
  /** pixelsmith.openai.baseUrl (or OPENAI_BASE_URL); default api.openai.com. */
  readonly baseUrl?: string;
  readonly organization?: string;
  readonly timeoutMs?: number;
}

/** The request body: the instruction and the image, answer constrained to `{ texts: string[] }`. */
export function responsesBody(model: string, image: ImageToRead): Record<string, unknown> {
  return {
    model,
    store: false,
    input: [{
      role: 'user',
      content: [
        { type: 'input_text', text: READ_INSTRUCTION },
        { type: 'input_image', image_url: `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString('base64')}`, detail: 'high' },
      ],
    }],
    text: { format: { type: 'json_schema', name: 'image_texts', strict: true, schema: READ_ANSWER_SCHEMA } },
  };
}

/** The model's text from a Responses API answer: every `output_text` part of its message items, joined. */
export function responsesText(json: unknown): string {
  const output = (json as { output?: unknown } | null)?.output;
  if (!Array.isArray(output)) throw new PixelsmithError('server', 'OpenAI answered without an output list.');
  const parts: string[] = [];
  for (const item of output as { type?: unknown; content?: unknown }[]) {
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const c of item.content as { type?: unknown; text?: unknown; refusal?: unknown }[]) {
      if (c?.type === 'output_text' && typeof c.text === 'string') parts.push(c.text);
      if (c?.type === 'refusal' && typeof c.refusal === 'string') throw new PixelsmithError('moderation', `OpenAI refused to read the image: ${c.refusal.slice(0, 200)}`, { retryable: false });
    }
  }
  if (parts.length === 0) throw new PixelsmithError('server', 'OpenAI answered without any text.');
  return parts.join('');
}

export function openaiReader(o: OpenAIReaderOptions): TextReader {
  const base = (o.baseUrl || OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const api = apiOrigins('OpenAI', 'pixelsmith.openai.baseUrl', base);
  const send = credentialedFetch(api, { authorization: `Bearer ${o.apiKey}`, ...(o.organization ? { 'openai-organization': o.organization } : {}) });
  return {
    id: 'openai',
    async read(image: ImageToRead, signal?: AbortSignal): Promise<TextRead> {
      const signals = [signal, o.timeoutMs ? AbortSignal.timeout(o.timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
      let res: Response;
      try {
        res = await send(`${base}/responses`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(responsesBody(o.model, image)),
          ...(signals.length ? { signal: AbortSignal.any(signals) } : {}),
        });
      } catch (e) {
        if (e instanceof PixelsmithError) throw e;
        if (signal?.aborted) throw new PixelsmithError('cancelled', 'Check Text was cancelled.');
        if (e instanceof Error && e.name === 'TimeoutError') throw new PixelsmithError('timeout', `OpenAI did not answer within ${Math.round((o.timeoutMs ?? 0) / 1000)} s.`);
        throw new PixelsmithError('network', `Could not reach OpenAI: ${redact(e instanceof Error ? e.message : String(e))}`);
      }
      const text = await readCappedText(res, 'The OpenAI answer', MAX_ANSWER_BYTES);
      let json: unknown;
      try { json = JSON.parse(text); } catch { json = undefined; }
      if (!res.ok) {
        const message = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
        const code = res.status === 401 ? 'auth' : res.status === 403 ? 'forbidden' : res.status === 429 ? 'rate-limit' : res.status >= 500 ? 'server' : 'invalid-request';
        throw new PixelsmithError(code, `OpenAI (${o.model}) refused to read the image: ${redact(typeof message === 'string' ? message.slice(0, 300) : `HTTP ${res.status}`)}`, {
          ...(res.headers.get('x-request-id') ? { requestId: res.headers.get('x-request-id')! } : {}),
          ...(code === 'invalid-request' ? { hint: 'Check pixelsmith.textCheck.openaiModel: it must be a vision-capable model such as gpt-4.1-mini.' } : {}),
        });
      }
      if (json === undefined) throw new PixelsmithError('server', 'OpenAI answered with something that is not JSON.');
      const model = typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : o.model;
      return { blocks: parseReadAnswer(responsesText(json), `OpenAI (${o.model})`), model };
    },
  };
}
