// What Check Setup's probes are given, read the way generation reads it: keys from secret storage or the
// environment, the settings that decide where a key goes from user settings only, the model from pixelsmith.model.
import * as vscode from 'vscode';
import { secrets } from '../core/redact';
import { providers } from '../core/providers/registry';
import type { ProviderId } from '../core/types';
import type { SetupInput } from '../services/setupCheck';
import type { KeyStore } from './keys';
import { setting, userOnlySetting } from './settings';

const AZURE_SCOPE = 'https://cognitiveservices.azure.com/.default';
/** A probe is one small GET: it need not wait as long as a generation may. */
const PROBE_TIMEOUT_MS = 15_000;


export async function setupInput(keys: KeyStore, id: ProviderId, env: NodeJS.ProcessEnv = process.env): Promise<SetupInput> {
  const declaration = providers.get(id);
  const key = declaration.auth ? await keys.get(id) : undefined;
  const settings: Record<string, string> = {};
  const settingSources: Record<string, string> = {};
  for (const k of declaration.settings) settings[k.key] = String(userOnlySetting(k.key) ?? k.default);
  // As the provider does: an empty pixelsmith.openai.baseUrl falls back to OPENAI_BASE_URL.
  if (id === 'openai' && !settings['openai.baseUrl'] && env.OPENAI_BASE_URL?.trim()) {
    settings['openai.baseUrl'] = env.OPENAI_BASE_URL.trim();
    settingSources['openai.baseUrl'] = 'OPENAI_BASE_URL';
  }
  return {
    settings, settingSources, model: setting('model'),
    timeoutMs: Math.min(PROBE_TIMEOUT_MS, setting('requestTimeoutSeconds') * 1000),
    ...(key ? { key: { value: key.key, source: key.source === 'env' ? key.envVar ?? 'the environment' : 'secret storage' } } : {}),
    ...(id === 'azure' ? { getToken: signedInToken } : {}),
  };
}

/** An Entra ID token only when the user is already signed in: Check Setup never opens a sign-in. */
async function signedInToken(): Promise<string | undefined> {
  const session = await vscode.authentication.getSession('microsoft', [AZURE_SCOPE], { silent: true });
  if (session) secrets.register(session.accessToken);
  return session?.accessToken;
}
