// A small client for the fake provider's control API (test/fake-provider/README.md), used from the
// extension host: program behaviours, and read what it received and what image bytes it served.
import type { Behaviour, RecordedRequest, RouteMatch, Rule } from '../../fake-provider/types';

export type { Behaviour, RecordedRequest, Rule } from '../../fake-provider/types';

/** A served image as the control API describes it (no bytes; fetch them with `servedBytes(n)`). */
export interface ServedSummary {
  readonly n: number;
  readonly sha256: string;
  readonly size: number;
  readonly format: 'png' | 'jpeg' | 'webp';
  readonly width: number;
  readonly height: number;
  readonly route: string;
  readonly requestId: string;
  readonly index: number;
  readonly truncated: boolean;
  readonly hasCaBX: boolean;
  readonly contentCredentials: boolean;
}

/** The fake's base URL, as the harness passes it to the extension host. */
export function fakeUrl(): string {
  const url = process.env.PIXELSMITH_TEST_FAKE_URL;
  if (!url) throw new Error('PIXELSMITH_TEST_FAKE_URL is not set: the harness did not start the fake provider (run `npm run compile-tests` first).');
  return url.replace(/\/+$/, '');
}

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${fakeUrl()}/__control${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`fake provider control ${init?.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export const fake = {
  /** Forget rules, recorded requests, served images, fal jobs and files. */
  reset: (): Promise<unknown> => control('/reset', { method: 'POST' }),

  /** Replace the scripted behaviours. */
  rules: (rules: readonly Rule[]): Promise<unknown> =>
    control('/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) }),

  /** One behaviour for the next `times` requests matching `route`. */
  on: (route: RouteMatch, behaviour: Behaviour, times: Rule['times'] = 1): Promise<unknown> => fake.rules([{ route, behaviour, times }]),

  /** Requests received (optionally one route or family), oldest first. */
  requests: async (route?: RouteMatch): Promise<RecordedRequest[]> =>
    (await control<{ requests: RecordedRequest[] }>(`/requests${route ? `?route=${encodeURIComponent(route)}` : ''}`)).requests,

  served: async (): Promise<ServedSummary[]> => (await control<{ served: ServedSummary[] }>('/served')).served,

  servedBytes: async (n: number): Promise<Uint8Array> => {
    const res = await fetch(`${fakeUrl()}/__control/served/${n}/bytes`);
    if (!res.ok) throw new Error(`fake provider served/${n}/bytes: ${res.status} ${await res.text()}`);
    return new Uint8Array(await res.arrayBuffer());
  },
};
