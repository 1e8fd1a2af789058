// Builds the provider a request names from settings and keys, on first use, and says which are configured.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import type { ImageProvider, ProviderId } from '../core/types';
import type { ImageWorker } from '../core/work/imageWorkerClient';
import { KEYED_PROVIDERS, type KeyStore } from './keys';
import { setting, userOnlySetting } from './settings';

const AZURE_SCOPE = 'https://cognitiveservices.azure.com/.default';

export interface ProviderStatus { readonly id: ProviderId; readonly configured: boolean; readonly detail: string }

export class ProviderRegistry {
  constructor(private readonly keys: KeyStore, private readonly images: ImageWorker) {}

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
        out.push({ id, configured: !!key, detail: key ? `key from ${key.source === 'env' ? this.keys.envVar(id) : 'secret storage'}` : 'no key' });
      }
    }
    out.push({ id: 'offline', configured: true, detail: 'placeholder images, no network' });
    return out;
  }

  /** A fresh provider for one generation, so settings and keys changed since are honoured. */
  async create(id: ProviderId): Promise<ImageProvider> {
    const timeoutMs = setting('requestTimeoutSeconds') * 1000;
    const missingKey = (p: string) => new PixelsmithError('auth', `No API key for ${p}.`, { hint: 'Run "Pixelsmith: Set API Key…", or set the environment variable before starting VS Code.' });
    switch (id) {
      case 'offline': {
        const { createOfflineProvider } = await import('../core/providers/offline');
        return createOfflineProvider(this.images);
      }
      case 'openai': {
        const key = await this.keys.get('openai');
        if (!key) throw missingKey('OpenAI');
        const { createOpenAIProvider } = await import('../core/providers/openai');
        const baseURL = userOnlySetting('openai.baseUrl') || undefined;
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
  return session.accessToken;
}
