// Providers for the MCP server, from the same registry and code as the extension: keys only from each provider's
// conventional environment variables, settings (base URLs, endpoints) only from the command line or environment.
import { PixelsmithError } from '../core/errors';
import type { Logger } from '../core/log';
import type { ProviderEnvironment } from '../core/providers/declaration';
import { providers, type ProviderId } from '../core/providers/registry';
import { secrets } from '../core/redact';
import type { ImageProvider } from '../core/types';
import type { ImageWorker } from '../core/work/imageWorkerClient';

const REQUEST_TIMEOUT_MS = 120_000;

export class HeadlessProviders {
  private readonly said = new Set<string>();

  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly settings: Readonly<Record<string, string>>,
    private readonly defaultProvider: string,
    private readonly log: Logger,
    private readonly images: ImageWorker,
  ) {
    // Whatever a provider's error quotes, its key never leaves: every key found is a registered secret.
    for (const p of providers.keyed()) { const k = this.environment(p.id).key; if (k) secrets.register(k); }
  }

  environment(id: ProviderId): ProviderEnvironment {
    const p = providers.get(id);
    const found = p.auth?.envVars.find((v) => (this.env[v] ?? '').trim() !== '');
    const declared = new Map(p.settings.map((s) => [s.key, s.default]));
    return {
      key: found ? this.env[found]!.trim() : undefined,
      keySource: found,
      setting: (key) => (declared.has(key) ? (this.settings[key] ?? declared.get(key) ?? '') : ''),
      env: this.env,
    };
  }

  /** The provider a call uses: the one named, else the server's default; `auto` is the first with a key, else offline. */
  resolve(asked: string | undefined): ProviderId {
    const chosen = asked ?? this.defaultProvider;
    if (chosen !== 'auto') {
      if (!providers.has(chosen)) throw new PixelsmithError('invalid-request', `Unknown provider ${JSON.stringify(chosen)}.`, { field: 'provider', allowed: providers.ids });
      return chosen;
    }
    for (const p of providers.all) {
      if (p.auth === null) continue;
      const env = this.environment(p.id);
      if ((p.status?.(env) ?? { configured: !!env.key }).configured) return p.id;
    }
    return 'offline';
  }

  async create(id: ProviderId): Promise<ImageProvider> {
    const p = providers.get(id);
    const env = this.environment(id);
    for (const n of p.notices?.(env) ?? []) if (!this.said.has(n)) { this.said.add(n); this.log.warn(n); }
    try {
      return await p.create({ ...env, timeoutMs: REQUEST_TIMEOUT_MS, log: this.log, images: this.images });
    } catch (e) {
      if (e instanceof PixelsmithError && e.code === 'auth') {
        throw new PixelsmithError('auth', e.message, { hint: `Set ${p.auth?.envVars.join(' or ') ?? 'the key'} in the environment the MCP client starts this server with.` });
      }
      throw e;
    }
  }
}
