// The fake provider's vocabulary: routes, scripted behaviours, and what it records.
import type { ImageFormat } from '../../src/core/types';

export type RouteName =
  | 'openai.generate'
  | 'openai.edit'
  | 'azure.generate'
  | 'azure.edit'
  | 'fal.submit'
  | 'fal.status'
  | 'fal.result'
  | 'fal.cancel'
  | 'file'
  | 'openai.models'
  | 'openai.responses'
  | 'azure.models'
  | 'fal.models'
  | 'gemini.generate'
  | 'openrouter.chat'
  | 'openrouter.models'
  | 'bfl.submit'
  | 'bfl.result'
  | 'bfl.delivery'
  | 'openai.files.create'
  | 'openai.files.content'
  | 'openai.batches.create'
  | 'openai.batches.retrieve'
  | 'openai.batches.cancel'
  /** Not an HTTP route: each line of a batch as it is run (rules script single lines, in line order). */
  | 'openai.batch.line'
  | 'gemini.batches.create'
  | 'gemini.batches.get'
  | 'gemini.batches.cancel'
  | 'gemini.files.download'
  /** Not an HTTP route: each line of a Gemini batch as it is run (rules script single lines, in line order). */
  | 'gemini.batch.line';

/** A route, a protocol family ('openai' matches openai.*), or 'any'. */
export type RouteMatch = RouteName | 'openai' | 'azure' | 'fal' | 'bfl' | 'gemini' | 'openrouter' | 'any';

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 408 | 409 | 422 | 429 | 500 | 502 | 503 | 504;

/** How to answer one matching request instead of (or before) the normal answer. */
export type Behaviour =
  /** Answer normally (useful in scripts to let one request through). */
  | { readonly kind: 'ok' }
  /** Wait `ms` (aborted if the client goes away), then behave as `then` (default: normally). */
  | { readonly kind: 'delay'; readonly ms: number; readonly then?: Behaviour }
  /** Send the normal body in pieces of `chunkBytes` every `intervalMs`. */
  | { readonly kind: 'chunked'; readonly chunkBytes: number; readonly intervalMs: number }
  /**
   * The provider's content-moderation refusal (OpenAI: 400 moderation_blocked). fal: shows at result time.
   * Gemini: a 200 answer with `promptFeedback.blockReason` (default PROHIBITED_CONTENT); OpenRouter: 403 with `metadata.reasons`.
   */
  | { readonly kind: 'moderation'; readonly reason?: string }
  /** Gemini and OpenRouter: a 200 answer without an image, with `finishReason` (Gemini e.g. IMAGE_SAFETY) and the model's `text`. */
  | { readonly kind: 'no-image'; readonly finishReason?: string; readonly text?: string }
  /**
   * An HTTP error in the provider's error shape. 429 has `retry-after` (seconds, default 1) unless
   * `code` is 'insufficient_quota'. `body` and `headers` override the defaults.
   */
  | {
      readonly kind: 'status';
      readonly status: ErrorStatus;
      readonly code?: 'rate_limit_exceeded' | 'insufficient_quota' | string;
      readonly retryAfter?: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /**
   * 'image' (default): a well-formed answer whose image bytes are cut short.
   * 'body': the HTTP body is cut short and the connection dropped.
   */
  | { readonly kind: 'truncate'; readonly what?: 'image' | 'body' }
  /** Streaming: an SSE `error` event after `afterPartials` partial images (default 1). Non-streaming: like truncate 'body'. */
  | { readonly kind: 'stream-error'; readonly afterPartials?: number }
  /** Never answer; the client has to abort. */
  | { readonly kind: 'hang' }
  /** A `stream: true` request answered with the plain JSON answer, as some OpenAI-compatible gateways do. */
  | { readonly kind: 'json-for-stream' }
  /**
   * Send the answer up to the end of image `after` (JSON: the first `after` b64_json values complete, and
   * `after: 0` stops inside the first; SSE: the first `after` events), then nothing more, keeping the connection
   * open until the client leaves.
   */
  | { readonly kind: 'stall'; readonly after: number }
  /** A 200 JSON answer `bytes` long (one endless b64_json), sent as fast as the client reads; `sentBytes` records how much went out. */
  | { readonly kind: 'oversize'; readonly bytes: number }
  /** An SVG answer that carries a `<script>` (what Pixelsmith must never write into the workspace). */
  | { readonly kind: 'svg-script' }
  /**
   * fal, on submit: a hostile or compromised answer. The job's status, response and cancel URLs name `queueOrigin`,
   * its image URLs name `fileOrigin` (each default: this server), and the result lists `extraImages` more than asked.
   */
  | { readonly kind: 'fal-urls'; readonly queueOrigin?: string; readonly fileOrigin?: string; readonly extraImages?: number }
  /** BFL, on a poll: the task ends in this status (`Error` with error details, `Task not found`, or a moderation). */
  | { readonly kind: 'bfl-status'; readonly status: BflEndStatus }
  /** OpenAI Responses (Check Text): the vision model reads these text blocks in the image. */
  | { readonly kind: 'read-text'; readonly texts: readonly string[] }
  /** BFL, on submit: the polling_url names `pollOrigin` (default: this server), as a hostile or broken answer could. */
  | { readonly kind: 'bfl-urls'; readonly pollOrigin: string };

export type BflEndStatus = 'Error' | 'Task not found' | 'Request Moderated' | 'Content Moderated';
export const BFL_END_STATUSES: readonly BflEndStatus[] = ['Error', 'Task not found', 'Request Moderated', 'Content Moderated'];

export interface Rule {
  readonly route?: RouteMatch;
  readonly behaviour: Behaviour;
  /** How many matching requests it applies to; default 1. */
  readonly times?: number | 'always';
}

/** One part of a multipart body; file parts have `filename`, `contentType`, `sha256`; text parts have `value`. */
export interface RecordedPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly size: number;
  readonly sha256?: string;
  readonly value?: string;
}

