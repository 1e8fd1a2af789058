/** The logger the core writes to; the platform supplies an output channel, tests a memory log. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  show?(): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

// Key shapes of OpenAI (sk-…), fal (uuid:hex) and bearer/api-key header values.
const SECRET_PATTERNS: RegExp[] = [
  /sk-[A-Za-z0-9_-]{8,}/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{16,}\b/gi,
  /(Bearer|Key)\s+[A-Za-z0-9._:-]{8,}/g,
  /(api-key["']?\s*[:=]\s*["']?)[A-Za-z0-9._-]{8,}/gi,
];

/** Replace anything shaped like an API key; `known` are the actual keys in use, always removed. */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const k of known) if (k.length >= 4) out = out.split(k).join('<redacted>');
  for (const re of SECRET_PATTERNS) out = out.replace(re, (m, p1?: string) => (typeof p1 === 'string' && m.startsWith(p1) ? `${p1} <redacted>` : '<redacted>'));
  return out;
}
