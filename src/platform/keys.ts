// API keys: SecretStorage first, then the provider's conventional environment variables. Never settings, never logs.
// Which providers take a key, and which variables they read, comes from the provider registry.
import * as vscode from 'vscode';
import { providers as defaultRegistry, type ProviderId, type ProviderRegistry } from '../core/providers/registry';
import { secrets as defaultRedactor, type SecretRedactor } from '../core/redact';

export type KeyedProvider = Exclude<ProviderId, 'offline'>;
const secretKey = (p: string) => `pixelsmith.apiKey.${p}`;

export interface StoredKey { readonly key: string; readonly source: 'secret' | 'env'; /** The variable it came from, for `env`. */ readonly envVar?: string }

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  /** Every key read or stored is registered with `redactor`, so no text leaving the host can carry it. */
  constructor(
    private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly redactor: SecretRedactor = defaultRedactor, private readonly registry: ProviderRegistry = defaultRegistry,
  ) {
    for (const p of registry.keyed()) for (const v of p.auth?.envVars ?? []) redactor.register(env[v]);
    // Secrets are shared across windows: another window setting a key changes ours too.
    this.sub = secrets.onDidChange((e) => {
      const p = registry.keyed().find((k) => secretKey(k.id) === e.key);
      if (p) this.changed.fire(p.id);
    });
  }

  async get(p: string): Promise<StoredKey | undefined> {
    const stored = await this.secrets.get(secretKey(p));
    this.redactor.register(stored);
    if (stored) return { key: stored, source: 'secret' };
    const envVar = this.envVars(p).find((v) => this.env[v]);
    return envVar ? { key: this.env[envVar]!, source: 'env', envVar } : undefined;
  }

  async set(p: string, key: string): Promise<void> {
    this.redactor.register(key);
    await this.secrets.store(secretKey(p), key);
  }

  async delete(p: string): Promise<void> {
    await this.secrets.delete(secretKey(p));
  }

  /** The environment variables a provider's key is read from, in order. */
  envVars(p: string): readonly string[] {
    const decl = this.registry.has(p) ? this.registry.get(p) : undefined;
    return decl?.auth?.envVars ?? [];
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
