// Which of the Generate form's model-specific controls show, and what they send: complexity, GIF frames and frame
// duration, the SVG author and its effort, and markup painting. Each shows only where the catalogue says the model
// (and, for markup, the provider) takes it. No vscode or Node imports: the page uses it to draw the form.
import { getModel } from '../../core/catalogue';
import { providers } from '../../core/providers/registry';
import type { ImageRequest } from '../../core/types';
import type { GenerateForm } from '../../protocol';

export interface FormControls {
  /** Planning effort (gpt-image-2.6). */
  readonly complexity: boolean;
  /** GIF frames and frame duration: a GIF-making model and provider, with outputFormat gif. */
  readonly gif: boolean;
  /** The SVG author model and its effort: an SVG-making model and provider, with outputFormat svg. */
  readonly svg: boolean;
  /** Markup painted over the first reference (gpt-image-2.5), on a provider that edits. */
  readonly markup: boolean;
}

export function formControls(form: Pick<GenerateForm, 'model' | 'provider' | 'outputFormat'>): FormControls {
  const model = getModel(form.model.trim());
  const provider = providers.has(form.provider) ? providers.get(form.provider).capabilities : undefined;
  const makes = (f: 'gif' | 'svg') => form.outputFormat === f && model.formats.includes(f) && !!provider?.formats.includes(f);
  return {
    complexity: model.supportsComplexity,
    gif: makes('gif'),
    svg: makes('svg'),
    markup: model.supportsMarkup && model.supportsEdit && !!provider?.edit,
  };
}

export type FormOptions = Pick<ImageRequest, 'complexity' | 'gifFrames' | 'gifFrameDurationMs' | 'svgModel' | 'svgEffort'>;

/** The model-specific options the form sends: only those whose control shows, so a value left from another model is never sent. */
export function formOptions(form: GenerateForm): FormOptions {
  const shown = formControls(form);
  const svgModel = shown.svg ? form.svgModel?.trim() : undefined;
  return {
    ...(shown.complexity && form.complexity !== undefined ? { complexity: form.complexity } : {}),
    ...(shown.gif && form.gifFrames !== undefined ? { gifFrames: form.gifFrames } : {}),
    ...(shown.gif && form.gifFrameDurationMs !== undefined ? { gifFrameDurationMs: form.gifFrameDurationMs } : {}),
    ...(svgModel ? { svgModel } : {}),
    ...(svgModel && form.svgEffort !== undefined ? { svgEffort: form.svgEffort } : {}),
  };
}
