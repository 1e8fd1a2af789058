// What a probe's answer means for the key, the endpoint and the model, and what to do: shared by the providers'
// probes, which differ only in where they ask and how their model list reads.
import type { ProviderId } from '../../core/types';
import { apiMessage, type ProbeAnswer } from './http';
import type { Check, ProviderSetup } from './types';

export interface VerdictContext {
  readonly provider: ProviderId;
  readonly label: string;
  /** Where the key came from: `secret storage`, `OPENAI_API_KEY`, `Microsoft Entra ID`. */
  readonly keySource: string;
  /** The model or deployment checked, and what it is called in the report (`model`, `deployment`). */
  readonly model: string;
  readonly modelNoun?: string;
  /** The setting that holds the address, named in advice. */
  readonly endpointSetting: string;
  /** The model ids the answer lists; undefined when this API's list cannot say (then the model is not checked). */
  readonly listedModels: (json: unknown) => readonly string[] | undefined;
  /** Said when the model cannot be checked for free. */
  readonly modelNotChecked?: string;
}

const SET_KEY = 'Run "Pixelsmith: Set API Key…" and paste a key that works.';

export function missingKey(provider: ProviderId, label: string, model: string, env: string): ProviderSetup {
  return {
    provider, label,
    key: { ok: false, present: false, text: `No key: none in secret storage and ${env} is not set.` },
    endpoint: { ok: null, text: 'Not checked: a key is needed to ask.' },
    model: { ok: null, id: model, text: 'Not checked: a key is needed to ask.' },
    actions: [`Run "Pixelsmith: Set API Key…" and choose ${label}, or set ${env} before starting VS Code.`],
  };
}

export function badSetting(provider: ProviderId, label: string, model: string, key: ProviderSetup['key'], message: string, setting: string): ProviderSetup {
  return {
    provider, label, key,
    endpoint: { ok: false, text: message },
    model: { ok: null, id: model, text: 'Not checked: the address is not usable.' },
    actions: [`Fix ${setting} in your user settings (Preferences: Open User Settings).`],
  };
}

export function verdict(answer: ProbeAnswer, c: VerdictContext): ProviderSetup {
  const noun = c.modelNoun ?? 'model';
  const present = { present: true, source: c.keySource } as const;
  const notChecked = (why: string): Check => ({ ok: null, text: `Not checked: ${why}.` });
  if (answer.kind === 'unreachable') {
    return {
      provider: c.provider, label: c.label,
      key: { ...present, ...notChecked('the endpoint did not answer'), text: `From ${c.keySource}; not verified: the endpoint did not answer.` },
      endpoint: { ok: false, url: answer.url, text: `${answer.url} did not answer (${answer.reason}).` },
      model: { id: c.model, ...notChecked('the endpoint did not answer') },
      actions: [`Check your network (proxy, firewall, VPN) and ${c.endpointSetting} (now ${answer.url}).`],
    };
  }
  const said = apiMessage(answer.json);
  const endpoint = { ok: true, url: answer.url, status: answer.status, text: `${answer.url} answered (${answer.status}).` };
  const base = { provider: c.provider, label: c.label, endpoint };
  if (answer.status === 401) {
    return { ...base, key: { ...present, ok: false, text: `From ${c.keySource}; rejected (401)${said ? `: ${said}` : ''}.` }, model: { id: c.model, ...notChecked('the key was rejected') }, actions: [SET_KEY] };
  }
  if (answer.status === 403) {
    return {
      ...base, key: { ...present, ok: false, text: `From ${c.keySource}; accepted but not allowed (403)${said ? `: ${said}` : ''}.` },
      model: { id: c.model, ...notChecked('the key may not list models') }, actions: [`Check the key's permissions (project, organization or resource) at ${c.label}.`],
    };
  }
  if (answer.status === 404) {
    return {
      provider: c.provider, label: c.label, key: { ...present, ok: null, text: `From ${c.keySource}; not verified.` },
      endpoint: { ...endpoint, ok: false, text: `${answer.url} answered 404: no ${c.label} API at that address.` },
      model: { id: c.model, ...notChecked('the endpoint is not the API') }, actions: [`Check ${c.endpointSetting} (now ${answer.url}).`],
    };
  }
  if (answer.status < 200 || answer.status >= 300) {
    return {
      ...base, endpoint: { ...endpoint, text: `${answer.url} answered ${answer.status}${said ? `: ${said}` : ''}.` },
      key: { ...present, ok: null, text: `From ${c.keySource}; not verified (the API answered ${answer.status}).` },
      model: { id: c.model, ...notChecked(`the API answered ${answer.status}`) },
      actions: [answer.status === 429 ? 'Wait a minute (rate limit or quota) and check again; see your plan and billing.' : 'Try again later; the service may be down.'],
    };
  }
  const key = { ...present, ok: true, text: `From ${c.keySource}; accepted.` };
  const ids = c.listedModels(answer.json);
  if (!ids) return { ...base, key, model: { id: c.model, ok: null, text: c.modelNotChecked ?? `Not checked: ${c.label} does not list ${noun}s.` }, actions: [] };
  if (ids.includes(c.model)) return { ...base, key, model: { id: c.model, ok: true, text: `${c.model} is available.` }, actions: [] };
  if (ids.length === 0) {
    return { ...base, key, model: { id: c.model, ok: false, text: `${c.model} was not found at ${c.label}.` }, actions: [`Check the ${noun} id (${c.model}) in your settings.`] };
  }
  const images = ids.filter((id) => /image/i.test(id));
  const some = (images.length ? images : ids).slice(0, 6);
  return {
    ...base, key,
    model: { id: c.model, ok: false, text: `${c.model} is not among the ${ids.length} ${noun}s this key can use${some.length ? ` (e.g. ${some.join(', ')})` : ''}.` },
    actions: [`Choose an available ${noun} in pixelsmith.model${some.length ? `, e.g. ${some[0]}` : ''}, or ask for access to ${c.model}.`],
  };
}
