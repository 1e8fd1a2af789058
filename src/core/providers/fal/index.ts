// fal.ai: OpenAI's gpt-image-2 and gpt-image-1.5 through fal's queue API (no streaming, 1–4 images per call).
import { RASTER_FORMATS } from '../../modelSpec';
import { requireKey, type ProviderDeclaration } from '../declaration';
import { gptModels } from '../openai/models';

export const fal: ProviderDeclaration<'fal'> = {
  id: 'fal',
  label: 'fal.ai',
  auth: { envVars: ['FAL_KEY'] },
  settings: [
    { key: 'fal.baseUrl', default: 'https://queue.fal.run' },
    { key: 'fal.generateEndpoint', default: 'openai/gpt-image-2' },
    { key: 'fal.editEndpoint', default: 'openai/gpt-image-2/edit' },
  ],
  // fal's openai/gpt-image-2 endpoints take num_images 1–4; we use its queue API, which does not stream.
  capabilities: { streaming: false, edit: true, maxPerCall: 4, formats: RASTER_FORMATS },
  models: gptModels('gpt-image-2', 'gpt-image-1.5'),
  // fal passes OpenAI's token rates through for these models.
  price: (m) => m.price,
  async create(ctx) {
    const apiKey = requireKey(this, ctx);
    const { createFalProvider } = await import('./client');
    return createFalProvider({
      apiKey, timeoutMs: ctx.timeoutMs, baseUrl: ctx.setting('fal.baseUrl'),
      generateEndpoint: ctx.setting('fal.generateEndpoint'), editEndpoint: ctx.setting('fal.editEndpoint'),
    });
  },
};
