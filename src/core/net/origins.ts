// The contract for every provider that speaks HTTP itself (fal.ai now, BFL and OpenRouter next): it declares
// the origins of its own API (its configured base URL plus the hosts it documents) and sends credentials
// only there, with `credentialedFetch`; anything else its answers name (images, CDN files) goes through
// `fetchWithoutCredentials`. https is required everywhere except on loopback hosts, which tests use.
import { PixelsmithError } from '../errors';

/** The most bytes Pixelsmith reads from one answer: above any image a model makes (a 4K PNG is ~10–25 MB). */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where one provider's credentials may go. */
export interface ApiOrigins {
  /** The provider's name for people, e.g. `fal.ai`. */
  readonly label: string;
  /** The setting that holds the base URL, named in errors. */
  readonly setting: string;
  /** `https://host[:port]` origins (http only for loopback). */
  readonly origins: ReadonlySet<string>;
  /** Hosts the provider documents by pattern (BFL's regional `api.<region>.bfl.ai` polling hosts): https on port 443 only. */
  readonly hostPattern?: DocumentedHosts;
}

export interface DocumentedHosts {
  readonly pattern: RegExp;
  /** The pattern as people read it in errors, e.g. `https://api.*.bfl.ai`. */
  readonly text: string;
}

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** `raw` parsed, when it is https, or http on a loopback host; undefined otherwise (not a URL, plain http elsewhere, other schemes). */
export function transportSafeUrl(raw: string): URL | undefined {
  let url: URL;
  try { url = new URL(raw); } catch { return undefined; }
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname) ? url : undefined;
}

/** The API origins of a provider: its configured base URL's origin plus the origins it documents; throws when the base URL is not https. */
export function apiOrigins(label: string, setting: string, baseUrl: string, documented: readonly string[] = [], hostPattern?: DocumentedHosts): ApiOrigins {
  const base = transportSafeUrl(baseUrl);
  if (!base) {
    throw new PixelsmithError('config', `${setting} must be an https URL (plain http only for 127.0.0.1, localhost or ::1): ${hostOf(baseUrl)} is not.`, {
      field: setting, retryable: false, hint: `Fix ${setting} in your user settings.`,
    });
  }
  return { label, setting, origins: new Set([base.origin, ...documented.map((d) => new URL(d).origin)]), ...(hostPattern ? { hostPattern } : {}) };
}

/** `raw` parsed, when credentials for `api` may be sent there; else a clear error naming the host (never a key). */
export function checkApiUrl(api: ApiOrigins, raw: string): URL {
  const url = transportSafeUrl(raw);
  if (url && api.origins.has(url.origin)) return url;
  if (url && api.hostPattern && url.protocol === 'https:' && url.port === '' && api.hostPattern.pattern.test(url.hostname)) return url;
  const allowed = [...[...api.origins].map(hostOf), ...(api.hostPattern ? [api.hostPattern.text] : [])].join(', ');
  return refuse(`${api.label} named ${hostOf(raw)} as part of its API; Pixelsmith sends the ${api.label} key only to ${allowed} (${api.setting}), so it stopped.`);
}

/** Scheme, host and port of a URL, for messages: never its path or query, which could carry anything. */
export function hostOf(raw: string): string {
  try {
    const u = new URL(raw);
    return u.host ? `${u.protocol}//${u.host}` : `a ${u.protocol} URL`;
  } catch {
    return 'an address that is not a URL';
  }
}

/** Throws the error for an address or answer the network contract refuses: not retried, it would be refused again. */
export function refuse(message: string): never {
  throw new PixelsmithError('server', message, { retryable: false });
}
