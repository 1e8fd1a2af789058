// OpenAI: the GPT image models through api.openai.com (or the base URL the user sets).
import { FORMATS } from '../../modelSpec';
import { hostOf } from '../../net/origins';
import { keyStatus, requireKey, type ProviderDeclaration, type ProviderEnvironment } from '../declaration';
import { GPT_IMAGE_MODELS } from './models';

/** Where the key goes when not to OpenAI: the user's setting, else `OPENAI_BASE_URL` (the SDK's convention, honoured but said). */
export function baseUrl(env: ProviderEnvironment): { url: string; fromEnv: boolean } | undefined {
  const configured = env.setting('openai.baseUrl');
  if (configured) return { url: configured, fromEnv: false };
  const fromEnv = env.env.OPENAI_BASE_URL?.trim();
  return fromEnv ? { url: fromEnv, fromEnv: true } : undefined;
}

export const openai: ProviderDeclaration<'openai'> = {
  id: 'openai',
  label: 'OpenAI',
  auth: { envVars: ['OPENAI_API_KEY'] },
  settings: [{ key: 'openai.baseUrl', default: '' }, { key: 'openai.organization', default: '' }],
  capabilities: { streaming: true, edit: true, formats: FORMATS },
  models: GPT_IMAGE_MODELS,
  price: (m) => m.price,
  status(env) {
    const s = keyStatus(this, env);
    const notice = env.key ? this.notices?.(env)[0] : undefined;
    return notice ? { ...s, detail: `${s.detail}; sent to ${hostOf(baseUrl(env)!.url)} from OPENAI_BASE_URL` } : s;
  },
  notices(env) {
    const base = baseUrl(env);
    return base?.fromEnv ? [`OpenAI: pixelsmith.openai.baseUrl is empty, so the OpenAI key is sent to ${hostOf(base.url)}, from the OPENAI_BASE_URL environment variable.`] : [];
  },
  async create(ctx) {
    const apiKey = requireKey(this, ctx);
    const { createOpenAIProvider } = await import('./client');
    const url = baseUrl(ctx)?.url;
    const organization = ctx.setting('openai.organization');
    return createOpenAIProvider({ apiKey, timeoutMs: ctx.timeoutMs, ...(url ? { baseURL: url } : {}), ...(organization ? { organization } : {}) });
  },
};
