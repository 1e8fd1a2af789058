// Spend in the status bar: hidden before anything was paid for; a paid generation against the fake OpenAI
// provider (from the Generate panel) makes it appear with that generation's actual cost; its click opens the report.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatUsd } from '../../src/core/cost';
import type { E2EStep } from './index';
import { choose, historyDir, openGenerate, until, useFakeProvider } from './generateSupport';

export const env = { OPENAI_API_KEY: 'sk-test-e2e-spend' };

/** The spend item, found by its accessible name (`Pixelsmith: $0.05 spent this month`). */
const spendItem = (h: Parameters<E2EStep['run']>[1]) => h.page.locator('.statusbar-item[aria-label^="Pixelsmith: "][aria-label$="spent this month"]');

export const steps: E2EStep[] = [
  {
    name: 'no paid generation yet: no spend in the status bar',
    run: async (_page, h) => {
      await useFakeProvider(h);
      await h.page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor();
      // The extension is activated at startup (onStartupFinished) and has read the (empty) history by now.
      await h.runCommand('Pixelsmith: Show Spend');
      await h.page.locator('.tab .label-name', { hasText: 'Pixelsmith Spend' }).first().waitFor();
      if (await spendItem(h).count()) throw new Error('the spend item shows before anything was paid for');
      await h.runCommand('View: Close Editor');
    },
  },
  {
    name: 'a paid generation makes the item appear with its actual cost; its click opens the report',
    run: async (_page, h) => {
      const gen = await openGenerate(h);
      await until('the provider select shows OpenAI', async () => (await gen.locator('#provider').evaluate((e) => (e as unknown as { value: string }).value)) === 'openai');
      await gen.locator('#prompt textarea').fill('A brass coin with a lighthouse, for the spend e2e');
      await choose(gen, 'count', '1');
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.and(gen.locator('[data-status="complete"]')).waitFor();
      const id = await run.getAttribute('data-generation');
      const record = JSON.parse(readFileSync(join(historyDir(h), id!, 'generation.json'), 'utf8')) as { costUsd: number | null; usage?: unknown };
      if (typeof record.costUsd !== 'number' || record.costUsd <= 0 || !record.usage) throw new Error(`expected a paid generation with usage, got ${JSON.stringify(record)}`);
      const cost = formatUsd(record.costUsd);
      const item = spendItem(h);
      await item.filter({ hasText: cost }).waitFor({ timeout: 20_000 });
      const label = await item.getAttribute('aria-label');
      if (label !== `Pixelsmith: ${cost} spent this month`) throw new Error(`status bar item says "${label}", expected ${cost}`);
      h.say(`status bar: ${await item.innerText()} (record: ${record.costUsd})`);
      await item.hover();
      await h.page.locator('.monaco-hover').filter({ hasText: 'Pixelsmith spend' }).waitFor();
      await h.screenshot('spend-status-bar', h.page.locator('.monaco-workbench'));
      await item.click();
      await h.page.locator('.tab .label-name', { hasText: 'Pixelsmith Spend' }).first().waitFor();
      const ids = readdirSync(historyDir(h)).filter((n) => /^\d{8}-/.test(n));
      if (ids.length !== 1) throw new Error(`expected one generation in the history, found ${ids.length}`);
    },
  },
];
