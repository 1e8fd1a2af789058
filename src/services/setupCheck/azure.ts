// Azure OpenAI's probe: `GET {endpoint}/openai/models?api-version=…` with the key (or an Entra ID token) — free,
// it tests the endpoint and the credential. Azure has no free call that shows a deployment, so the deployment is
// named but not checked (the first generation tells).
import { apiOrigins } from '../../core/net/origins';
import { probeGet } from './http';
import type { SetupProbe } from './types';
import { badSetting, verdict } from './verdict';

export const azureProbe: SetupProbe = {
  id: 'azure',
  label: 'Azure OpenAI',
  async check(input, signal) {
    const endpoint = (input.settings['azure.endpoint'] ?? '').replace(/\/+$/, '');
    const deployment = input.settings['azure.deployment'] || input.model;
    const entra = input.settings['azure.authentication'] === 'entraId';
    const token = entra ? await input.getToken?.() : undefined;
    const source = entra ? 'Microsoft Entra ID' : input.key?.source ?? '';
    if (!entra && !input.key) {
      return {
        provider: 'azure', label: this.label,
        key: { ok: false, present: false, text: 'No key: none in secret storage and AZURE_OPENAI_API_KEY is not set.' },
        endpoint: endpoint ? { ok: null, text: 'Not checked: a key is needed to ask.' } : { ok: false, text: 'pixelsmith.azure.endpoint is not set.' },
        model: { ok: null, id: deployment, text: 'Not checked: a key is needed to ask.' },
        actions: [
          ...(endpoint ? [] : ['Set pixelsmith.azure.endpoint (e.g. https://my-resource.openai.azure.com) in your user settings.']),
          'Run "Pixelsmith: Set API Key…" and choose Azure OpenAI, set AZURE_OPENAI_API_KEY, or set pixelsmith.azure.authentication to entraId.',
        ],
      };
    }
    const keyCheck = { ok: null, present: true, source, text: `From ${source}; not verified.` } as const;
    if (!endpoint) return badSetting('azure', this.label, deployment, keyCheck, 'pixelsmith.azure.endpoint is not set.', 'pixelsmith.azure.endpoint');
    if (entra && !token) {
      return {
        provider: 'azure', label: this.label, key: { ok: false, present: false, source, text: 'Not signed in to Microsoft (Entra ID).' },
        endpoint: { ok: null, text: 'Not checked: a sign-in is needed to ask.' }, model: { ok: null, id: deployment, text: 'Not checked.' },
        actions: ['Generate once with Azure OpenAI to sign in with your Microsoft account, or use an API key (pixelsmith.azure.authentication).'],
      };
    }
    let api;
    try { api = apiOrigins('Azure OpenAI', 'pixelsmith.azure.endpoint', endpoint); } catch (e) { return badSetting('azure', this.label, deployment, keyCheck, (e as Error).message, 'pixelsmith.azure.endpoint'); }
    const version = encodeURIComponent(input.settings['azure.apiVersion'] || '2024-10-21');
    const credentials: Record<string, string> = token ? { authorization: `Bearer ${token}` } : { 'api-key': input.key!.value };
    const answer = await probeGet(api, credentials, `${endpoint}/openai/models?api-version=${version}`, input.timeoutMs, signal);
    return verdict(answer, {
      provider: 'azure', label: this.label, keySource: source, model: deployment, modelNoun: 'deployment', endpointSetting: 'pixelsmith.azure.endpoint',
      listedModels: () => undefined,
      modelNotChecked: `Deployment ${deployment} not checked: Azure has no free call that shows a deployment; the first generation tells (404 DeploymentNotFound).`,
    });
  },
};
