// Batch mode across a window reload, as a user meets it: a manifest of five OpenAI entries with "batch": true,
// Pixelsmith: Build Assets from the palette sends one batch to the fake's Files and Batch APIs, the window is
// reloaded while the batch runs, and the reloaded window finishes the job on its own — four images saved with
// their sidecars, the line the fake refused reported on its entry (in the batch store), nothing sent twice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredBatch } from '../../src/core/batch/store';
import type { E2EHelpers, E2EStep } from './index';
import { fakeOf, historyDir, until, useFakeProvider } from './generateSupport';

// A slow background check, so the batch is certainly still running when the window reloads (the fake completes
// a batch on its third retrieve: one right after the submit, one when a window starts, then one per check).
export const env = { OPENAI_API_KEY: 'sk-test-e2e-batch', PIXELSMITH_TEST_BATCH_POLL_MS: '45000' };
export const timeout = 420;

const IDS = ['hero', 'empty-state', 'refused', 'avatar', 'footer'];
const OUT = 'batch-e2e';

const storeFile = (h: E2EHelpers) => join(historyDir(h), '..', 'batches', 'batches.json');
const stored = (h: E2EHelpers): StoredBatch[] => (existsSync(storeFile(h)) ? (JSON.parse(readFileSync(storeFile(h), 'utf8')) as { batches: StoredBatch[] }).batches : []);

async function control(h: E2EHelpers, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${fakeOf(h).url}/__control${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`fake control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const requests = async (h: E2EHelpers, route: string) => ((await control(h, `/requests?route=${encodeURIComponent(route)}`)) as { requests: unknown[] }).requests.length;

export const steps: E2EStep[] = [
  {
    name: 'Build Assets sends the five entries as one batch; nothing is generated directly',
    run: async (_page, h) => {
      await useFakeProvider(h);
      writeFileSync(join(h.workspace, 'pixelsmith.assets.json'), JSON.stringify({
        defaults: { provider: 'openai', model: 'gpt-image-2', quality: 'low', size: '1024x1024', folder: OUT, batch: true },
        assets: IDS.map((id) => ({ id, prompt: `the ${id} illustration, flat style`, output: `${id}.png` })),
      }, null, 2));
      // The third line of the batch is refused by moderation; the others are served.
      await control(h, '/rules', { rules: [{ route: 'openai.batch.line', behaviour: { kind: 'ok' }, times: 2 }, { route: 'openai.batch.line', behaviour: { kind: 'moderation' } }] });
      await h.runCommand('Pixelsmith: Build Assets');
      await until('the batch is stored', () => stored(h).length === 1, 60_000);
      const [b] = stored(h);
      if (b!.done || b!.entries.map((e) => e.entryId).join() !== IDS.join()) throw new Error(`unexpected batch: ${JSON.stringify(b)}`);
      if (await requests(h, 'openai.generate')) throw new Error('an entry was generated directly');
      if (IDS.some((id) => existsSync(join(h.workspace, OUT, `${id}.png`)))) throw new Error('an output exists before the batch ended');
      // The status bar says what is pending.
      await h.page.locator('.statusbar-item', { hasText: '5 image(s) in 1 batch(es)' }).first().waitFor({ timeout: 30_000 });
      h.say(`batch ${b!.id}: ${b!.status}, ${b!.entries.length} lines`);
    },
  },
  {
    name: 'reloaded while it runs, the window collects the batch: four saved with sidecars, the refused line reported',
    run: async (_page, h) => {
      if (stored(h)[0]?.done) throw new Error('the batch ended before the reload: the test would not cover a reload');
      await h.reloadWindow();
      await until('the batch has ended and its images are saved', () => stored(h)[0]?.done === true, 240_000);
      const [b] = stored(h);
      const states = b!.entries.map((e) => `${e.entryId}:${e.state}`);
      if (states.join() !== IDS.map((id) => `${id}:${id === 'refused' ? 'failed' : 'saved'}`).join()) throw new Error(`entry states: ${states.join(', ')}`);
      if (!/moderation|safety|refused|blocked/i.test(b!.entries[2]!.error ?? '')) throw new Error(`the refused line's error: ${b!.entries[2]!.error}`);
      for (const id of IDS) {
        const file = join(h.workspace, OUT, `${id}.png`);
        if (id === 'refused') { if (existsSync(file)) throw new Error('the refused entry has an output'); continue; }
        const png = readFileSync(file);
        if (png.subarray(1, 4).toString() !== 'PNG') throw new Error(`${id}.png is not a PNG`);
        const sidecar = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { manifest?: { entry: string }; provider: string; sha256?: string };
        if (sidecar.manifest?.entry !== id || sidecar.provider !== 'openai') throw new Error(`${id}.png.json: ${JSON.stringify(sidecar).slice(0, 200)}`);
      }
      const [uploads, created] = [await requests(h, 'openai.files.create'), await requests(h, 'openai.batches.create')];
      if (uploads !== 1 || created !== 1) throw new Error(`sent ${uploads} uploads and ${created} batches: the reload sent the batch again`);
      await h.page.locator('.statusbar-item', { hasText: 'batch(es)' }).first().waitFor({ state: 'hidden', timeout: 30_000 });
      h.say(`batch ${b!.id}: ${states.join(', ')}`);
    },
  },
];
