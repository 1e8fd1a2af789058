// API keys: SecretStorage first, then the conventional environment variables. Never settings, never logs.
import * as vscode from 'vscode';
import { secrets as defaultRedactor, type SecretRedactor } from '../core/redact';
import type { ProviderId } from '../core/types';

export type KeyedProvider = Exclude<ProviderId, 'offline'>;
export const KEYED_PROVIDERS: readonly KeyedProvider[] = ['openai', 'azure', 'fal'];
const ENV_VARS: Record<KeyedProvider, string> = { openai: 'OPENAI_API_KEY', azure: 'AZURE_OPENAI_API_KEY', fal: 'FAL_KEY' };
const secretKey = (p: KeyedProvider) => `pixelsmith.apiKey.${p}`;

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KeyedProvider>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  /** Every key read or stored is registered with `redactor`, so no text leaving the host can carry it. */
  constructor(
    private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly redactor: SecretRedactor = defaultRedactor,
  ) {
    for (const p of KEYED_PROVIDERS) redactor.register(env[ENV_VARS[p]]);
    // Secrets are shared across windows: another window setting a key changes ours too.
    this.sub = secrets.onDidChange((e) => {
      const p = KEYED_PROVIDERS.find((k) => secretKey(k) === e.key);
      if (p) this.changed.fire(p);
    });
  }

  async get(p: KeyedProvider): Promise<{ key: string; source: 'secret' | 'env' } | undefined> {
    const stored = await this.secrets.get(secretKey(p));
    this.redactor.register(stored);
    if (stored) return { key: stored, source: 'secret' };
    const fromEnv = this.env[ENV_VARS[p]];
    return fromEnv ? { key: fromEnv, source: 'env' } : undefined;
  }

  async set(p: KeyedProvider, key: string): Promise<void> {
    this.redactor.register(key);
    await this.secrets.store(secretKey(p), key);
  }

  async delete(p: KeyedProvider): Promise<void> {
    await this.secrets.delete(secretKey(p));
  }

  envVar(p: KeyedProvider): string {
    return ENV_VARS[p];
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
