// Black Forest Labs: FLUX.2 through BFL's own task API (submit, poll polling_url, download result.sample).
import { hostOf } from '../../net/origins';
import { FLUX2_FORMATS, FLUX2_MODELS } from './models';
import { requireKey, type ProviderDeclaration, type ProviderEnvironment } from '../declaration';

export const BFL_DEFAULT_BASE_URL = 'https://api.bfl.ai';

/** Where the key goes: the user's setting, else `BFL_BASE_URL`, else BFL's global endpoint. */
export function bflBaseUrl(env: ProviderEnvironment): string {
  return env.setting('bfl.baseUrl') || env.env.BFL_BASE_URL?.trim() || BFL_DEFAULT_BASE_URL;
}

export const bfl: ProviderDeclaration<'bfl'> = {
  id: 'bfl',
  label: 'Black Forest Labs',
  auth: { envVars: ['BFL_API_KEY'] },
  // Empty: BFL_BASE_URL, else https://api.bfl.ai (https://api.eu.bfl.ai and https://api.us.bfl.ai keep tasks in one region).
  settings: [{ key: 'bfl.baseUrl', default: '' }],
  // One image per task, no streaming; FLUX.2 delivers jpeg or png.
  capabilities: { streaming: false, edit: true, maxPerCall: 1, formats: FLUX2_FORMATS },
  models: FLUX2_MODELS,
  // BFL prices FLUX.2 per megapixel but publishes only the 1 MP figure of each model ("from" $0.014 klein 4B, $0.015
  // klein 9B, $0.03 pro ($0.045 editing), $0.05 flex, $0.07 max: https://docs.bfl.ai/quick_start/pricing, read
  // 2026-12-02), not what each further megapixel or reference image adds. So no estimate is claimed (the cost
  // confirmation asks), and the actual cost is read from the `cost` (credits, $0.01 each) BFL answers every task with.
  price: () => null,
  // The task body's width and height (client.ts taskInput); none for auto.
  sentSize(_model, size) {
    const [width, height] = size === 'auto' ? [] : size.split('x').map(Number);
    return width !== undefined && height !== undefined ? { width, height } : { size: 'auto' };
  },
  notices(env) {
    const configured = env.setting('bfl.baseUrl');
    const fromEnv = env.env.BFL_BASE_URL?.trim();
    return !configured && fromEnv ? [`Black Forest Labs: pixelsmith.bfl.baseUrl is empty, so the BFL key is sent to ${hostOf(fromEnv)}, from the BFL_BASE_URL environment variable.`] : [];
  },
  async create(ctx) {
    const apiKey = requireKey(this, ctx);
    const { createBflProvider } = await import('./client');
    return createBflProvider({ apiKey, baseUrl: bflBaseUrl(ctx), timeoutMs: ctx.timeoutMs });
  },
};
