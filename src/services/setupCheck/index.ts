// The probes, keyed by provider id: each provider declares its own (one file each), so they can move into
// src/core/providers/<id>/ with the rest of the provider.
import type { ProviderId } from '../../core/types';
import { azureProbe } from './azure';
import { falProbe } from './fal';
import { keyOnlyProbe } from './keyOnly';
import { offlineProbe } from './offline';
import { openaiProbe } from './openai';
import type { ProviderSetup, SetupInput, SetupProbe } from './types';

export type { Check, ProviderSetup, SetupInput, SetupProbe } from './types';

/** The providers with a probe of their own; the others get keyOnlyProbe (key and model, no call). */
export const SETUP_PROBES: Readonly<Partial<Record<ProviderId, SetupProbe>>> = {
  openai: openaiProbe, azure: azureProbe, fal: falProbe, offline: offlineProbe,
};

/** Every provider's probe at once (each makes at most one free call); the order of `ids`. */
export function checkProviders(ids: readonly ProviderId[], input: (id: ProviderId) => Promise<SetupInput>, signal: AbortSignal): Promise<ProviderSetup[]> {
  return Promise.all(ids.map(async (id) => (SETUP_PROBES[id] ?? keyOnlyProbe(id)).check(await input(id), signal)));
}