/** An uploaded image: a multipart file part, or a data: URI in a fal JSON body. */
export interface RecordedFile {
  readonly field: string;
  readonly filename?: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export interface RecordedRequest {
  /** The `x-request-id` answered, `req_<n>`. */
  readonly id: string;
  readonly receivedAt: string;
  readonly method: string;
  readonly path: string;
  readonly route?: RouteName;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names; credentials redacted to `<redacted:LENGTH>`, keeping the scheme (`Bearer <redacted:51>`). */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON body (data: URIs replaced by a short description). */
  readonly json?: unknown;
  /** Multipart parts in order. */
  readonly parts?: readonly RecordedPart[];
  /** Multipart text fields by name (the last value wins). */
  readonly fields?: Readonly<Record<string, string>>;
  readonly files?: readonly RecordedFile[];
  /** The scripted behaviour applied, if any. */
  behaviour?: Behaviour['kind'];
  /** Response status, once sent. */
  status?: number;
  /** Body bytes written before the answer ended or the client left ('oversize' only). */
  sentBytes?: number;
}

/** A final image the server handed out (partials are not listed). */
export interface ServedImage {
  readonly sha256: string;
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly route: RouteName;
  readonly requestId: string;
  readonly index: number;
  /** Cut short on purpose by a 'truncate' behaviour. */
  readonly truncated: boolean;
  /** A C2PA manifest store is in the bytes (PNG `caBX`, JPEG APP11 JUMBF, WebP `C2PA`). */
  readonly contentCredentials: boolean;
  /** PNG only: the `caBX` chunk is present. */
  readonly hasCaBX: boolean;
}

export interface FakeProviderOptions {
  /** 0 or absent: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Added before every generation answer (and between SSE events), to look like a real provider. Default 0. */
  readonly latencyMs?: number;
  /** Status polls a fal request stays IN_QUEUE (queue_position counting down), then one IN_PROGRESS. Default 2. */
  readonly falQueuePolls?: number;
  /** Polls a BFL task answers Pending before Ready. Default 2. */
  readonly bflPendingPolls?: number;
  /** Image texture: 'grain' (default) gives realistic file sizes; 'flat' tiny files. */
  readonly texture?: 'grain' | 'flat';
  /** Include `revised_prompt` in OpenAI answers (gpt-image models do not send it). Default false. */
  readonly revisedPrompts?: boolean;
  /** Retrieves an OpenAI batch stays `in_progress` before its lines run and it completes (default 2). */
  readonly batchPolls?: number;
  /** How a finished Gemini batch gives its results: inlined in the operation (default) or as a responsesFile. */
  readonly geminiBatchOutput?: 'inline' | 'file';
}
