// The control API under /__control/, for tests in another process (the extension host, Playwright):
// program behaviours, reset, and read what was received and served. Never recorded, never authenticated.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mimeForFormat } from '../../src/core/imaging/formats';
import { readBody, sendJson } from './http-util';
import { parseRule, RuleBook } from './rules';
import type { RecordedRequest, Rule, ServedImage } from './types';

export interface ControlTarget {
  readonly rules: RuleBook;
  readonly requests: readonly RecordedRequest[];
  readonly served: readonly ServedImage[];
  reset(): void;
}


/** A served image as JSON: everything but the bytes, plus its position `n` and byte `size`. */
export function servedSummary(s: ServedImage, n: number): Record<string, unknown> {
  const { bytes, ...rest } = s;
  return { n, ...rest, size: bytes.length };
}

/** Rules from `{ rules: [...] }`, `[...]` or one rule object; throws naming the bad rule. */
export function parseRules(body: unknown): Rule[] {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && 'rules' in body ? (body as { rules: unknown }).rules : [body];
  if (!Array.isArray(list)) throw new Error('rules must be an array');
  return list.map((r, i) => {
    try {
      return parseRule(r);
    } catch (e) {
      throw new Error(`rules[${i}]: ${(e as Error).message}`);
    }
  });
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, t: ControlTarget): Promise<void> {
  const sub = url.pathname.slice('/__control'.length) || '/';
  const method = req.method ?? 'GET';
  if (method === 'GET' && sub === '/health') return sendJson(res, 200, { ok: true, requests: t.requests.length, served: t.served.length });
  if (sub === '/rules' && method === 'GET') return sendJson(res, 200, { rules: t.rules.pending() });
  if (sub === '/rules' && (method === 'POST' || method === 'PUT')) {
    let rules: Rule[];
    try {
      const text = (await readBody(req)).toString('utf8');
      rules = parseRules(text ? JSON.parse(text) : []);
    } catch (e) {
      return sendJson(res, 400, { error: `Bad rules: ${(e as Error).message}` });
    }
    if (url.searchParams.get('append') === '1') rules.forEach((r) => t.rules.append(r));
    else t.rules.replace(rules);
    return sendJson(res, 200, { rules: t.rules.pending() });
  }
  if (sub === '/reset' && method === 'POST') {
    t.reset();
    return sendJson(res, 200, { ok: true });
  }
  if (sub === '/requests' && method === 'GET') {
    const route = url.searchParams.get('route');
    return sendJson(res, 200, { requests: route ? t.requests.filter((r) => r.route === route || r.route?.startsWith(`${route}.`)) : t.requests });
  }
  if (sub === '/served' && method === 'GET') return sendJson(res, 200, { served: t.served.map(servedSummary) });
  const m = /^\/served\/(\d+)\/bytes$/.exec(sub);
  if (m && method === 'GET') {
    const s = t.served[Number(m[1])];
    if (!s) return sendJson(res, 404, { error: `No served image ${m[1]}: ${t.served.length} served so far` });
    res.writeHead(200, { 'content-type': mimeForFormat(s.format), 'content-length': String(s.bytes.length), 'x-sha256': s.sha256 });
    res.end(Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength));
    return;
  }
  return sendJson(res, 404, { error: `Unknown control endpoint ${method} ${url.pathname}` });
}
