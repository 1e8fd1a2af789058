// The offline placeholder needs nothing: no key, no network, no model to find.
import type { SetupProbe } from './types';

export const offlineProbe: SetupProbe = {
  id: 'offline',
  label: 'Offline placeholder',
  check(input) {
    return Promise.resolve({
      provider: 'offline', label: this.label,
      key: { ok: true, present: false, text: 'No key needed.' },
      endpoint: { ok: true, text: 'No network: images are drawn on this machine.' },
      model: { ok: true, id: input.model, text: `Placeholder images shaped like ${input.model}'s (sizes, formats, transparency).` },
      actions: [],
    });
  },
};
