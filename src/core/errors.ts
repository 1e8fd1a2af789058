// Errors the core raises, with a code the UI can act on and a message written for people.
// Messages never include secrets: they are redacted when made and again when they leave as an ErrorInfo.
import { redact } from './redact';

export type ErrorCode =
  | 'invalid-request'
  | 'auth'
  | 'forbidden'
  | 'moderation'
  | 'rate-limit'
  | 'quota'
  | 'server'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'bad-image'
  | 'not-found'
  | 'config'
  | 'outside-workspace'
  | 'exists';

export const ERROR_CODES: readonly ErrorCode[] = [
  'invalid-request', 'auth', 'forbidden', 'moderation', 'rate-limit', 'quota', 'server', 'timeout',
  'network', 'cancelled', 'bad-image', 'not-found', 'config', 'outside-workspace', 'exists',
];

// A timed-out call is not retried: it may have been billed (see pixelsmith.requestTimeoutSeconds).
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate-limit', 'server', 'network']);

export interface PixelsmithErrorOptions {
  /** The request field the error concerns, e.g. `size`. */
  readonly field?: string;
  /** The values that field accepts. */
  readonly allowed?: readonly string[];
  /** The provider's request id, for support. */
  readonly requestId?: string;
  /** Defaults by code: rate-limit, server and network are retryable. */
  readonly retryable?: boolean;
  /** What the user should do next. */
  readonly hint?: string;
  readonly cause?: unknown;
  /** The generation the error ended (kept in the history): what a caller passes to pixelsmith.saveSanitizedSvg. */
  readonly generationId?: string;
  /** A refused SVG that pixelsmith.saveSanitizedSvg can save a safe copy of. */
  readonly sanitizable?: true;
}

export class PixelsmithError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly allowed?: readonly string[];
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly hint?: string;
  readonly generationId?: string;
  readonly sanitizable?: true;

  constructor(code: ErrorCode, message: string, options: PixelsmithErrorOptions = {}) {
    // A provider's message can quote the key it rejected; VS Code shows thrown messages as they are.
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PixelsmithError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    if (options.field !== undefined) this.field = options.field;
    if (options.allowed !== undefined) this.allowed = options.allowed;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.hint !== undefined) this.hint = redact(options.hint);
    if (options.generationId !== undefined) this.generationId = options.generationId;
    if (options.sanitizable) this.sanitizable = true;
  }
}

/** A request that breaks a rule of the catalogue; raised before any money is spent. */
export class ValidationError extends PixelsmithError {
  declare readonly field: string;

  constructor(field: string, message: string, options: Omit<PixelsmithErrorOptions, 'field' | 'retryable'> = {}) {
    super('invalid-request', message, { ...options, field, retryable: false });
    this.name = 'ValidationError';
  }
}

export function isPixelsmithError(e: unknown): e is PixelsmithError {
  return e instanceof PixelsmithError;
}

/** A plain, serialisable view of an error, for the webviews, command results, history records and logs; its text is redacted. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly allowed?: readonly string[];
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly hint?: string;
  /** A refused SVG: pixelsmith.saveSanitizedSvg (or the panel's button) saves a safe copy. */
  readonly sanitizable?: true;
}

export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof PixelsmithError) {
    return {
      code: e.code,
      message: redact(e.message),
      retryable: e.retryable,
      ...(e.field !== undefined ? { field: e.field } : {}),
      ...(e.allowed !== undefined ? { allowed: e.allowed } : {}),
      ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
      ...(e.hint !== undefined ? { hint: redact(e.hint) } : {}),
      ...(e.sanitizable ? { sanitizable: true as const } : {}),
    };
  }
  if (e instanceof Error && e.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled.', retryable: false };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'server', message: redact(message) || 'Unexpected error.', retryable: false };
}

/** Quote a user value in a message: JSON-quoted, cut to `max` characters so a huge prompt cannot flood a toast. */
export function quoteValue(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const cut = [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
  return typeof value === 'string' ? JSON.stringify(cut) : cut;
}

/** `a, b or c` for lists of allowed values. */
export function listValues(values: readonly string[], last = 'or'): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${last} ${values[values.length - 1]}`;
}

/** An error raised after a 2xx answer: the call was accepted and may be billed, so it is never retried. */
export function afterAnswer(e: PixelsmithError): PixelsmithError {
  if (!e.retryable) return e;
  return new PixelsmithError(e.code, e.message, {
    retryable: false, cause: e, ...(e.requestId ? { requestId: e.requestId } : {}), ...(e.hint ? { hint: e.hint } : {}),
  });
}
