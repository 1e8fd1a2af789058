// OpenAI's Batch API for images (openai 7.59: resources/batches.d.ts, files.d.ts): one JSONL input line per request
// for `/v1/images/generations` (the same body a direct call sends), and the output and error files read back into
// one outcome per `custom_id` — the decoded images with their usage, or the error the line got.
import { PixelsmithError } from '../errors';
import { openaiFormatParams } from '../providers/openai/formatParams';
import type { Usage } from '../types';
import { hostSlicer } from '../timeSlice';
import { batchProviderOf, type BatchLine, type LineOutcome } from './backend';

export const BATCH_ENDPOINT = '/v1/images/generations';
/** The one completion window the API offers. */
export const BATCH_COMPLETION_WINDOW = '24h';

/** The JSONL input file: one line per request, in order (edits are multipart only, so text-to-image only). */
export function batchInputLines(lines: readonly BatchLine[]): string {
  return lines.map(({ customId, request: r }) => {
    if (batchProviderOf(r) !== 'openai') throw new PixelsmithError('invalid-request', `${customId}: only OpenAI text-to-image requests go into a batch.`, { field: 'batch' });
    const body = { model: r.model, prompt: r.prompt, n: r.n, size: r.size, quality: r.quality, background: r.background, ...openaiFormatParams(r) };
    return JSON.stringify({ custom_id: customId, method: 'POST', url: BATCH_ENDPOINT, body });
  }).join('\n') + '\n';
}

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: unknown; request_id?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/** Reads output and error files (JSONL) into an outcome per custom id; a line that cannot be read is named. */
export async function parseBatchResults(...files: readonly string[]): Promise<Map<string, LineOutcome>> {
  const out = new Map<string, LineOutcome>();
  for (const text of files) {
    const lines = text.split('\n');
    for (const [i, raw] of lines.entries()) {
      // A line holds whole images (MBs of base64): the host's event loop gets a turn between lines.
      await hostSlicer.maybeYield();
      if (raw.trim() === '') continue;
      let line: OutputLine;
      try {
        line = JSON.parse(raw) as OutputLine;
      } catch {
        throw new PixelsmithError('server', `The batch's result file has a line that is not JSON (line ${i + 1}).`, { retryable: false });
      }
      if (typeof line.custom_id !== 'string') throw new PixelsmithError('server', `The batch's result file has a line without custom_id (line ${i + 1}).`, { retryable: false });
      out.set(line.custom_id, outcomeOf(line));
    }
  }
  return out;
}

function outcomeOf(line: OutputLine): LineOutcome {
  const requestId = typeof line.response?.request_id === 'string' ? { requestId: line.response.request_id } : {};
  if (line.error && typeof line.error === 'object') {
    return { ok: false, error: `${String(line.error.message ?? 'failed')}${line.error.code ? ` (${String(line.error.code)})` : ''}`, ...requestId };
  }
  const status = typeof line.response?.status_code === 'number' ? line.response.status_code : 0;
  const body = line.response?.body as { error?: { message?: unknown; code?: unknown }; data?: { b64_json?: unknown }[]; usage?: SdkUsage } | undefined;
  if (status !== 200 || !body || body.error) {
    const message = typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${status}`;
    return { ok: false, error: `${message}${typeof body?.error?.code === 'string' ? ` (${body.error.code})` : ''}`, ...requestId };
  }
  const images = (Array.isArray(body.data) ? body.data : []).map((d) => (typeof d?.b64_json === 'string' ? Buffer.from(d.b64_json, 'base64') : undefined))
    .filter((b): b is NonNullable<typeof b> => b !== undefined && b.length > 0);
  if (images.length === 0) return { ok: false, error: 'The line answered without image data (b64_json).', ...requestId };
  const usage = toUsage(body.usage);
  return { ok: true, images, ...(usage ? { usage } : {}), ...requestId };
}

interface SdkUsage { input_tokens?: number; output_tokens?: number; total_tokens?: number; input_tokens_details?: { text_tokens?: number; image_tokens?: number } }

function toUsage(u: SdkUsage | undefined): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  return {
    inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens,
    inputTextTokens: u.input_tokens_details?.text_tokens, inputImageTokens: u.input_tokens_details?.image_tokens,
  };
}
