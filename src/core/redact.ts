// One redactor for every text that leaves the extension host (log, errors, webview messages, history records,
// tool results): the exact secrets in use, registered where they are read, plus the shapes keys and tokens take.

export const REDACTED = '<redacted>';

/** Shorter strings are not registered: redacting them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;

// Each pattern's first group, when it has one, is a prefix that stays (`Bearer <redacted>`, `api-key: <redacted>`).
const SECRET_SHAPES: readonly RegExp[] = [
  /(\bbearer\s+)[A-Za-z0-9._~+/:=-]{8,}/gi, // any Authorization bearer value, JWT or not, any case
  /(\bKey\s+)(?=[A-Za-z0-9._:-]*\d)[A-Za-z0-9._:-]{8,}/g, // fal's `Authorization: Key …` (with a digit, so "Key rotation" stays)
  /(\bapi[-_]?key["']?\s*[:=]\s*["']?)[A-Za-z0-9._-]{8,}/gi, // Azure's api-key header, `apiKey: …` in JSON
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs: Microsoft Entra ID access tokens
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI keys: sk-…, sk-proj-…, sk-svcacct-…
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API keys (Gemini): AIza + 35 characters
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{16,}\b/gi, // fal keys: uuid:hex
  /\b[0-9a-f]{32}\b/gi, // Azure keys (classic): 32 hex characters
  /\b[A-Za-z0-9]{84}\b/g, // Azure keys (current): 84 characters
];

/** Replaces registered secrets exactly, then anything shaped like a key or token. */
export class SecretRedactor {
  private readonly known = new Set<string>();

  /** Remember a secret in use (an API key, a token); its URL-encoded form too. Empty and short values are ignored. */
  register(secret: string | undefined): void {
    const s = secret?.trim();
    if (!s || s.length < MIN_SECRET_LENGTH) return;
    this.known.add(s);
    this.known.add(encodeURIComponent(s));
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a key that contains another registered key is removed whole.
    for (const k of [...this.known].sort((a, b) => b.length - a.length)) if (out.includes(k)) out = out.split(k).join(REDACTED);
    for (const re of SECRET_SHAPES) out = out.replace(re, (_m, prefix?: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
    return out;
  }

  /** A copy of a JSON-like value with every string (keys of objects included) redacted: for tool results and records. */
  redactValue<T>(value: T): T {
    return this.deep(value) as T;
  }

  private deep(v: unknown): unknown {
    if (typeof v === 'string') return this.redact(v);
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), this.deep(x)]));
    }
    return v;
  }
}

/** The secrets of this process: one registry, because a key read anywhere must be hidden everywhere text leaves. */
export const secrets = new SecretRedactor();

/** `text` with every secret in use and every key-shaped string replaced by `<redacted>`. */
export function redact(text: string): string {
  return secrets.redact(text);
}

/** For tool results (Copilot tools, MCP) and anything else structured that leaves the host: every string redacted. */
export function redactValue<T>(value: T): T {
  return secrets.redactValue(value);
}
