// fal.ai's probe: the platform API's model search, `GET https://api.fal.ai/v1/models?endpoint_id=…` with the key
// (free), which tests the key and says whether the configured endpoint exists. With a custom
// pixelsmith.fal.baseUrl (a proxy) the same path is asked there instead.
import { apiOrigins } from '../../core/net/origins';
import { probeGet } from './http';
import type { SetupProbe } from './types';
import { badSetting, missingKey, verdict } from './verdict';

const QUEUE = 'https://queue.fal.run';
const PLATFORM = 'https://api.fal.ai';

export const falProbe: SetupProbe = {
  id: 'fal',
  label: 'fal.ai',
  async check(input, signal) {
    const endpointId = input.settings['fal.generateEndpoint'] || 'openai/gpt-image-2';
    if (!input.key) return missingKey('fal', this.label, endpointId, 'FAL_KEY');
    const base = (input.settings['fal.baseUrl'] || QUEUE).replace(/\/+$/, '');
    const keyCheck = { ok: null, present: true, source: input.key.source, text: `From ${input.key.source}; not verified.` } as const;
    let api;
    try { api = apiOrigins('fal.ai', 'pixelsmith.fal.baseUrl', base, [PLATFORM]); } catch (e) { return badSetting('fal', this.label, endpointId, keyCheck, (e as Error).message, 'pixelsmith.fal.baseUrl'); }
    const platform = base === QUEUE ? PLATFORM : new URL(base).origin;
    const answer = await probeGet(api, { authorization: `Key ${input.key.value}` }, `${platform}/v1/models?endpoint_id=${encodeURIComponent(endpointId)}`, input.timeoutMs, signal);
    return verdict(answer, {
      provider: 'fal', label: this.label, keySource: input.key.source, model: endpointId, modelNoun: 'endpoint', endpointSetting: 'pixelsmith.fal.baseUrl',
      listedModels: (json) => {
        const models = (json as { models?: unknown } | undefined)?.models;
        return Array.isArray(models) ? models.map((m) => (m as { endpoint_id?: unknown }).endpoint_id).filter((id): id is string => typeof id === 'string') : undefined;
      },
    });
  },
};
