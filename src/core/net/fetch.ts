// The two ways a provider reaches the network (see origins.ts for the contract): to its own API with its key,
// and to anything else its answers name, without any credential; both read at most MAX_DOWNLOAD_BYTES.
import { checkApiUrl, hostOf, MAX_DOWNLOAD_BYTES, refuse, transportSafeUrl, type ApiOrigins } from './origins';

const MAX_REDIRECTS = 5;

export type CredentialedFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** fetch that adds `credentials` (header name → value) and goes only to `api`'s origins; a redirect is an error, as it could carry them elsewhere. */
export function credentialedFetch(api: ApiOrigins, credentials: Readonly<Record<string, string>>): CredentialedFetch {
  return async (url, init = {}) => {
    checkApiUrl(api, url);
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(credentials)) headers.set(name, value);
    return fetch(url, { ...init, headers, redirect: 'error', credentials: 'omit' });
  };
}

/** A GET with no credential to an https (or loopback, or data:) URL; each redirect is checked the same way. */
export async function fetchWithoutCredentials(raw: string, signal?: AbortSignal): Promise<Response> {
  let url = raw;
  for (let hop = 0; ; hop++) {
    if (!url.startsWith('data:') && !transportSafeUrl(url)) {
      refuse(`Refused to download from ${hostOf(url)}: only https (or http on 127.0.0.1, localhost, ::1) is allowed.`);
    }
    const res = await fetch(url, { method: 'GET', redirect: 'manual', credentials: 'omit', ...(signal ? { signal } : {}) });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    await res.body?.cancel();
    if (hop >= MAX_REDIRECTS) refuse(`Refused to download from ${hostOf(raw)}: more than ${MAX_REDIRECTS} redirects.`);
    url = new URL(location, url).href;
  }
}

/** The body, read up to `maxBytes`; a longer one is cut off with an error instead of filling memory. */
export async function readCapped(res: Response, what: string, maxBytes = MAX_DOWNLOAD_BYTES): Promise<Uint8Array> {
  const tooLarge = () => refuse(`${what} from ${hostOf(res.url)} is larger than ${maxBytes} bytes; Pixelsmith stopped reading it.`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) { await res.body?.cancel(); tooLarge(); }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) { await reader.cancel(); tooLarge(); }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/** The body as text, read up to `maxBytes`. */
export async function readCappedText(res: Response, what: string, maxBytes = MAX_DOWNLOAD_BYTES): Promise<string> {
  return new TextDecoder().decode(await readCapped(res, what, maxBytes));
}
