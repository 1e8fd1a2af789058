import { redact } from './redact';

/** The logger the core writes to; the platform supplies an output channel, tests a memory log. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  show?(): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** `sink` with every line redacted (see redact.ts): no key, token or registered secret reaches a log. */
export function redactingLogger(sink: Logger): Logger {
  return {
    info: (m) => sink.info(redact(m)),
    warn: (m) => sink.warn(redact(m)),
    error: (m) => sink.error(redact(m)),
    debug: (m) => sink.debug(redact(m)),
    ...(sink.show ? { show: () => sink.show?.() } : {}),
  };
}
