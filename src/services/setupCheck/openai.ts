// OpenAI's probe: `GET {baseUrl}/models` with the key (free), and whether pixelsmith.model is listed.
import { apiOrigins } from '../../core/net/origins';
import { probeGet } from './http';
import type { SetupProbe } from './types';
import { badSetting, missingKey, verdict } from './verdict';

const DEFAULT_BASE = 'https://api.openai.com/v1';

export const openaiProbe: SetupProbe = {
  id: 'openai',
  label: 'OpenAI',
  async check(input, signal) {
    if (!input.key) return missingKey('openai', this.label, input.model, 'OPENAI_API_KEY');
    const base = (input.settings['openai.baseUrl'] || DEFAULT_BASE).replace(/\/+$/, '');
    const setting = input.settingSources?.['openai.baseUrl'] ?? 'pixelsmith.openai.baseUrl';
    const keyCheck = { ok: null, present: true, source: input.key.source, text: `From ${input.key.source}; not verified.` } as const;
    let api;
    try { api = apiOrigins('OpenAI', setting, base); } catch (e) { return badSetting('openai', this.label, input.model, keyCheck, (e as Error).message, setting); }
    const org = input.settings['openai.organization'];
    const answer = await probeGet(api, { authorization: `Bearer ${input.key.value}`, ...(org ? { 'openai-organization': org } : {}) }, `${base}/models`, input.timeoutMs, signal);
    return verdict(answer, {
      provider: 'openai', label: this.label, keySource: input.key.source, model: input.model, endpointSetting: setting,
      listedModels: (json) => listIds(json),
    });
  },
};

/** `{ data: [{ id }] }`, the shape OpenAI and Azure use for model lists. */
export function listIds(json: unknown): string[] | undefined {
  const data = (json as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) return undefined;
  return data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
}
