// OpenAI's Files and Batch APIs through the official SDK, with the OpenAI provider's key, base URL and organization
// (the key goes where the provider's own calls go, nowhere else): upload the JSONL, create, retrieve, download, cancel.
import type OpenAI from 'openai';
import type { ProviderEnvironment } from '../providers/declaration';
import { requireKey } from '../providers/declaration';
import { translateSdkError, type SdkErrorClasses } from '../providers/openai/errors';
import { baseUrl, openai } from '../providers/openai/index';
import type { BatchBackend, RemoteBatch } from './backend';
import { BATCH_COMPLETION_WINDOW, BATCH_ENDPOINT, batchInputLines, parseBatchResults } from './openaiProtocol';

const TERMINAL_STATUSES: readonly OpenAI.Batches.Batch['status'][] = ['completed', 'failed', 'expired', 'cancelled'];

export async function createOpenAIBatchApi(env: ProviderEnvironment, timeoutMs: number): Promise<BatchBackend> {
  const apiKey = requireKey(openai, env);
  const url = baseUrl(env)?.url;
  const organization = env.setting('openai.organization');
  const sdk = await import('openai');
  const client = new sdk.default({ apiKey, maxRetries: 2, timeout: timeoutMs, ...(url ? { baseURL: url } : {}), ...(organization ? { organization } : {}) });
  const call = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      return await what();
    } catch (e) {
      throw translateSdkError(e, 'openai', 'OpenAI Batch API', new AbortController().signal, sdk as unknown as SdkErrorClasses);
    }
  };
  const content = (fileId: string | undefined) => (fileId ? call(async () => (await client.files.content(fileId)).text()) : Promise.resolve(''));
  return {
    provider: 'openai',
    submit: (lines, label) => call(async () => {
      const file = await client.files.create({ file: await sdk.toFile(Buffer.from(batchInputLines(lines), 'utf8'), 'pixelsmith-batch.jsonl', { type: 'application/jsonl' }), purpose: 'batch' });
      return toRemote(await client.batches.create({ input_file_id: file.id, endpoint: BATCH_ENDPOINT, completion_window: BATCH_COMPLETION_WINDOW, metadata: { source: 'pixelsmith', manifest: label } }));
    }),
    retrieve: (id) => call(async () => toRemote(await client.batches.retrieve(id))),
    results: async (remote) => {
      const files = remote.output?.kind === 'openai' ? await Promise.all([content(remote.output.outputFileId), content(remote.output.errorFileId)]) : [];
      return parseBatchResults(...files);
    },
    cancel: (id) => call(async () => toRemote(await client.batches.cancel(id))),
  };
}

function toRemote(b: OpenAI.Batches.Batch): RemoteBatch {
  const errors = b.errors?.data?.map((e) => `${e.message ?? e.code ?? 'error'}${e.line ? ` (line ${e.line})` : ''}`).join('; ');
  return {
    id: b.id, status: b.status, ended: TERMINAL_STATUSES.includes(b.status),
    output: { kind: 'openai', ...(b.output_file_id ? { outputFileId: b.output_file_id } : {}), ...(b.error_file_id ? { errorFileId: b.error_file_id } : {}) },
    ...(errors ? { errors } : {}),
  };
}
