// The host side of the provider registry: which provider `auto` means, each provider's status, and a fresh client
// for one generation, built from the provider's declaration with the keys, the user's settings and VS Code's sign-in.
import * as vscode from 'vscode';
import type { ProviderEnvironment, ProviderStatusInfo } from '../core/providers/declaration';
import { keyStatus } from '../core/providers/declaration';
import { providers as defaultRegistry, type ProviderId, type ProviderRegistry } from '../core/providers/registry';
import { silentLogger, type Logger } from '../core/log';
import { secrets } from '../core/redact';
import type { ImageProvider } from '../core/types';
import type { ImageWorker } from '../core/work/imageWorkerClient';
import type { KeyStore } from './keys';
import { setting, userOnlySetting } from './settings';

export interface ProviderStatus extends ProviderStatusInfo { readonly id: ProviderId }

export class ProviderHost {
  /** Notices already logged, so each is said once, not on every generation. */
  private readonly said = new Set<string>();

  constructor(
    private readonly keys: KeyStore, private readonly log: Logger = silentLogger, private readonly env: NodeJS.ProcessEnv = process.env,
    /** The image worker the offline placeholder renders in; without one (tests of status only) it cannot be created. */
    private readonly images?: ImageWorker,
    private readonly registry: ProviderRegistry<ProviderId> = defaultRegistry,
  ) {}

  /** The provider `auto` stands for: the first configured one that takes a key, else the first that needs none. */
  async resolve(requested?: string): Promise<ProviderId> {
    const chosen = requested && requested !== 'auto' ? requested : setting('provider');
    if (chosen !== 'auto') return chosen as ProviderId;
    for (const s of await this.status()) if (s.configured && this.registry.get(s.id).auth) return s.id;
    return this.registry.all.find((p) => !p.auth)?.id ?? this.registry.ids[0]!;
  }

  async status(): Promise<ProviderStatus[]> {
    const out: ProviderStatus[] = [];
    for (const p of this.registry.all) {
      const env = await this.environment(p.id);
      out.push({ id: p.id, ...(p.status ? p.status(env) : keyStatus(p, env)) });
    }
    return out;
  }

  /** A fresh provider for one generation, so settings and keys changed since are honoured. */
  async create(id: ProviderId): Promise<ImageProvider> {
    const p = this.registry.get(id);
    const env = await this.environment(id);
    for (const notice of p.notices?.(env) ?? []) {
      if (!this.said.has(notice)) { this.said.add(notice); this.log.warn(notice); }
    }
    return p.create({
      ...env, log: this.log, timeoutMs: setting('requestTimeoutSeconds') * 1000,
      ...(this.images ? { images: this.images } : {}), signIn,
    });
  }

  async environment(id: ProviderId): Promise<ProviderEnvironment> {
    const p = this.registry.get(id);
    const key = p.auth ? await this.keys.get(id) : undefined;
    const declared = new Set(p.settings.map((s) => s.key));
    return {
      key: key?.key,
      keySource: key ? (key.source === 'env' ? key.envVar : 'secret storage') : undefined,
      // Provider settings decide where a key goes: the user's value only, never a workspace's.
      setting: (k) => {
        if (!declared.has(k)) throw new Error(`${id} reads pixelsmith.${k}, which it does not declare`);
        return String(userOnlySetting(k) ?? p.settings.find((s) => s.key === k)!.default);
      },
      env: this.env,
    };
  }
}

async function signIn(provider: 'microsoft', scopes: readonly string[]): Promise<string> {
  const session = await vscode.authentication.getSession(provider, [...scopes], { createIfNone: true });
  secrets.register(session.accessToken);
  return session.accessToken;
}
