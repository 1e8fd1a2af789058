// What a preset decides before the user's own arguments: its default size, quality, background and format, and the
// model the Icon preset falls back to. Free of zod and vscode, so the Generate webview imports it too.
import type { Background, ImageFormat, Preset, Quality } from './types';

export interface PresetDefaults {
  readonly size?: string;
  readonly quality?: Quality;
  readonly background?: Background;
  readonly outputFormat?: ImageFormat;
}

/** The model the Icon preset switches to when the chosen one cannot make transparent backgrounds (gpt-image-2 cannot since 2026-09-30). */
export const TRANSPARENT_FALLBACK_MODEL = 'gpt-image-2.5-sunburst';

/** Defaults a preset fills in, before the user's own arguments. */
export function presetDefaults(preset: Preset | undefined): PresetDefaults {
  switch (preset) {
    case 'icon': return { size: '1024x1024', background: 'transparent', outputFormat: 'png' };
    case 'mockup': return { size: '1536x1024', quality: 'high' };
    case 'illustration': return { size: '1536x1024' };
    case 'sequence': return { size: '1024x1024' };
    default: return {};
  }
}
