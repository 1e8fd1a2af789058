// The offline placeholder: no key, no network, no cost. Renders deterministic images that honour the request,
// on the image worker thread (a 4K render and encode takes over a second: never on the host's event loop).
import { PixelsmithError } from '../../errors';
import { tryParseSize } from '../../sizes';
import type { ImageProvider, ProviderCall, ProviderResult } from '../../types';
import type { ImageWorker } from '../../work/imageWorkerClient';
import { cancelled } from '../retry';

export function createOfflineProvider(images: ImageWorker): ImageProvider {
  return { id: 'offline', call: (c) => call(images, c) };
}

async function call(images: ImageWorker, c: ProviderCall): Promise<ProviderResult> {
  const r = c.request;
  const parsed = tryParseSize(r.size);
  const { width, height } = parsed && parsed !== 'auto' ? parsed : { width: 1024, height: 1024 };
  const transparent = r.background === 'transparent';
  const format = r.outputFormat;
  // The catalogue gives the offline models raster formats only; this guards a request that skipped validation.
  if (format === 'gif' || format === 'svg') throw new PixelsmithError('invalid-request', `The offline placeholder cannot make ${format.toUpperCase()} images.`, { field: 'outputFormat', allowed: ['png', 'jpeg', 'webp'] });
  const encode = { format, alpha: transparent, quality: 100 - (r.outputCompression ?? 10) };
  try {
    const rendered = await Promise.all(Array.from({ length: c.n }, (_, index) =>
      images.run({ kind: 'placeholder', request: { prompt: r.prompt, width, height, index, n: c.n, transparent }, encode }, c.signal)));
    return {
      images: rendered.map((bytes) => ({ bytes, revisedPrompt: `[offline placeholder] ${r.prompt}` })),
      requestId: `offline-${Date.now().toString(36)}`,
    };
  } catch (e) {
    if (c.signal.aborted) throw cancelled();
    throw e;
  }
}
