// The presets a user picks from, and the defaults each fills into the form. Bundled into the page.
import { TRANSPARENT_FALLBACK_MODEL, presetDefaults } from '../../src/core/presetPolicy';
import { getModel } from '../../src/core/catalogue';
import type { Preset } from '../../src/core/types';
import type { GenerateForm } from '../../src/protocol';
import * as l10n from '@vscode/l10n';

export interface PresetInfo { readonly id: Preset; readonly label: string; readonly description: string }

export const PRESET_INFO: readonly PresetInfo[] = [
  { id: 'custom', label: l10n.t('Custom'), description: l10n.t('Your own settings.') },
  { id: 'icon', label: l10n.t('Icon'), description: l10n.t('Square, transparent background, PNG.') },
  { id: 'mockup', label: l10n.t('UI mockup'), description: l10n.t('1536×1024, high quality.') },
  { id: 'illustration', label: l10n.t('Illustration'), description: l10n.t('Landscape illustration for docs and posts.') },
  { id: 'sequence', label: l10n.t('Comic / storyboard sequence'), description: l10n.t('Several frames with the same characters and style.') },
];

/**
 * The form with a preset's defaults applied. A model that cannot make transparent icons is swapped for one that
 * can; leaving such a preset brings back `defaultModel` (the user's setting).
 */
export function applyPreset(form: GenerateForm, preset: Preset, defaultModel: string): GenerateForm {
  const d = presetDefaults(preset);
  const next: GenerateForm = {
    ...form, preset,
    size: d.size ?? form.size,
    quality: d.quality ?? (preset === 'custom' ? form.quality : 'auto'),
    background: d.background ?? 'auto',
    outputFormat: d.outputFormat ?? form.outputFormat,
  };
  if (next.background === 'transparent' && !getModel(next.model).backgrounds.includes('transparent')) return { ...next, model: TRANSPARENT_FALLBACK_MODEL };
  if (next.background !== 'transparent' && form.model === TRANSPARENT_FALLBACK_MODEL && form.background === 'transparent') return { ...next, model: defaultModel };
  return next;
}

/** Said under the preset when it chose the model: the switch is not left to the Model field alone. */
export function presetModelNote(form: GenerateForm): string | undefined {
  if (form.background !== 'transparent' || form.model !== TRANSPARENT_FALLBACK_MODEL) return undefined;
  return `Uses the model ${getModel(form.model).label}, which makes transparent backgrounds. Other presets go back to your default model.`;
}
