// A workspace of many generated assets (a 32×32 PNG and its sidecar each, in 50 folders, one minute apart): the
// gallery's scale test and its open benchmark (bench/gallery-open.bench.mjs) both build it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { buildSidecar, serializeSidecar } from '../../src/core/sidecar';

const WORDS = 'fox owl lighthouse city neon rain mountain lake rocket icon'.split(' ');

/** The file name of the newest of `n` assets (the gallery's first tile). */
export const newestAsset = (n: number): string => `asset-${n - 1}.png`;

/** Writes `n` assets under `<workspace>/scale/set-<i % 50>/`. */
export function writeScaleAssets(workspace: string, n: number): void {
  const rgba = new Uint8Array(32 * 32 * 4).fill(180);
  const png = encodePng(rgba, 32, 32);
  const hash = sha256(png);
  for (let i = 0; i < n; i++) {
    const dir = join(workspace, 'scale', `set-${i % 50}`);
    if (i < 50) mkdirSync(dir, { recursive: true });
    const sidecar = buildSidecar({
      request: { prompt: `A ${WORDS[i % 10]} and a ${WORDS[(i * 7) % 10]}, number ${i}`, provider: 'offline', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', n: 1 },
      image: { index: 0, sha256: hash, width: 32, height: 32, format: 'png', bytes: png.byteLength, contentCredentials: false },
      generationId: '20260101-120000-abcdef', createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), costUsd: 0,
    });
    writeFileSync(join(dir, `asset-${i}.png`), png);
    writeFileSync(join(dir, `asset-${i}.png.json`), serializeSidecar(sidecar));
  }
}
