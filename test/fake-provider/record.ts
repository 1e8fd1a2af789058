// Turning an incoming request into what the fake records: redacted headers, the JSON body (data: URIs
// described, not kept), multipart text fields and uploaded files with their MIME type, size and sha256.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { queryOf, redactHeaders } from './http-util';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import type { RecordedFile, RecordedPart, RecordedRequest, RouteName } from './types';

export interface ParsedBody {
  readonly json?: unknown;
  readonly parts?: FormPart[];
  /** Why the body could not be read as its content type says, if so. */
  readonly error?: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseBody(req: IncomingMessage, body: Buffer): ParsedBody {
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  if (/^application\/json/i.test(type)) {
    try {
      return { json: JSON.parse(body.toString('utf8')) };
    } catch (e) {
      return { error: `We could not parse the JSON body of your request. (${(e as Error).message})` };
    }
  }
  if (/^multipart\/form-data/i.test(type)) {
    const boundary = boundaryOf(type);
    if (!boundary) return { error: 'multipart/form-data without a boundary' };
    try {
      return { parts: parseMultipart(body, boundary) };
    } catch (e) {
      return { error: `Malformed multipart body: ${(e as Error).message}` };
    }
  }
  return {};
}

export function newRecord(id: string, req: IncomingMessage, url: URL, route: RouteName | undefined, parsed: ParsedBody): RecordedRequest {
  const files: RecordedFile[] = [];
  const base = {
    id, receivedAt: new Date().toISOString(), method: req.method ?? 'GET', path: url.pathname,
    ...(route ? { route } : {}), query: queryOf(url), headers: redactHeaders(req.headers),
  };
  if (parsed.parts) {
    const parts: RecordedPart[] = parsed.parts.map((p) => {
      if (p.filename === undefined) return { name: p.name, size: p.data.length, value: p.data.toString('utf8') };
      const contentType = p.contentType ?? 'application/octet-stream';
      const hash = sha256(p.data);
      files.push({ field: p.name, filename: p.filename, contentType, size: p.data.length, sha256: hash });
      return { name: p.name, filename: p.filename, contentType, size: p.data.length, sha256: hash };
    });
    const fields: Record<string, string> = {};
    for (const p of parts) if (p.value !== undefined) fields[p.name] = p.value;
    return { ...base, parts, fields, files };
  }
  if (parsed.json !== undefined) return { ...base, json: describeDataUris(parsed.json, '', files), files };
  return base;
}

/** A copy of `v` with every `data:` URI replaced by `<data:MIME;SIZE bytes;sha256=…>`, collected into `files`. */
function describeDataUris(v: unknown, field: string, files: RecordedFile[]): unknown {
  if (typeof v === 'string') {
    const file = decodeDataUri(v);
    if (!file) return v;
    files.push({ field, contentType: file.mime, size: file.bytes.length, sha256: sha256(file.bytes) });
    return `<data:${file.mime};${file.bytes.length} bytes;sha256=${sha256(file.bytes)}>`;
  }
  if (Array.isArray(v)) return v.map((x) => describeDataUris(x, field, files));
  if (typeof v === 'object' && v !== null && isInlineData(v)) {
    // Gemini's inlineData { mimeType, data }: base64 without a data: prefix, recorded like a data URI.
    const bytes = Buffer.from(v.data, 'base64');
    files.push({ field, contentType: v.mimeType, size: bytes.length, sha256: sha256(bytes) });
    return { mimeType: v.mimeType, data: `<base64;${bytes.length} bytes;sha256=${sha256(bytes)}>` };
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = describeDataUris(x, field ? `${field}.${k}` : k, files);
    return out;
  }
  return v;
}

function isInlineData(v: object): v is { mimeType: string; data: string } {
  const o = v as { mimeType?: unknown; data?: unknown };
  return Object.keys(o).length === 2 && typeof o.mimeType === 'string' && typeof o.data === 'string';
}

export function decodeDataUri(s: string): { mime: string; bytes: Buffer } | undefined {
  const m = /^data:([^;,]*)(;base64)?,/.exec(s);
  if (!m) return undefined;
  const payload = s.slice(m[0].length);
  return { mime: m[1] || 'text/plain', bytes: m[2] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8') };
}

/** Whether the request carried the credential its protocol needs (the value itself is never kept). */
export function hasAuth(req: IncomingMessage, scheme: 'bearer' | 'azure' | 'fal' | 'goog' | 'bfl'): boolean {
  const auth = req.headers.authorization ?? '';
  if (scheme === 'goog') return typeof req.headers['x-goog-api-key'] === 'string' && req.headers['x-goog-api-key'].length > 0;
  if (scheme === 'bfl') return typeof req.headers['x-key'] === 'string' && req.headers['x-key'].length > 0;
  if (scheme === 'bearer') return /^Bearer\s+\S+/i.test(auth);
  if (scheme === 'fal') return /^Key\s+\S+/i.test(auth);
  return (typeof req.headers['api-key'] === 'string' && req.headers['api-key'].length > 0) || /^Bearer\s+\S+/i.test(auth);
}
