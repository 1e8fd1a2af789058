// Which route a method and path are, and the handler that answers it.
import type { RouteContext } from './context';
import type { Protocol } from './errors';
import { bflDelivery, bflResult, bflSubmit } from './bfl';
import { falCancel, falFile, falResult, falStatus, falSubmit } from './fal';
import { azureModels, falModels, openaiModels } from './models';
import { geminiGenerate } from './gemini';
import { geminiBatchCancel, geminiBatchCreate, geminiBatchGet, geminiFileDownload } from './geminiBatch';
import { openaiImages } from './openai';
import { batchesCancel, batchesCreate, batchesRetrieve, filesContent, filesCreate } from './openaiBatch';
import { openaiResponses } from './responses';
import { openRouterChat, openRouterModels } from './openrouter';
import type { RouteName } from './types';

export interface ResolvedRoute {
  readonly route: RouteName;
  readonly protocol: Protocol;
  /** The credential the route needs: OpenAI `Authorization: Bearer`, Azure `api-key` (or Entra bearer), fal `Authorization: Key`. */
  readonly auth?: 'bearer' | 'azure' | 'fal' | 'goog' | 'bfl';
  readonly handle: (ctx: RouteContext) => Promise<void>;
}

const RESERVED = new Set(['v1', 'v1beta', 'api', 'files', 'delivery', 'download', '__control']);

