// The echo provider's client: one solid PNG per image asked for, in the colour its setting names.
import { encodePng } from '../../../src/core/imaging/png';
import type { ImageProvider } from '../../../src/core/types';

export function createEchoClient(key: string, colour: string): ImageProvider {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  return {
    id: 'echo',
    async call(c) {
      const rgba = new Uint8Array(4 * 4 * 4).map((_, i) => [r!, g!, b!, 255][i % 4]!);
      return { images: Array.from({ length: c.n }, () => ({ bytes: encodePng(rgba, 4, 4), revisedPrompt: `${key.length}:${c.request.prompt}` })) };
    },
  };
}
