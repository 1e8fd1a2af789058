// The benchmarks' gallery workspace: `n` small PNG assets with sidecars in 50 folders, prompts from a word list.
// Shared by bench/gallery.bench.mjs and bench/eventloop.bench.mjs (needs `npm run compile-tests` first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const out = new URL('../out/src/', import.meta.url).pathname;
const { buildSidecar, serializeSidecar } = require(join(out, 'core/sidecar.js'));
const { encodePng } = require(join(out, 'core/imaging/png.js'));

export const WORDS = 'fox owl lighthouse city neon rain mountain lake rocket icon flat watercolor sunrise storm cliff robot garden castle dragon forest'.split(' ');

/** Writes the assets into `dir` (which must exist) and returns it. */
export function writeGalleryWorkspace(dir, n) {
  const png = encodePng(new Uint8Array(8 * 8 * 4).fill(200), 8, 8);
  for (let i = 0; i < n; i++) {
    const folder = join(dir, `assets/set-${i % 50}`);
    if (i < 50) mkdirSync(folder, { recursive: true });
    const prompt = `A ${WORDS[i % WORDS.length]} and a ${WORDS[(i * 7) % WORDS.length]} number ${i}, ${WORDS[(i * 3) % WORDS.length]} style`;
    const sc = buildSidecar({
      request: { prompt, provider: 'openai', model: i % 3 ? 'gpt-image-2' : 'gpt-image-1.5', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', n: 1 },
      image: { index: 0, sha256: i.toString(16).padStart(64, '0'), width: 1024, height: 1024, format: 'png', bytes: png.byteLength, contentCredentials: false },
      generationId: '20260101-120000-abcdef', createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), costUsd: 0.011,
    });
    writeFileSync(join(folder, `asset-${i}.png`), png);
    writeFileSync(join(folder, `asset-${i}.png.json`), serializeSidecar(sc));
  }
  return dir;
}
