// The probes, keyed by provider id: each provider declares its own (one file each), so they can move into
// src/core/providers/<id>/ with the rest of the provider.
import type { ProviderId } from '../../core/types';
import { azureProbe } from './azure';
import { falProbe } from './fal';
import { offlineProbe } from './offline';
import { openaiProbe } from './openai';
import type { ProviderSetup, SetupInput, SetupProbe } from './types';

export type { Check, ProviderSetup, SetupInput, SetupProbe } from './types';

export const SETUP_PROBES: Readonly<Record<ProviderId, SetupProbe>> = {
  openai: openaiProbe, azure: azureProbe, fal: falProbe, offline: offlineProbe,
};

/** Every provider's probe at once (each makes at most one free call); the order of `ids`. */
export function checkProviders(ids: readonly ProviderId[], input: (id: ProviderId) => Promise<SetupInput>, signal: AbortSignal): Promise<ProviderSetup[]> {
  return Promise.all(ids.map(async (id) => SETUP_PROBES[id].check(await input(id), signal)));
}
