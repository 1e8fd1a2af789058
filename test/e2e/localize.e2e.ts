// Localize from the gallery in the real VS Code: right-click an asset, Localize…, pick Korean and Japanese, let the
// model translate (the offline provider: free, no network), and the two translations appear as tiles with their
// language chips; double-clicking one opens it. Takes media/screenshots/localize.png for the README (PIXELSMITH_SCREENSHOTS=1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { buildSidecar, serializeSidecar } from '../../src/core/sidecar';
import { contextMenu, gallery } from './gallerySupport';
import type { E2EHelpers, E2EStep } from './index';

export const settings = { 'pixelsmith.provider': 'offline' };

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check().catch(() => false)); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
  }
}

const tileNames = async (h: E2EHelpers) => (await gallery(h)).locator('.tile .caption').allInnerTexts();

function writeOriginal(h: E2EHelpers): void {
  const w = 128;
  const rgba = new Uint8Array(w * w * 4);
  for (let i = 0; i < w * w; i++) rgba.set([40 + (i % w), 90, 200 - Math.floor(i / w), 255], i * 4);
  const png = encodePng(rgba, w, w);
  const file = join(h.workspace, 'assets/hero.png');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, png);
  writeFileSync(`${file}.json`, serializeSidecar(buildSidecar({
    request: { prompt: 'Hero banner with the words "Welcome" and a "Start" button', provider: 'offline', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', n: 1 },
    image: { index: 0, sha256: sha256(png), width: w, height: w, format: 'png', bytes: png.byteLength, contentCredentials: false },
    generationId: '20260101-120000-locale', createdAt: '2026-01-01T12:00:00Z', costUsd: 0,
  })));
}

export const steps: E2EStep[] = [
  {
    name: 'Localize… from the gallery into Korean and Japanese',
    run: async (page, h) => {
      writeOriginal(h);
      await h.runCommand('Pixelsmith: Open Gallery');
      await until('the original shows', async () => (await tileNames(h)).includes('hero.png'));
      await contextMenu(h, 'hero.png', 'Localize…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      for (const name of ['Korean', 'Japanese']) {
        await input.fill(name);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
      }
      await input.press('Enter');
      await h.pickQuickItem('Let the model translate');
      await h.waitForFile('assets/hero.ko.png', 60_000);
      await h.waitForFile('assets/hero.ja.png', 60_000);
    },
  },
  {
    name: 'the translations show with their language chips, and one opens',
    run: async (page, h) => {
      await h.runCommand('Pixelsmith: Open Gallery');
      const g = await gallery(h);
      await until('both translations are tiles', async () => { const n = await tileNames(h); return n.some((x) => x.endsWith('hero.ko.png')) && n.some((x) => x.endsWith('hero.ja.png')); });
      const chips = (await g.locator('.tile .lang-chip').allInnerTexts()).sort();
      if (JSON.stringify(chips) !== '["ja","ko"]') throw new Error(`language chips: ${JSON.stringify(chips)}`);
      await h.screenshot('localize');
      await g.locator('.tile', { hasText: 'hero.ko.png' }).dblclick();
      await page.getByRole('tab', { name: /hero\.ko\.png/ }).first().waitFor();
    },
  },
];
