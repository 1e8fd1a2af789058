// Scripted behaviours: the rule list, route matching, and validation of rules sent over the control API.
import { BFL_END_STATUSES, type BflEndStatus, type Behaviour, type ErrorStatus, type RouteMatch, type RouteName, type Rule } from './types';

const ROUTES: readonly RouteName[] = [
  'openai.generate', 'openai.edit', 'azure.generate', 'azure.edit', 'fal.submit', 'fal.status', 'fal.result', 'fal.cancel', 'file', 'openai.models', 'openai.responses', 'azure.models', 'fal.models',
  'gemini.generate', 'openrouter.chat', 'openrouter.models', 'bfl.submit', 'bfl.result', 'bfl.delivery',
  'openai.files.create', 'openai.files.content', 'openai.batches.create', 'openai.batches.retrieve', 'openai.batches.cancel', 'openai.batch.line',
  'gemini.batches.create', 'gemini.batches.get', 'gemini.batches.cancel', 'gemini.files.download', 'gemini.batch.line',
];
const MATCHES: readonly string[] = [...ROUTES, 'openai', 'azure', 'fal', 'bfl', 'gemini', 'openrouter', 'any'];
const STATUSES: readonly number[] = [400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];

export function routeMatches(match: RouteMatch | undefined, route: RouteName): boolean {
  if (match === undefined || match === 'any' || match === route) return true;
  return route.startsWith(`${match}.`) || (match === 'fal' && route === 'file');
}

/** Rules in order; the first that matches a request is used (and counted down). */
export class RuleBook {
  private rules: { rule: Rule; left: number }[] = [];

  replace(rules: readonly Rule[]): void {
    this.rules = rules.map((rule) => ({ rule, left: rule.times === 'always' ? Infinity : (rule.times ?? 1) }));
  }

  append(rule: Rule): void {
    this.rules.push({ rule, left: rule.times === 'always' ? Infinity : (rule.times ?? 1) });
  }

  clear(): void {
    this.rules = [];
  }

  take(route: RouteName): Behaviour | undefined {
    const i = this.rules.findIndex((r) => r.left > 0 && routeMatches(r.rule.route, route));
    if (i < 0) return undefined;
    const entry = this.rules[i];
    entry.left--;
    if (entry.left <= 0) this.rules.splice(i, 1);
    return entry.rule.behaviour;
  }

