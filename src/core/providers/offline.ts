// The offline placeholder: no key, no network, no cost. Renders deterministic images that honour the request.
import { encodeJpeg } from '../imaging/jpeg';
import { encodePng } from '../imaging/png';
import { encodeWebpLossless } from '../imaging/webp';
import { renderPlaceholder } from '../placeholder';
import { tryParseSize } from '../sizes';
import type { ImageProvider, ProviderCall, ProviderResult } from '../types';
import { cancelled } from './retry';

export function createOfflineProvider(): ImageProvider {
  return { id: 'offline', call };
}

async function call(c: ProviderCall): Promise<ProviderResult> {
  const r = c.request;
  const parsed = tryParseSize(r.size);
  const { width, height } = parsed && parsed !== 'auto' ? parsed : { width: 1024, height: 1024 };
  const transparent = r.background === 'transparent';
  const images = [];
  for (let i = 0; i < c.n; i++) {
    // Yield between images so a cancel is seen and the extension host stays responsive.
    await new Promise((res) => setImmediate(res));
    if (c.signal.aborted) throw cancelled();
    const px = renderPlaceholder({ prompt: r.prompt, width, height, index: i, n: c.n, transparent });
    const bytes = r.outputFormat === 'jpeg' ? encodeJpeg(px.rgba, width, height, 100 - (r.outputCompression ?? 10))
      : r.outputFormat === 'webp' ? encodeWebpLossless(px.rgba, width, height)
        : encodePng(px.rgba, width, height, { alpha: transparent });
    images.push({ bytes, revisedPrompt: `[offline placeholder] ${r.prompt}` });
  }
  return { images, requestId: `offline-${Date.now().toString(36)}` };
}
