// The fake image provider: a loopback HTTP server speaking OpenAI, Azure OpenAI, fal.ai's queue and BFL's tasks,
// with scripted behaviours and a record of everything received and served. See README.md.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BflTask } from './bfl';
import { RouteContext, type FalJob, type SharedState, type StoredFile } from './context';
import { handleControl } from './control';
import { moderationAnswer, openaiError, statusAnswer, type Protocol } from './errors';
import { clientGone, readBody, sendJson, sleep } from './http-util';
import { ImageFactory } from './images';
import { hasAuth, newRecord, parseBody } from './record';
import { newBatchState } from './openaiBatch';
import { resolveRoute } from './routes';
import { RuleBook } from './rules';
import type { Behaviour, FakeProviderOptions, RecordedRequest, Rule, ServedImage } from './types';

export type { Behaviour, FakeProviderOptions, RecordedRequest, Rule, ServedImage } from './types';

export interface FakeProvider {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** For the OpenAI SDK's `baseURL`: `${url}/v1`. */
  readonly openaiBaseUrl: string;
  /** For `AzureOpenAI({ endpoint })` and fal's queue base URL: the same as `url`. */
  readonly azureEndpoint: string;
  readonly falBaseUrl: string;
  /** For pixelsmith.bfl.baseUrl: the same as `url`. */
  readonly bflBaseUrl: string;
  /** The second port, where BFL results are delivered: another origin than the API, as delivery.*.bfl.ai is. */
  readonly deliveryUrl: string;
  readonly requests: readonly RecordedRequest[];
  readonly served: readonly ServedImage[];
  /** Replaces the scripted behaviours. */
  setRules(rules: readonly Rule[]): void;
  addRule(rule: Rule): void;
  pendingRules(): Rule[];
  /** Forgets rules, recorded requests, served images, fal jobs and files. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeProvider(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  const rules = new RuleBook();
  const requests: RecordedRequest[] = [];
  const served: ServedImage[] = [];
  const falJobs = new Map<string, FalJob>();
  const bflTasks = new Map<string, BflTask>();
  let deliveryUrl = '';
  const files = new Map<string, StoredFile>();
  let seq = 0;
  const state: SharedState = {
    options: {
      latencyMs: opts.latencyMs ?? 0, falQueuePolls: opts.falQueuePolls ?? 2, bflPendingPolls: opts.bflPendingPolls ?? 2,
      texture: opts.texture ?? 'grain', revisedPrompts: opts.revisedPrompts ?? false, batchPolls: opts.batchPolls ?? 2,
      geminiBatchOutput: opts.geminiBatchOutput ?? 'inline',
    },
    images: new ImageFactory(),
    falJobs, bflTasks, files, deliveryOrigin: () => deliveryUrl,
    serve: (image) => { served.push(image); },
    batch: newBatchState(),
    takeRule: (route) => rules.take(route),
  };
  const reset = (): void => {
    rules.clear();
    requests.length = 0;
    served.length = 0;
    falJobs.clear();
    bflTasks.clear();
    files.clear();
    state.batch.files.clear();
    state.batch.batches.clear();
    state.batch.gemini.clear();
    state.batch.geminiFiles.clear();
  };
  const control = { rules, requests, served, reset };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) return handleControl(req, res, url, control);
    const method = req.method ?? 'GET';
    const resolved = resolveRoute(method, url.pathname, String(req.headers.authorization ?? ''));
    const parsed = parseBody(req, await readBody(req));
    const record: RecordedRequest = newRecord(`req_${++seq}`, req, url, resolved?.route, parsed);
    requests.push(record);
    res.on('close', () => { if (res.headersSent) record.status = res.statusCode; });
    const idHeader = { 'x-request-id': record.id };
    if (!resolved) return sendJson(res, 404, openaiError(`Unknown route: ${method} ${url.pathname}`, 'invalid_request_error'), idHeader);
    const { route, protocol } = resolved;
    if (parsed.error) return sendJson(res, 400, errorBody(protocol, 400, parsed.error), idHeader);
    if (protocol === 'azure' && !url.searchParams.get('api-version')) {
      return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } }, idHeader);
    }
    if (resolved.auth && !hasAuth(req, resolved.auth)) {
      const a = statusAnswer(protocol, { kind: 'status', status: 401 });
      return sendJson(res, 401, a.body, { ...a.headers, ...idHeader });
    }
    const signal = clientGone(req, res);
    let b: Behaviour | undefined = rules.take(route);
    if (b) record.behaviour = b.kind;
    while (b?.kind === 'delay') {
      if (!(await sleep(b.ms, signal))) return;
      b = b.then;
    }
    if (b?.kind === 'ok') b = undefined;
    if (b?.kind === 'hang') {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      return;
    }
    if (b?.kind === 'status') {
      const a = statusAnswer(protocol, b);
      return sendJson(res, a.status, a.body, { ...a.headers, ...idHeader });
    }
    // fal and BFL report moderation later in the job, Gemini and OpenRouter in their own answer shapes: their handlers answer it.
    if (b?.kind === 'moderation' && route !== 'fal.submit' && protocol !== 'bfl' && protocol !== 'gemini' && protocol !== 'openrouter') {
      const prompt = (parsed.json as { prompt?: unknown } | undefined)?.prompt ?? record.fields?.prompt;
      const a = moderationAnswer(protocol, record.id, typeof prompt === 'string' ? prompt : '');
      return sendJson(res, a.status, a.body, { ...a.headers, ...idHeader });
    }
    await resolved.handle(new RouteContext(req, res, url, route, record, signal, state, b, parsed.json, parsed.parts));
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: unknown) => {
      process.stderr.write(`fake provider: ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}\n`);
      if (!res.headersSent) sendJson(res, 500, openaiError(`Fake provider failure: ${(e as Error).message}`, 'server_error'));
      else res.destroy();
    });
  };
  const server = await listen(listener, opts.port ?? 0, opts.host ?? '127.0.0.1');
  // The delivery port answers the same routes and records into the same lists; only its origin differs.
  const delivery = await listen(listener, 0, opts.host ?? '127.0.0.1');
  const url = originOf(server);
  deliveryUrl = originOf(delivery);
  return {
    url, openaiBaseUrl: `${url}/v1`, azureEndpoint: url, falBaseUrl: url, bflBaseUrl: url, deliveryUrl, requests, served,
    setRules: (r) => rules.replace(r),
    addRule: (r) => rules.append(r),
    pendingRules: () => rules.pending(),
    reset,
    close: async () => { await Promise.all([server, delivery].map(closeServer)); },
  };
}

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void, port: number, host: string): Promise<Server> {
  const server = createServer(listener);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    server.closeAllConnections();
  });
}

function errorBody(protocol: Protocol, status: number, message: string): unknown {
  if (protocol === 'openai') return openaiError(message, 'invalid_request_error');
  if (protocol === 'azure') return { error: { code: String(status), message } };
  return { detail: message };
}