  pending(): Rule[] {
    return this.rules.map((r) => ({ ...r.rule, times: r.left === Infinity ? 'always' : r.left }));
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegative(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${what} must be a non-negative number`);
  return v;
}

/** A Behaviour from untrusted JSON; throws a message naming the bad field. */
export function parseBehaviour(v: unknown): Behaviour {
  if (!isObject(v)) throw new Error('behaviour must be an object');
  switch (v.kind) {
    case 'moderation':
      if (v.reason !== undefined && typeof v.reason !== 'string') throw new Error('moderation.reason must be a string');
      return { kind: 'moderation', ...(v.reason !== undefined ? { reason: v.reason } : {}) };
    case 'no-image':
      for (const k of ['finishReason', 'text'] as const) if (v[k] !== undefined && typeof v[k] !== 'string') throw new Error(`no-image.${k} must be a string`);
      return { kind: 'no-image', ...(v.finishReason !== undefined ? { finishReason: v.finishReason as string } : {}), ...(v.text !== undefined ? { text: v.text as string } : {}) };
    case 'read-text':
      if (!Array.isArray(v.texts) || !v.texts.every((t) => typeof t === 'string')) throw new Error('read-text.texts must be an array of strings');
      return { kind: 'read-text', texts: v.texts as string[] };
    case 'ok':
    case 'hang':
    case 'svg-script':
      return { kind: v.kind };
    case 'delay':
      return { kind: 'delay', ms: nonNegative(v.ms, 'delay.ms'), ...(v.then !== undefined ? { then: parseBehaviour(v.then) } : {}) };
    case 'chunked': {
      const chunkBytes = nonNegative(v.chunkBytes, 'chunked.chunkBytes');
      if (chunkBytes < 1) throw new Error('chunked.chunkBytes must be at least 1');
      return { kind: 'chunked', chunkBytes, intervalMs: nonNegative(v.intervalMs, 'chunked.intervalMs') };
    }
    case 'status': {
      if (typeof v.status !== 'number' || !STATUSES.includes(v.status)) throw new Error(`status.status must be one of ${STATUSES.join(', ')}`);
      if (v.code !== undefined && typeof v.code !== 'string') throw new Error('status.code must be a string');
      if (v.headers !== undefined && !(isObject(v.headers) && Object.values(v.headers).every((h) => typeof h === 'string'))) {
        throw new Error('status.headers must map names to strings');
      }
      return {
        kind: 'status',
        status: v.status as ErrorStatus,
        ...(v.code !== undefined ? { code: v.code } : {}),
        ...(v.retryAfter !== undefined ? { retryAfter: nonNegative(v.retryAfter, 'status.retryAfter') } : {}),
        ...(v.body !== undefined ? { body: v.body } : {}),
        ...(v.headers !== undefined ? { headers: v.headers as Record<string, string> } : {}),
      };
    }
    case 'truncate':
      if (v.what !== undefined && v.what !== 'image' && v.what !== 'body') throw new Error("truncate.what must be 'image' or 'body'");
      return { kind: 'truncate', ...(v.what !== undefined ? { what: v.what } : {}) };
    case 'json-for-stream':
      return { kind: 'json-for-stream' };
    case 'stall':
      return { kind: 'stall', after: nonNegative(v.after, 'stall.after') };
    case 'oversize':
      return { kind: 'oversize', bytes: nonNegative(v.bytes, 'oversize.bytes') };
    case 'stream-error':
      return { kind: 'stream-error', ...(v.afterPartials !== undefined ? { afterPartials: nonNegative(v.afterPartials, 'stream-error.afterPartials') } : {}) };
    case 'fal-urls': {
      for (const k of ['queueOrigin', 'fileOrigin'] as const) if (v[k] !== undefined && typeof v[k] !== 'string') throw new Error(`fal-urls.${k} must be a string`);
      return {
        kind: 'fal-urls',
        ...(v.queueOrigin !== undefined ? { queueOrigin: v.queueOrigin as string } : {}),
        ...(v.fileOrigin !== undefined ? { fileOrigin: v.fileOrigin as string } : {}),
        ...(v.extraImages !== undefined ? { extraImages: nonNegative(v.extraImages, 'fal-urls.extraImages') } : {}),
      };
    }
    case 'bfl-status':
      if (!BFL_END_STATUSES.includes(v.status as BflEndStatus)) throw new Error(`bfl-status.status must be one of ${BFL_END_STATUSES.join(', ')}`);
      return { kind: 'bfl-status', status: v.status as BflEndStatus };
    case 'bfl-urls':
      if (typeof v.pollOrigin !== 'string') throw new Error('bfl-urls.pollOrigin must be a string');
      return { kind: 'bfl-urls', pollOrigin: v.pollOrigin };
    default:
      throw new Error(`unknown behaviour kind ${JSON.stringify(v.kind)}`);
  }
}

/** A Rule from untrusted JSON: `{ behaviour, route?, times? }`. */
export function parseRule(v: unknown): Rule {
  if (!isObject(v)) throw new Error('rule must be an object');
  if (v.route !== undefined && (typeof v.route !== 'string' || !MATCHES.includes(v.route))) {
    throw new Error(`rule.route must be one of ${MATCHES.join(', ')}`);
  }
  if (v.times !== undefined && v.times !== 'always' && !(Number.isInteger(v.times) && (v.times as number) >= 1)) {
    throw new Error("rule.times must be a positive integer or 'always'");
  }
  return {
    behaviour: parseBehaviour(v.behaviour),
    ...(v.route !== undefined ? { route: v.route as RouteMatch } : {}),
    ...(v.times !== undefined ? { times: v.times as number | 'always' } : {}),
  };
}
