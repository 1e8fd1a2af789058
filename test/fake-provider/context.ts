// What a route handler gets: the parsed request, the behaviour to apply, and the server's shared state.
import type { ImageFormat } from '../../src/core/types';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormPart } from './multipart';
import type { ImageFactory } from './images';
import type { Behaviour, FakeProviderOptions, RecordedRequest, RouteName, ServedImage } from './types';
import { deliver, type DeliveryMode } from './deliver';
import { jsonBytes } from './http-util';
import type { BflTask } from './bfl';
import type { BatchState } from './openaiBatch';

export interface FalJob {
  readonly id: string;
  /** `owner/app`, where the status and result URLs live (no subpath). */
  readonly app: string;
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly transparent: boolean;
  readonly n: number;
  readonly edit: boolean;
  readonly syncMode: boolean;
  /** A behaviour that shows at result time: moderation, truncated files, or a failed run. */
  readonly failure?: 'moderation' | 'truncate' | 'error';
  /** Where the answers send the client (a scripted `fal-urls` behaviour), and how many images too many they list. */
  readonly urls?: { readonly queueOrigin?: string; readonly fileOrigin?: string; readonly extraImages?: number };
  polls: number;
  cancelled: boolean;
}

export interface StoredFile {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly index: number;
  readonly truncated: boolean;
}

export interface SharedState {
  readonly options: Required<Omit<FakeProviderOptions, 'port' | 'host'>>;
  readonly images: ImageFactory;
  readonly falJobs: Map<string, FalJob>;
  readonly bflTasks: Map<string, BflTask>;
  /** `http://127.0.0.1:PORT` of the second port, where BFL results are delivered (another origin than the API). */
  deliveryOrigin(): string;
  readonly files: Map<string, StoredFile>;
  serve(image: ServedImage): void;
  /** OpenAI's Files and Batch APIs. */
  readonly batch: BatchState;
  /** The next scripted behaviour for a route (for virtual routes such as a batch's lines). */
  takeRule(route: RouteName): Behaviour | undefined;
}

export class RouteContext {
  readonly headers: Record<string, string>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly route: RouteName,
    readonly record: RecordedRequest,
    readonly signal: AbortSignal,
    readonly state: SharedState,
    /** The scripted behaviour left to apply (delay already waited, 'ok' removed). */
    readonly behaviour: Behaviour | undefined,
    readonly json: unknown,
    readonly parts: readonly FormPart[] | undefined,
  ) {
    this.headers = { 'x-request-id': record.id };
  }

  get requestId(): string {
    return this.record.id;
  }

  /** `http://host:port` as the client addressed this server, for URLs in answers. */
  get origin(): string {
    return `http://${this.req.headers.host ?? '127.0.0.1'}`;
  }

  /** How the body goes out under the current behaviour. */
  get deliveryMode(): DeliveryMode {
    const b = this.behaviour;
    if (b?.kind === 'chunked') return { kind: 'chunked', chunkBytes: b.chunkBytes, intervalMs: b.intervalMs };
    if ((b?.kind === 'truncate' && b.what === 'body') || b?.kind === 'stream-error') return { kind: 'cut' };
    return { kind: 'whole' };
  }

  /** The image bytes cut short when the behaviour is truncate 'image'. */
  get truncateImages(): boolean {
    return this.behaviour?.kind === 'truncate' && this.behaviour.what !== 'body';
  }

  sendJson(status: number, body: unknown, extraHeaders: Record<string, string> = {}): Promise<void> {
    return this.sendBytes(status, jsonBytes(body), 'application/json', extraHeaders);
  }

  sendBytes(status: number, bytes: Uint8Array, contentType: string, extraHeaders: Record<string, string> = {}): Promise<void> {
    const headers = { ...this.headers, 'content-type': contentType, ...extraHeaders };
    return deliver(this.res, status, headers, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), this.deliveryMode, this.signal);
  }
}
