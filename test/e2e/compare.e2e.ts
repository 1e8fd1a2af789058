// Compare Models in the Generate panel against the fake's OpenAI, Black Forest Labs and Gemini protocols: three
// models side by side, one cost confirmation for the sum, each column with its time to first image, total time and
// cost; one image picked from each column and saved (files and sidecars byte-equal to what was served). Takes
// media/screenshots/compare.png for the README (PIXELSMITH_SCREENSHOTS=1).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { E2EStep } from './index';
import { fakeOf, sha256, until } from './generateSupport';

export const env = { OPENAI_API_KEY: 'sk-test-e2e-compare', BFL_API_KEY: 'bfl-test-e2e-compare', GEMINI_API_KEY: 'AIza-test-e2e-compare' };

const MODELS = ['gpt-image-2', 'flux-2-pro', 'gemini-3.1-flash-image'];
let gen: FrameLocator;

export const steps: E2EStep[] = [
  {
    name: 'Compare Models… opens the comparison with three configured providers\' models',
    run: async (_page, h) => {
      const fake = fakeOf(h);
      const dir = join(h.out, '..', 'user-data', 'Machine');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({
        'pixelsmith.openai.baseUrl': fake.openaiBaseUrl, 'pixelsmith.bfl.baseUrl': fake.bflBaseUrl, 'pixelsmith.gemini.baseUrl': fake.url,
      }, null, 2));
      await h.reloadWindow();
      await h.page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor();
      await h.runCommand('Pixelsmith: Compare Models…');
      gen = await h.webview(/Generate/, { has: 'ps-generate' });
      await gen.locator('#compare-run').filter({ hasText: 'Compare 3 models' }).waitFor();
      await until('the three models are chosen', async () => {
        const values = await Promise.all([0, 1, 2].map((i) => gen.locator(`#compare-model-${i}`).evaluate((e) => (e as unknown as { value: string }).value)));
        return values.join() === MODELS.join();
      });
    },
  },
  {
    name: 'one cost confirmation for the sum; three columns side by side with time to first image, total time and cost',
    run: async (page, h) => {
      fakeOf(h).reset();
      await gen.locator('#prompt textarea').fill('A lighthouse on a cliff at dusk, flat vector illustration');
      await gen.locator('#compare-run').click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: 'Compare 3 models' }).waitFor();
      await dialog.getByRole('button', { name: 'Generate' }).click();
      const columns = gen.locator('.comparison').first().locator('.compare-column');
      await until('three columns', async () => (await columns.count()) === 3);
      for (let i = 0; i < 3; i++) {
        const col = columns.nth(i);
        await col.and(gen.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
        if ((await col.getAttribute('data-model')) !== MODELS[i]) throw new Error(`column ${i} is ${await col.getAttribute('data-model')}, expected ${MODELS[i]}`);
        const stats = await col.locator('.compare-stats').innerText();
        if (!/First image \d+\.\d s · Total \d+\.\d s · \$\d+\.\d+/.test(stats)) throw new Error(`column ${i} stats: ${stats}`);
      }
      const fake = fakeOf(h);
      const routes = new Set<string>(fake.requests.map((r) => String(r.route)));
      for (const r of ['openai.generate', 'bfl.submit', 'gemini.generate']) if (!routes.has(r)) throw new Error(`the fake got no ${r}: ${[...routes].join(', ')}`);
      if (await page.locator('.monaco-dialog-box').count()) throw new Error('a second cost question appeared');
    },
  },
  {
    name: 'one image picked from each column and saved, byte-equal to what was served',
    run: async (_page, h) => {
      const grid = gen.locator('.comparison').first().locator('.compare-grid.cols-3');
      const tops = await grid.locator('.compare-column').evaluateAll((cols) => cols.map((c) => Math.round(c.getBoundingClientRect().top)));
      if (new Set(tops).size !== 1) throw new Error(`the columns are not side by side (tops ${tops.join(', ')})`);
      await h.screenshot('compare', gen.locator('ps-compare'));
      const columns = gen.locator('.comparison').first().locator('.compare-column');
      for (let i = 0; i < 3; i++) await columns.nth(i).locator('.result[data-index="0"] vscode-checkbox').click();
      await gen.locator('#save').filter({ hasText: 'Save 3 picked' }).click();
      await gen.locator('.notice').filter({ hasText: 'Saved 3 images.' }).waitFor();
      const paths = await gen.locator('.saved-link').allInnerTexts();
      if (paths.length !== 3) throw new Error(`expected 3 saved links, got ${paths.join(', ')}`);
      const served = new Set(fakeOf(h).served.map((s) => s.sha256));
      const models = new Set<string>();
      for (const p of paths) {
        const file = await h.waitForFile(p);
        if (!served.has(sha256(readFileSync(file)))) throw new Error(`${p} is not byte-equal to any image the fake served`);
        const sidecar = JSON.parse(readFileSync(await h.waitForFile(`${p}.json`), 'utf8')) as { model: string };
        models.add(sidecar.model);
      }
      if ([...models].sort().join() !== [...MODELS].sort().join()) throw new Error(`saved ${[...models].join(', ')}, expected one of each model`);
    },
  },
];
