// Illustrate Markdown through the Generate panel (offline placeholder provider, no key): the panel opens on the
// Illustration preset with a drafted prompt and says where the link goes; Save writes the image and inserts
// a relative link into the document.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { E2EHelpers, E2EStep } from './index';

let gen: FrameLocator;

/** Write a markdown document into docs/ and open it from the Explorer in the active editor group (Quick Open's index lags new files). */
async function openDoc(h: E2EHelpers, name: string, title: string, body: string): Promise<void> {
  const file = join(h.workspace, 'docs', name);
  if (!existsSync(file)) writeFileSync(file, `# ${title}\n\n${body}\n`);
  await h.page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: name }).first().click();
  await h.page.locator('.tab.active').filter({ hasText: name }).waitFor();
}

/** Illustrate Markdown… from the palette; the panel must show this document's draft and banner, not the previous one. */
async function illustrateShowsDraft(h: E2EHelpers, doc: string, word: RegExp): Promise<void> {
  await h.runCommand('Pixelsmith: Illustrate Markdown…');
  gen = await h.webview(/Generate/, { has: 'ps-generate #generate' });
  await gen.locator('.target-banner').filter({ hasText: `docs/${doc}` }).waitFor();
  const prompt = await gen.locator('#prompt textarea').inputValue();
  if (!word.test(prompt)) throw new Error(`the panel shows ${JSON.stringify(prompt)}, not the draft from docs/${doc}`);
}

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
      await gen.locator('.notice').filter({ hasText: 'linked it in docs/guide.md' }).waitFor();
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
  {
    name: 'panel open but hidden behind the editor: Illustrate Markdown… brings it forward with the new draft and banner',
    run: async (page, h) => {
      // The previous step left the document in front: bring the panel back and give it another prompt first.
      await page.locator('.tab').filter({ hasText: 'Pixelsmith: Generate' }).click();
      gen = await h.webview(/Generate/, { has: 'ps-generate #generate' });
      await gen.locator('#prompt textarea').fill('an unrelated earlier prompt');
      await openDoc(h, 'night-sky.md', 'Aurora over the harbour', 'The aurora borealis glows green above the harbour at night.');
      if ((await h.page.locator('.tab.active').innerText()).includes('Generate')) throw new Error('the panel is still in front');
      await illustrateShowsDraft(h, 'night-sky.md', /aurora/i);
    },
  },
  {
    name: 'panel visible in another group: the new draft and banner reach the live page',
    run: async (page, h) => {
      await h.runCommand('View: Move Editor into Right Group');
      await h.runCommand('View: Focus First Editor Group');
      await openDoc(h, 'tides.md', 'Tide tables', 'Spring tides and neap tides follow the phases of the moon.');
      if ((await page.locator('.editor-group-container').count()) < 2) throw new Error('the panel did not move to a second group');
      await illustrateShowsDraft(h, 'tides.md', /tide/i);
    },
  },
  {
    name: 'panel closed: Illustrate Markdown… opens it with the draft and banner',
    run: async (_page, h) => {
      await h.runCommand('View: Close All Editor Groups');
      await h.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
      await openDoc(h, 'night-sky.md', 'Aurora over the harbour', '');
      await illustrateShowsDraft(h, 'night-sky.md', /aurora/i);
    },
  },
];
