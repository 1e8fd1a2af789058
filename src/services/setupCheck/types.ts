// Check Setup's vocabulary: what a provider's probe is given (its key and settings, never shown) and what it
// reports. Each provider declares its own probe (one file per provider id, listed in index.ts), so the probes can
// move into the provider folders (src/core/providers/<id>/) with the rest of the provider.
import type { ProviderId } from '../../core/types';

/** What a probe gets: the key (to send only to the provider's own API), where it came from, and the provider's user settings. */
export interface SetupInput {
  /** The key, and where it came from for people: `secret storage` or the environment variable's name. */
  readonly key?: { readonly value: string; readonly source: string };
  /** The provider's settings as the user set them (user scope only), by their key without `pixelsmith.`; e.g. `openai.baseUrl`. */
  readonly settings: Readonly<Record<string, string>>;
  /** Where a setting's value came from when not from the settings (e.g. `OPENAI_BASE_URL`), by the same key. */
  readonly settingSources?: Readonly<Record<string, string>>;
  /** The model the user's `pixelsmith.model` names. */
  readonly model: string;
  readonly timeoutMs: number;
  /** A token instead of a key (Azure with Microsoft Entra ID): undefined when the user is not signed in. */
  readonly getToken?: () => Promise<string | undefined>;
}

/** One line of the report: true fine, false a problem, null not checked (and why in `text`). */
export interface Check {
  readonly ok: boolean | null;
  readonly text: string;
}

export interface ProviderSetup {
  readonly provider: ProviderId;
  readonly label: string;
  /** Present and where from; never the key itself. */
  readonly key: Check & { readonly present: boolean; readonly source?: string };
  /** Whether the API answered a free call (a model list), with its scheme, host and port only. */
  readonly endpoint: Check & { readonly url?: string; readonly status?: number };
  readonly model: Check & { readonly id: string };
  /** What to do, in order; empty when everything is fine. */
  readonly actions: readonly string[];
}

export interface SetupProbe {
  readonly id: ProviderId;
  readonly label: string;
  /** Never a paid call: a models or auth endpoint. */
  check(input: SetupInput, signal: AbortSignal): Promise<ProviderSetup>;
}
