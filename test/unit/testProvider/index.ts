// A provider that exists only for tests: everything it needs is in this folder and one registry line (the test's own).
import { RASTER_FORMATS } from '../../../src/core/modelSpec';
import { requireKey, type ProviderDeclaration } from '../../../src/core/providers/declaration';
import { GPT_IMAGE_2 } from '../../../src/core/providers/openai/models';

export const echo: ProviderDeclaration<'echo'> = {
  id: 'echo',
  label: 'Echo (tests)',
  auth: { envVars: ['ECHO_TOKEN', 'ECHO_KEY'] },
  settings: [{ key: 'echo.colour', default: '#ff0000' }],
  capabilities: { streaming: false, edit: false, maxPerCall: 2, formats: ['png'] },
  models: [{ ...GPT_IMAGE_2, id: 'echo-1', label: 'Echo 1', formats: RASTER_FORMATS.filter((f) => f === 'png'), price: null }],
  price: () => null,
  async create(ctx) {
    const key = requireKey(this, ctx);
    const { createEchoClient } = await import('./client');
    return createEchoClient(key, ctx.setting('echo.colour'));
  },
};
