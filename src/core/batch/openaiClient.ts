// OpenAI's Files and Batch APIs through the official SDK, with the OpenAI provider's key, base URL and organization
// (the key goes where the provider's own calls go, nowhere else): upload the JSONL, create, retrieve, download, cancel.
import type OpenAI from 'openai';
import type { ProviderEnvironment } from '../providers/declaration';
import { requireKey } from '../providers/declaration';
import { translateSdkError, type SdkErrorClasses } from '../providers/openai/errors';
import { baseUrl, openai } from '../providers/openai/index';
import { BATCH_COMPLETION_WINDOW, BATCH_ENDPOINT } from './openaiProtocol';

/** A batch as the API reports it (the fields Pixelsmith reads). */
export interface RemoteBatch {
  readonly id: string;
  readonly status: OpenAI.Batches.Batch['status'];
  readonly outputFileId?: string;
  readonly errorFileId?: string;
  readonly counts?: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Errors of the batch as a whole (e.g. the input file was refused while validating). */
  readonly errors?: string;
}

export interface BatchApi {
  submit(jsonl: string, metadata: Record<string, string>): Promise<RemoteBatch>;
  retrieve(id: string): Promise<RemoteBatch>;
  /** A result file's text (JSONL). */
  content(fileId: string): Promise<string>;
  cancel(id: string): Promise<RemoteBatch>;
}

export const TERMINAL_STATUSES: readonly RemoteBatch['status'][] = ['completed', 'failed', 'expired', 'cancelled'];

export async function createOpenAIBatchApi(env: ProviderEnvironment, timeoutMs: number): Promise<BatchApi> {
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
  return {
    submit: (jsonl, metadata) => call(async () => {
      const file = await client.files.create({ file: await sdk.toFile(Buffer.from(jsonl, 'utf8'), 'pixelsmith-batch.jsonl', { type: 'application/jsonl' }), purpose: 'batch' });
      return toRemote(await client.batches.create({ input_file_id: file.id, endpoint: BATCH_ENDPOINT, completion_window: BATCH_COMPLETION_WINDOW, metadata }));
    }),
    retrieve: (id) => call(async () => toRemote(await client.batches.retrieve(id))),
    content: (fileId) => call(async () => (await client.files.content(fileId)).text()),
    cancel: (id) => call(async () => toRemote(await client.batches.cancel(id))),
  };
}

function toRemote(b: OpenAI.Batches.Batch): RemoteBatch {
  const errors = b.errors?.data?.map((e) => `${e.message ?? e.code ?? 'error'}${e.line ? ` (line ${e.line})` : ''}`).join('; ');
  return {
    id: b.id, status: b.status,
    ...(b.output_file_id ? { outputFileId: b.output_file_id } : {}), ...(b.error_file_id ? { errorFileId: b.error_file_id } : {}),
    ...(b.request_counts ? { counts: b.request_counts } : {}), ...(errors ? { errors } : {}),
  };
}
