// The offline placeholder: every GPT image model imitated with deterministic images, no key, no network, no cost.
import { PixelsmithError } from '../../errors';
import { RASTER_FORMATS } from '../../modelSpec';
import { OFFLINE_PRICE } from '../../prices';
import type { ProviderDeclaration } from '../declaration';
import { GPT_IMAGE_MODELS } from '../openai/models';

export const offline: ProviderDeclaration<'offline'> = {
  id: 'offline',
  label: 'Offline placeholder',
  auth: null,
  settings: [],
  // The placeholder renders pixels only.
  capabilities: { streaming: true, edit: true, formats: RASTER_FORMATS },
  models: GPT_IMAGE_MODELS,
  price: () => OFFLINE_PRICE,
  status: () => ({ configured: true, detail: 'placeholder images, no network' }),
  async create(ctx) {
    if (!ctx.images) throw new PixelsmithError('config', 'The offline placeholder needs the image worker.');
    const { createOfflineProvider } = await import('./client');
    return createOfflineProvider(ctx.images);
  },
};
