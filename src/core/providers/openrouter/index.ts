// OpenRouter: one key for many image models (Gemini, FLUX.2, Seedream, GPT image) through its chat API.
import { hostOf } from '../../net/origins';
import { keyStatus, requireKey, type ProviderDeclaration, type ProviderEnvironment } from '../declaration';
import { OPENROUTER_MODELS, aspectRatioFor } from './models';

const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

/** The user's setting, else OPENROUTER_BASE_URL (honoured but said), else OpenRouter's API. */
function baseUrl(env: ProviderEnvironment): { url: string; fromEnv: boolean } {
  const configured = env.setting('openrouter.baseUrl');
  if (configured) return { url: configured, fromEnv: false };
  const fromEnv = env.env.OPENROUTER_BASE_URL?.trim();
  return fromEnv ? { url: fromEnv, fromEnv: true } : { url: DEFAULT_BASE_URL, fromEnv: false };
}

export const openrouter: ProviderDeclaration<'openrouter'> = {
  id: 'openrouter',
  label: 'OpenRouter',
  auth: { envVars: ['OPENROUTER_API_KEY'] },
  settings: [{ key: 'openrouter.baseUrl', default: '' }],
  capabilities: { streaming: false, edit: true, maxPerCall: 1, formats: ['png', 'jpeg', 'webp'] },
  models: OPENROUTER_MODELS,
  // Prices differ by model and change; OpenRouter reports each call's cost in its usage, which is what is recorded.
  price: () => null,
  // Google's image models embed SynthID wherever they are served.
  watermark: (model) => (model.startsWith('google/') ? 'synthid' : undefined),
  sentSize(model, size) {
    const aspectRatio = aspectRatioFor(model, size);
    return aspectRatio ? { aspectRatio } : { size: 'auto' };
  },
  status(env) {
    const s = keyStatus(this, env);
    const base = baseUrl(env);
    return env.key && base.fromEnv ? { ...s, detail: `${s.detail}; sent to ${hostOf(base.url)} from OPENROUTER_BASE_URL` } : s;
  },
  notices(env) {
    const base = baseUrl(env);
    return base.fromEnv ? [`OpenRouter: pixelsmith.openrouter.baseUrl is empty, so the OpenRouter key is sent to ${hostOf(base.url)}, from the OPENROUTER_BASE_URL environment variable.`] : [];
  },
  async create(ctx) {
    const apiKey = requireKey(this, ctx);
    const { createOpenRouterProvider } = await import('./client');
    return createOpenRouterProvider({ apiKey, baseUrl: baseUrl(ctx).url, timeoutMs: ctx.timeoutMs });
  },
};
