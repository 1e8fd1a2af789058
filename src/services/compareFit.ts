// One prompt on several models: each takes its own qualities, backgrounds and formats. Pure, so the Generate page
// uses it too (switching models keeps what it can of the user's choices).
import { getModel } from '../core/catalogue';
import { providers } from '../core/providers/registry';
import type { ImageRequest } from '../core/types';

/**
 * One prompt on models that take different settings: the user's default quality and format where the model takes them,
 * else the model's own first choice (Gemini: quality auto, PNG; FLUX.2: quality auto).
 */
export function fitColumn(req: ImageRequest): ImageRequest {
  const model = getModel(req.model);
  const formats = model.formats.filter((f) => providers.get(req.provider).capabilities.formats.includes(f));
  const quality = model.qualities.includes(req.quality) ? req.quality : model.qualities.includes('auto') ? 'auto' : model.qualities[0] ?? req.quality;
  const outputFormat = formats.includes(req.outputFormat) ? req.outputFormat : formats.includes('png') ? 'png' : formats[0] ?? req.outputFormat;
  const background = model.backgrounds.includes(req.background) ? req.background : 'auto';
  const { outputCompression, ...rest } = req;
  return { ...rest, quality, outputFormat, background, ...(outputCompression !== undefined && (outputFormat === 'jpeg' || outputFormat === 'webp') ? { outputCompression } : {}) };
}

