// The free "which models are there" calls each API documents, which Pixelsmith: Check Setup uses to test a key
// without paying for anything: OpenAI `GET /v1/models`, Azure OpenAI `GET /openai/models?api-version=…`, and
// fal.ai's platform API `GET /v1/models?endpoint_id=…`. They list the catalogue's models for that provider.
import { modelsFor } from '../../src/core/catalogue';
import type { RouteContext } from './context';
import { sendJson } from './http-util';

const CREATED = 1_776_000_000;

/** OpenAI: `{ object: 'list', data: [{ id, object: 'model', created, owned_by }] }`, as `openai.models.list()` reads it. */
export async function openaiModels(ctx: RouteContext): Promise<void> {
  const data = modelsFor('openai').map((m) => ({ id: m.id, object: 'model', created: CREATED, owned_by: 'system' }));
  sendJson(ctx.res, 200, { object: 'list', data }, { 'x-request-id': ctx.record.id });
}

/** Azure OpenAI (data plane, Models - List): `{ data: [{ id, status, capabilities, lifecycle_status, object }], object: 'list' }`. */
export async function azureModels(ctx: RouteContext): Promise<void> {
  const data = modelsFor('azure').map((m) => ({
    id: m.id, status: 'succeeded', object: 'model', created_at: CREATED, lifecycle_status: 'generally-available',
    capabilities: { fine_tune: false, inference: true, completion: false, chat_completion: false, embeddings: false },
  }));
  sendJson(ctx.res, 200, { data, object: 'list' }, { 'apim-request-id': ctx.record.id, 'x-request-id': ctx.record.id });
}

/** fal.ai platform API: `{ models: [{ endpoint_id, metadata }], next_cursor, has_more }`; `endpoint_id` filters. */
export async function falModels(ctx: RouteContext): Promise<void> {
  const endpoints = ['openai/gpt-image-2', 'openai/gpt-image-2/edit', 'openai/gpt-image-1.5', 'openai/gpt-image-1.5/edit'];
  const wanted = ctx.url.searchParams.getAll('endpoint_id');
  const models = endpoints.filter((e) => wanted.length === 0 || wanted.includes(e)).map((endpoint_id) => ({
    endpoint_id, metadata: { display_name: endpoint_id, category: endpoint_id.endsWith('/edit') ? 'image-to-image' : 'text-to-image', status: 'active' },
  }));
  sendJson(ctx.res, 200, { models, next_cursor: null, has_more: false }, { 'x-request-id': ctx.record.id });
}
