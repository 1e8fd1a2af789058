// Which batch API a line goes to, how lines are split into batches, and the client for each provider (loaded on use).
import { PixelsmithError } from '../errors';
import { MAX_DOWNLOAD_BYTES } from '../net/origins';
import { answerLimits } from '../providers/answerLimits';
import type { ProviderEnvironment } from '../providers/declaration';
import { batchProviderOf, type BatchBackend, type BatchLine, type BatchProvider } from './backend';

export async function createBatchBackend(provider: BatchProvider, env: ProviderEnvironment, timeoutMs: number): Promise<BatchBackend> {
  if (provider === 'gemini') return (await import('./geminiClient')).createGeminiBatchApi(env, timeoutMs);
  return (await import('./openaiClient')).createOpenAIBatchApi(env, timeoutMs);
}

/**
 * The batches a build's lines go out in, in order: OpenAI's in one JSONL file; Gemini's per model (the model is in the
 * endpoint's path), and no more lines in one batch than its answer can carry inline: a finished batch is read in one
 * answer, capped like any (MAX_DOWNLOAD_BYTES), so the lines' largest possible answers (answerLimits) must fit.
 */
export function batchGroups(lines: readonly BatchLine[]): { provider: BatchProvider; lines: BatchLine[] }[] {
  const groups: { provider: BatchProvider; key: string; bytes: number; lines: BatchLine[] }[] = [];
  for (const line of lines) {
    const provider = batchProviderOf(line.request);
    if (!provider) throw new PixelsmithError('invalid-request', `${line.customId}: only OpenAI and Gemini text-to-image requests go into a batch.`, { field: 'batch' });
    const key = provider === 'gemini' ? `gemini:${line.request.model}` : provider;
    const bytes = provider === 'gemini' ? Math.min(MAX_DOWNLOAD_BYTES, answerLimits(line.request, 1).bodyBytes) : 0;
    const open = [...groups].reverse().find((g) => g.key === key);
    if (open && open.bytes + bytes <= MAX_DOWNLOAD_BYTES) {
      open.lines.push(line);
      open.bytes += bytes;
    } else {
      groups.push({ provider, key, bytes, lines: [line] });
    }
  }
  return groups.map(({ provider, lines: l }) => ({ provider, lines: l }));
}
