// The Generate panel end to end against the fake OpenAI provider: prompt, preset, n=4, results, pick two, save
// (files and sidecars byte-equal to what was served); screenshots in dark and light themes for the README.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { E2EStep } from './index';
import { choose, fakeOf, openGenerate, sha256, until, useFakeProvider } from './generateSupport';

// The key comes from the environment (as a user's OPENAI_API_KEY would); the base URL is set per session below.
export const env = { OPENAI_API_KEY: 'sk-test-e2e-generate' };

let gen: FrameLocator;

export const steps: E2EStep[] = [
  {
    name: 'the panel opens with OpenAI (key from the environment) pointed at the fake provider',
    run: async (_page, h) => {
      await useFakeProvider(h);
      gen = await openGenerate(h);
      await until('the provider select shows OpenAI', async () => (await gen.locator('#provider').evaluate((e) => (e as unknown as { value: string }).value)) === 'openai');
    },
  },
  {
    name: 'prompt, Illustration preset and 4 images give four results',
    run: async (_page, h) => {
      fakeOf(h).reset();
      await gen.locator('#prompt textarea').fill('A lighthouse on a cliff at dusk, flat vector illustration');
      await choose(gen, 'preset', 'Illustration');
      await choose(gen, 'count', '4');
      await gen.locator('#cost').filter({ hasText: /Estimated \$[\d.]+ for 4 images/ }).waitFor();
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.locator('.result').nth(3).waitFor();
      await run.and(gen.locator('[data-status="complete"]')).waitFor();
      const fake = fakeOf(h);
      if (fake.served.length !== 4) throw new Error(`the fake served ${fake.served.length} images, expected 4`);
      const sizes = fake.requests.map((r) => (r.json as { size?: string } | undefined)?.size);
      if (!sizes.every((s) => s === '1536x1024')) throw new Error(`the Illustration preset should ask for 1536x1024, asked ${sizes.join(', ')}`);
      const alts = await run.locator('.result img').evaluateAll((imgs) => imgs.map((i) => (i as unknown as { alt: string }).alt));
      if (!alts.every((a) => a.startsWith('A lighthouse'))) throw new Error(`results need alt text from the prompt, got ${alts.join(' | ')}`);
    },
  },
  {
    name: 'picking two and saving writes two files and sidecars, byte-equal to what was served',
    run: async (_page, h) => {
      const run = gen.locator('.run').first();
      await run.locator('.result[data-index="0"] vscode-checkbox').click();
      await run.locator('.result[data-index="2"] vscode-checkbox').click();
      await gen.locator('#save').filter({ hasText: 'Save 2 picked' }).click();
      await gen.locator('.notice').filter({ hasText: 'Saved 2 image(s)' }).waitFor();
      const paths = await gen.locator('.saved-link').allInnerTexts();
      if (paths.length !== 2) throw new Error(`expected 2 saved links, got ${paths.join(', ')}`);
      const served = new Set(fakeOf(h).served.map((s) => s.sha256));
      for (const p of paths) {
        if (!p.startsWith('assets/illustrations/')) throw new Error(`saved to ${p}, expected the Illustration folder`);
        const file = await h.waitForFile(p);
        const bytes = readFileSync(file);
        if (!served.has(sha256(bytes))) throw new Error(`${p} is not byte-equal to any image the fake served`);
        const sidecar = join(h.workspace, `${p}.json`);
        if (!existsSync(sidecar)) throw new Error(`${p}.json (sidecar) is missing`);
        const meta = JSON.parse(readFileSync(sidecar, 'utf8')) as { prompt?: string; sha256?: string; model?: string };
        if (meta.sha256 !== sha256(bytes)) throw new Error(`${p}.json has sha256 ${meta.sha256}, the file has ${sha256(bytes)}`);
        if (!meta.prompt?.startsWith('A lighthouse')) throw new Error(`${p}.json has prompt ${meta.prompt}`);
      }
      h.say(`saved ${paths.join(', ')}`);
    },
  },
  {
    name: 'screenshots in dark and light themes',
    run: async (page, h) => {
      await page.keyboard.press('Escape');
      await h.screenshot('generate-dark');
      await h.setTheme('Default Light Modern');
      await page.locator('.monaco-workbench.vs').waitFor();
      gen = await h.webview(/Generate/, { has: 'ps-generate' });
      await gen.locator('.run .result').first().waitFor();
      await h.screenshot('generate-light');
    },
  },
];
