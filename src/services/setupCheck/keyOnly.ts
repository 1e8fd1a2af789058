// For a provider without a probe of its own: whether its key is there and its model is one it serves; the endpoint
// is not called (this version knows no free call for it), and the report says so rather than guessing.
import { providers } from '../../core/providers/registry';
import type { ProviderId } from '../../core/types';
import type { SetupProbe } from './types';

export function keyOnlyProbe(id: ProviderId): SetupProbe {
  const decl = providers.get(id);
  return {
    id, label: decl.label,
    check(input) {
      const served = decl.models.some((m) => m.id === input.model);
      const vars = decl.auth?.envVars.join(' or ') ?? '';
      return Promise.resolve({
        provider: id, label: decl.label,
        key: input.key
          ? { ok: true, present: true, source: input.key.source, text: `Key from ${input.key.source}.` }
          : { ok: false, present: false, text: `No key: run "Pixelsmith: Set API Key…" or set ${vars}.` },
        endpoint: { ok: null, text: `Not checked: Pixelsmith knows no free call for ${decl.label} yet, so it sends nothing.` },
        model: served
          ? { ok: true, id: input.model, text: `${input.model} is one of ${decl.label}'s models.` }
          : { ok: null, id: input.model, text: `${input.model} is not in ${decl.label}'s list (${decl.models.map((m) => m.id).join(', ')}); choose one of them for this provider.` },
        actions: input.key ? [] : [`Set the ${decl.label} key.`],
      });
    },
  };
}
