// Checks the form before anything is sent, with the same rules the host applies, so a bad field is shown at
// the field and no request leaves the page.
import { estimateCost, formatUsd } from '../../src/core/cost';
import { ValidationError } from '../../src/core/errors';
import { validateRequest } from '../../src/core/validate';
import { requestFromForm } from '../../src/panels/generate/request';
import type { GenerateForm } from '../../src/protocol';
import * as l10n from '@vscode/l10n';

/** Field → problem for the first rule the form breaks (the engine stops at the first, too). */
export function checkForm(form: GenerateForm): Record<string, string> {
  try {
    validateRequest(requestFromForm(form));
    return {};
  } catch (e) {
    if (e instanceof ValidationError) return { [e.field]: e.hint ? `${e.message} ${e.hint}` : e.message };
    return { form: (e as Error).message };
  }
}

export interface CostLine { readonly text: string; readonly aboveThreshold: boolean }

export function costLine(form: GenerateForm, references: number, threshold: number): CostLine {
  const est = estimateCost({ ...requestFromForm(form), references: Array.from({ length: references }, () => ({ name: '', mimeType: 'image/png' as const, bytes: new Uint8Array() })) });
  if (est.usd === null) return { text: est.note ? l10n.t('Cost: unknown ({0})', est.note) : l10n.t('Cost: unknown'), aboveThreshold: false };
  const above = est.usd > threshold;
  const count = form.preset === 'sequence' ? form.frames : form.n;
  return {
    text: [
      count === 1 ? l10n.t('Estimated {0} for 1 image', formatUsd(est.usd)) : l10n.t('Estimated {0} for {1} images', formatUsd(est.usd), count),
      est.note ? ` — ${est.note}` : '',
      above ? ` ${l10n.t('Above your {0} threshold: you will be asked to confirm.', formatUsd(threshold))}` : '',
    ].join(''),
    aboveThreshold: above,
  };
}