/** `authorization`: the request's header; OpenAI's and fal's model lists share the path `/v1/models` here (api.openai.com and api.fal.ai in reality), told apart by the scheme. */
export function resolveRoute(method: string, path: string, authorization = ''): ResolvedRoute | undefined {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (method === 'GET' && path === '/v1/models') {
    return /^key /i.test(authorization)
      ? { route: 'fal.models', protocol: 'fal', auth: 'fal', handle: falModels }
      : { route: 'openai.models', protocol: 'openai', auth: 'bearer', handle: openaiModels };
  }
  if (method === 'POST' && path === '/v1/responses') return { route: 'openai.responses', protocol: 'openai', auth: 'bearer', handle: openaiResponses };
  if (method === 'GET' && path === '/openai/models') return { route: 'azure.models', protocol: 'azure', auth: 'azure', handle: azureModels };
  if (method === 'POST' && path === '/v1/images/generations') {
    return { route: 'openai.generate', protocol: 'openai', auth: 'bearer', handle: (c) => openaiImages(c, 'openai', false) };
  }
  if (method === 'POST' && path === '/v1/files') return { route: 'openai.files.create', protocol: 'openai', auth: 'bearer', handle: filesCreate };
  if (method === 'GET' && seg.length === 4 && seg[0] === 'v1' && seg[1] === 'files' && seg[3] === 'content') {
    return { route: 'openai.files.content', protocol: 'openai', auth: 'bearer', handle: (c) => filesContent(c, seg[2]) };
  }
  if (method === 'POST' && path === '/v1/batches') return { route: 'openai.batches.create', protocol: 'openai', auth: 'bearer', handle: batchesCreate };
  if (method === 'GET' && seg.length === 3 && seg[0] === 'v1' && seg[1] === 'batches') return { route: 'openai.batches.retrieve', protocol: 'openai', auth: 'bearer', handle: (c) => batchesRetrieve(c, seg[2]) };
  if (method === 'POST' && seg.length === 4 && seg[0] === 'v1' && seg[1] === 'batches' && seg[3] === 'cancel') {
    return { route: 'openai.batches.cancel', protocol: 'openai', auth: 'bearer', handle: (c) => batchesCancel(c, seg[2]) };
  }
  if (method === 'POST' && path === '/v1/images/edits') {
    return { route: 'openai.edit', protocol: 'openai', auth: 'bearer', handle: (c) => openaiImages(c, 'openai', true) };
  }
  if (method === 'POST' && seg.length === 5 && seg[0] === 'openai' && seg[1] === 'deployments' && seg[3] === 'images') {
    if (seg[4] === 'generations') return { route: 'azure.generate', protocol: 'azure', auth: 'azure', handle: (c) => openaiImages(c, 'azure', false) };
    if (seg[4] === 'edits') return { route: 'azure.edit', protocol: 'azure', auth: 'azure', handle: (c) => openaiImages(c, 'azure', true) };
  }
  // Gemini: POST /v1beta/models/{model}:generateContent
  if (method === 'POST' && seg.length === 3 && seg[0] === 'v1beta' && seg[1] === 'models' && seg[2].endsWith(':generateContent')) {
    const model = seg[2].slice(0, -':generateContent'.length);
    return { route: 'gemini.generate', protocol: 'gemini', auth: 'goog', handle: (c) => geminiGenerate(c, model) };
  }
  // Gemini's Batch API: POST models/{model}:batchGenerateContent, GET batches/{id}, POST batches/{id}:cancel, and results files.
  if (method === 'POST' && seg.length === 3 && seg[0] === 'v1beta' && seg[1] === 'models' && seg[2].endsWith(':batchGenerateContent')) {
    const model = seg[2].slice(0, -':batchGenerateContent'.length);
    return { route: 'gemini.batches.create', protocol: 'gemini', auth: 'goog', handle: (c) => geminiBatchCreate(c, model) };
  }
  if (seg.length === 3 && seg[0] === 'v1beta' && seg[1] === 'batches') {
    if (method === 'GET' && !seg[2].includes(':')) return { route: 'gemini.batches.get', protocol: 'gemini', auth: 'goog', handle: (c) => geminiBatchGet(c, seg[2]) };
    if (method === 'POST' && seg[2].endsWith(':cancel')) return { route: 'gemini.batches.cancel', protocol: 'gemini', auth: 'goog', handle: (c) => geminiBatchCancel(c, seg[2].slice(0, -':cancel'.length)) };
  }
  if (method === 'GET' && seg.length === 4 && seg[0] === 'download' && seg[1] === 'v1beta' && seg[2] === 'files' && seg[3].endsWith(':download')) {
    return { route: 'gemini.files.download', protocol: 'gemini', auth: 'goog', handle: (c) => geminiFileDownload(c, seg[3].slice(0, -':download'.length)) };
  }
  // OpenRouter, at {fake}/api/v1: POST chat/completions, GET models
  if (method === 'POST' && path === '/api/v1/chat/completions') return { route: 'openrouter.chat', protocol: 'openrouter', auth: 'bearer', handle: openRouterChat };
  if (method === 'GET' && path === '/api/v1/models') return { route: 'openrouter.models', protocol: 'openrouter', handle: openRouterModels };
  if (method === 'POST' && seg.length === 2 && seg[0] === 'v1' && seg[1].startsWith('flux-')) {
    return { route: 'bfl.submit', protocol: 'bfl', auth: 'bfl', handle: (c) => bflSubmit(c, seg[1]) };
  }
  if (method === 'GET' && path === '/v1/get_result') return { route: 'bfl.result', protocol: 'bfl', auth: 'bfl', handle: bflResult };
  if (method === 'GET' && seg.length === 2 && seg[0] === 'delivery') return { route: 'bfl.delivery', protocol: 'bfl', handle: (c) => bflDelivery(c, seg[1]) };
  if (method === 'GET' && seg.length === 2 && seg[0] === 'files') return { route: 'file', protocol: 'fal', handle: (c) => falFile(c, seg[1]) };
  if (seg.length < 2 || RESERVED.has(seg[0]) || (seg[0] === 'openai' && seg[1] === 'deployments')) return undefined;
  const app = `${seg[0]}/${seg[1]}`;
  if (seg[2] === 'requests' && seg.length >= 4) {
    const id = seg[3];
    if (method === 'GET' && seg.length === 5 && seg[4] === 'status') return { route: 'fal.status', protocol: 'fal', auth: 'fal', handle: (c) => falStatus(c, app, id) };
    if (method === 'PUT' && seg.length === 5 && seg[4] === 'cancel') return { route: 'fal.cancel', protocol: 'fal', auth: 'fal', handle: (c) => falCancel(c, app, id) };
    if (method === 'GET' && seg.length === 4) return { route: 'fal.result', protocol: 'fal', auth: 'fal', handle: (c) => falResult(c, app, id) };
    return undefined;
  }
  if (method === 'POST') return { route: 'fal.submit', protocol: 'fal', auth: 'fal', handle: (c) => falSubmit(c, app, seg.slice(2).join('/')) };
  return undefined;
}
