// Turns what the Generate page sends (form, staged references, painted mask or markup) into an engine request.
// No vscode or Node imports: the page uses it too, to check the form and estimate the cost before sending.
import { COMPRESSIBLE_FORMATS, supportsStreaming } from '../../core/catalogue';
import type { ImageInput, ImageRequest } from '../../core/types';
import type { GenerateForm } from '../../protocol';
import { formOptions } from './formControls';

/** Streamed previews per image where the provider streams (each image then comes from its own call). */
export const PANEL_PARTIAL_IMAGES = 2;

export function requestFromForm(form: GenerateForm, references: readonly ImageInput[] = [], mask?: Uint8Array, markup?: Uint8Array): ImageRequest {
  const sequence = form.preset === 'sequence';
  return {
    prompt: form.prompt, provider: form.provider, model: form.model.trim(),
    n: sequence ? 1 : form.n, size: form.size, quality: form.quality, background: form.background, outputFormat: form.outputFormat,
    preset: form.preset,
    ...(COMPRESSIBLE_FORMATS.includes(form.outputFormat) ? { outputCompression: form.outputCompression } : {}),
    ...(sequence ? { frames: form.frames } : {}),
    ...(!sequence && supportsStreaming(form.provider) ? { partialImages: PANEL_PARTIAL_IMAGES } : {}),
    ...(references.length ? { references: [...references] } : {}),
    ...formOptions(form),
    ...(mask ? { mask: { name: 'mask.png', mimeType: 'image/png', bytes: mask } } : {}),
    ...(markup ? { markup: { name: 'markup.png', mimeType: 'image/png', bytes: markup } } : {}),
  };
}
