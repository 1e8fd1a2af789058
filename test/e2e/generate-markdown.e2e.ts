// Illustrate Markdown through the Generate panel (offline placeholder provider, no key): the panel opens on the
// Illustration preset with a drafted prompt and says where the link goes; Save writes the image and inserts
// a relative link into the document.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { E2EStep } from './index';

let gen: FrameLocator;

export const steps: E2EStep[] = [
  {
    name: 'Illustrate Markdown… on docs/guide.md opens the panel with the Illustration preset and a drafted prompt',
    run: async (page, h) => {
      await page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor();
      await page.keyboard.press('ControlOrMeta+P');
      await page.locator('.quick-input-widget input').fill('guide.md');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'guide.md' }).first().click();
      await page.locator('.editor-instance .monaco-editor').first().waitFor();
      await h.runCommand('Pixelsmith: Illustrate Markdown…');
      gen = await h.webview(/Generate/, { has: 'ps-generate #generate' });
      await gen.locator('.target-banner').filter({ hasText: 'docs/guide.md' }).waitFor();
      const preset = await gen.locator('#preset').evaluate((e) => (e as unknown as { value: string }).value);
      if (preset !== 'illustration') throw new Error(`preset ${preset}, expected illustration`);
      const prompt = await gen.locator('#prompt textarea').inputValue();
      if (!/lantern/i.test(prompt)) throw new Error(`the drafted prompt does not come from the document: ${prompt}`);
      const provider = await gen.locator('#provider').evaluate((e) => (e as unknown as { value: string }).value);
      if (provider !== 'offline') throw new Error(`provider ${provider}; with no key the offline placeholder is used`);
      await gen.locator('#provider').filter({ hasText: 'Offline placeholder' }).waitFor();
    },
  },
  {
    name: 'generate, pick, Save: the image is saved and linked into the document',
    run: async (page, h) => {
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.and(gen.locator('[data-status="complete"]')).waitFor();
      await run.locator('.result[data-index="0"] vscode-checkbox').click();
      await gen.locator('#save').click();
      await gen.locator('.notice').filter({ hasText: 'linked them in docs/guide.md' }).waitFor();
      const [saved] = await gen.locator('.saved-link').allInnerTexts();
      if (!saved) throw new Error('no saved file listed');
      await h.waitForFile(saved);
      if (!existsSync(join(h.workspace, `${saved}.json`))) throw new Error(`${saved}.json (sidecar) is missing`);
      const sidecar = JSON.parse(readFileSync(join(h.workspace, `${saved}.json`), 'utf8')) as Record<string, unknown>;
      if (!JSON.stringify(sidecar).includes('docs/guide.md')) throw new Error(`the sidecar does not name the source document: ${JSON.stringify(sidecar).slice(0, 300)}`);
      // The link is an edit in the document (undoable); show its editor and find the link, relative to docs/.
      await page.locator('.tab').filter({ hasText: 'guide.md' }).click();
      await page.locator('.editor-instance .view-lines').filter({ hasText: `](../${saved})` }).waitFor();
      h.say(`linked ${saved} into docs/guide.md`);
    },
  },
];
