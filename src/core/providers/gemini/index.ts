// Google Gemini API: the Nano Banana image models over generateContent (REST; see client.ts for why not the SDK).
import { hostOf } from '../../net/origins';
import { keyStatus, requireKey, type ProviderDeclaration, type ProviderEnvironment } from '../declaration';
import { GEMINI_MODELS, imageConfigFor } from './models';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** The user's setting, else GOOGLE_GEMINI_BASE_URL (the SDK's variable, honoured but said), else Google's host. */
export function baseUrl(env: ProviderEnvironment): { url: string; fromEnv: boolean } {
  const configured = env.setting('gemini.baseUrl');
  if (configured) return { url: configured, fromEnv: false };
  const fromEnv = env.env.GOOGLE_GEMINI_BASE_URL?.trim();
  return fromEnv ? { url: fromEnv, fromEnv: true } : { url: DEFAULT_BASE_URL, fromEnv: false };
}

export const gemini: ProviderDeclaration<'gemini'> = {
  id: 'gemini',
  label: 'Google Gemini',
  // The order @google/genai reads them (getApiKeyFromEnv: GOOGLE_API_KEY wins when both are set).
  auth: { envVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'] },
  settings: [{ key: 'gemini.baseUrl', default: '' }],
  // One image per generateContent call; no streaming of partial images; PNG only.
  capabilities: { streaming: false, edit: true, maxPerCall: 1, formats: ['png'] },
  models: GEMINI_MODELS,
  price: (m) => m.price,
  // Google embeds an invisible SynthID watermark in every image its Gemini models make.
  watermark: () => 'synthid',
  sentSize(model, size) {
    const c = imageConfigFor(model, size);
    return c ? { aspectRatio: c.aspectRatio, ...(c.imageSize ? { resolution: c.imageSize } : {}) } : { size: 'auto' };
  },
  status(env) {
    const s = keyStatus(this, env);
    const base = baseUrl(env);
    return env.key && base.fromEnv ? { ...s, detail: `${s.detail}; sent to ${hostOf(base.url)} from GOOGLE_GEMINI_BASE_URL` } : s;
  },
  notices(env) {
    const base = baseUrl(env);
    return base.fromEnv ? [`Google Gemini: pixelsmith.gemini.baseUrl is empty, so the Gemini key is sent to ${hostOf(base.url)}, from the GOOGLE_GEMINI_BASE_URL environment variable.`] : [];
  },
  async create(ctx) {
    const apiKey = requireKey(this, ctx);
    const { createGeminiProvider } = await import('./client');
    return createGeminiProvider({ apiKey, baseUrl: baseUrl(ctx).url, timeoutMs: ctx.timeoutMs });
  },
};
