// Builds the provider a request names from settings and keys, on first use, and says which are configured.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import { silentLogger, type Logger } from '../core/log';
import { hostOf } from '../core/net/origins';
import { secrets } from '../core/redact';
import type { ImageProvider, ProviderId } from '../core/types';
import type { ImageWorker } from '../core/work/imageWorkerClient';
import { KEYED_PROVIDERS, type KeyStore } from './keys';
import { setting, userOnlySetting } from './settings';

const AZURE_SCOPE = 'https://cognitiveservices.azure.com/.default';

export interface ProviderStatus { readonly id: ProviderId; readonly configured: boolean; readonly detail: string }

export class ProviderRegistry {
  /** The OPENAI_BASE_URL already logged, so it is said once, not on every generation. */
  private loggedEnvBaseUrl: string | undefined;

  constructor(
    private readonly keys: KeyStore, private readonly log: Logger = silentLogger, private readonly env: NodeJS.ProcessEnv = process.env,
    /** The image worker the offline placeholder renders in; without one (tests of status only) it cannot be created. */
    private readonly images?: ImageWorker,
  ) {}

  /** The provider `auto` stands for: the first with a key, else the offline placeholder. */
  async resolve(requested?: string): Promise<ProviderId> {
    const chosen = requested && requested !== 'auto' ? requested : setting('provider');
    if (chosen !== 'auto') return chosen as ProviderId;
    for (const s of await this.status()) if (s.configured && s.id !== 'offline') return s.id;
    return 'offline';
  }

  async status(): Promise<ProviderStatus[]> {
    const out: ProviderStatus[] = [];
    for (const id of KEYED_PROVIDERS) {
      const key = await this.keys.get(id);
      if (id === 'azure') {
        const endpoint = userOnlySetting('azure.endpoint');
        const entra = userOnlySetting('azure.authentication') === 'entraId';
        out.push({ id, configured: !!endpoint && (!!key || entra), detail: !endpoint ? 'no endpoint set' : entra ? 'Microsoft Entra ID' : key ? `key from ${key.source === 'env' ? this.keys.envVar(id) : 'secret storage'}` : 'no key' });
      } else {
        const detail = key ? `key from ${key.source === 'env' ? this.keys.envVar(id) : 'secret storage'}` : 'no key';
        const envBase = id === 'openai' && key ? this.openaiBaseUrl() : undefined;
        out.push({ id, configured: !!key, detail: envBase?.fromEnv ? `${detail}; sent to ${hostOf(envBase.url)} from OPENAI_BASE_URL` : detail });
      }
    }
    out.push({ id: 'offline', configured: true, detail: 'placeholder images, no network' });
    return out;
  }

  /** Where the OpenAI key goes when not to OpenAI: the user's setting, else `OPENAI_BASE_URL` (the SDK's convention: honoured, but said once in the log). */
  private openaiBaseUrl(): { url: string; fromEnv: boolean } | undefined {
    const configured = userOnlySetting('openai.baseUrl');
    if (configured) return { url: configured, fromEnv: false };
    const env = this.env.OPENAI_BASE_URL?.trim();
    if (!env) return undefined;
    if (this.loggedEnvBaseUrl !== env) {
      this.loggedEnvBaseUrl = env;
      this.log.warn(`OpenAI: pixelsmith.openai.baseUrl is empty, so the OpenAI key is sent to ${hostOf(env)}, from the OPENAI_BASE_URL environment variable.`);
    }
    return { url: env, fromEnv: true };
  }

  /** A fresh provider for one generation, so settings and keys changed since are honoured. */
  async create(id: ProviderId): Promise<ImageProvider> {
    const timeoutMs = setting('requestTimeoutSeconds') * 1000;
    const missingKey = (p: string) => new PixelsmithError('auth', `No API key for ${p}.`, { hint: 'Run "Pixelsmith: Set API Key…", or set the environment variable before starting VS Code.' });
    switch (id) {
      case 'offline': {
        const { createOfflineProvider } = await import('../core/providers/offline');
        if (!this.images) throw new PixelsmithError('config', 'The offline placeholder needs the image worker.');
        return createOfflineProvider(this.images);
      }
      case 'openai': {
        const key = await this.keys.get('openai');
        if (!key) throw missingKey('OpenAI');
        const { createOpenAIProvider } = await import('../core/providers/openai');
        const baseURL = this.openaiBaseUrl()?.url;
        const organization = userOnlySetting('openai.organization') || undefined;
        return createOpenAIProvider({ apiKey: key.key, timeoutMs, ...(baseURL ? { baseURL } : {}), ...(organization ? { organization } : {}) });
      }
      case 'azure': {
        const { createAzureProvider } = await import('../core/providers/openai');
        const entra = userOnlySetting('azure.authentication') === 'entraId';
        const key = entra ? undefined : await this.keys.get('azure');
        if (!entra && !key) throw missingKey('Azure OpenAI');
        return createAzureProvider({
          endpoint: userOnlySetting('azure.endpoint'), deployment: userOnlySetting('azure.deployment'),
          apiVersion: userOnlySetting('azure.apiVersion'), timeoutMs,
          ...(key ? { apiKey: key.key } : { getToken: entraToken }),
        });
      }
      case 'fal': {
        const key = await this.keys.get('fal');
        if (!key) throw missingKey('fal.ai');
        const { createFalProvider } = await import('../core/providers/fal');
        return createFalProvider({
          apiKey: key.key, timeoutMs, baseUrl: userOnlySetting('fal.baseUrl'),
          generateEndpoint: userOnlySetting('fal.generateEndpoint'), editEndpoint: userOnlySetting('fal.editEndpoint'),
        });
      }
    }
  }
}

async function entraToken(): Promise<string> {
  const session = await vscode.authentication.getSession('microsoft', [AZURE_SCOPE], { createIfNone: true });
  secrets.register(session.accessToken);
  return session.accessToken;
}
