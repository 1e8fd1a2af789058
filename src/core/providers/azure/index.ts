// Azure OpenAI: the GPT image models as deployments of the user's resource, by key or Microsoft Entra ID.
import { PixelsmithError } from '../../errors';
import { FORMATS } from '../../modelSpec';
import { requireKey, type ProviderDeclaration } from '../declaration';
import { GPT_IMAGE_MODELS } from '../openai/models';

const ENTRA_SCOPES = ['https://cognitiveservices.azure.com/.default'];

export const azure: ProviderDeclaration<'azure'> = {
  id: 'azure',
  label: 'Azure OpenAI',
  auth: { envVars: ['AZURE_OPENAI_API_KEY'] },
  settings: [
    { key: 'azure.endpoint', default: '' },
    { key: 'azure.deployment', default: 'gpt-image-2' },
    { key: 'azure.apiVersion', default: '2026-04-01-preview' },
    { key: 'azure.authentication', default: 'apiKey' },
  ],
  capabilities: { streaming: true, edit: true, formats: FORMATS },
  models: GPT_IMAGE_MODELS.filter((m) => m.id !== 'chatgpt-image-latest'),
  price: (m) => m.price,
  status(env) {
    const endpoint = env.setting('azure.endpoint');
    const entra = env.setting('azure.authentication') === 'entraId';
    const detail = !endpoint ? 'no endpoint set' : entra ? 'Microsoft Entra ID' : env.key ? `key from ${env.keySource ?? 'secret storage'}` : 'no key';
    return { configured: !!endpoint && (!!env.key || entra), detail };
  },
  async create(ctx) {
    const entra = ctx.setting('azure.authentication') === 'entraId';
    const apiKey = entra ? undefined : requireKey(this, ctx);
    if (entra && !ctx.signIn) throw new PixelsmithError('auth', 'Microsoft Entra ID sign-in works inside VS Code only: set AZURE_OPENAI_API_KEY for this host.', { field: 'pixelsmith.azure.authentication' });
    const { createAzureProvider } = await import('../openai/client');
    return createAzureProvider({
      endpoint: ctx.setting('azure.endpoint'), deployment: ctx.setting('azure.deployment'), apiVersion: ctx.setting('azure.apiVersion'),
      timeoutMs: ctx.timeoutMs,
      ...(apiKey ? { apiKey } : { getToken: () => ctx.signIn!('microsoft', ENTRA_SCOPES) }),
    });
  },
};
