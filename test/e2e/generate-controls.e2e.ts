// The Generate panel's model-specific controls against the fake OpenAI provider: complexity and the GIF options show
// for gpt-image-2.6 and reach the request, they are gone for gpt-image-2, and markup drawn over the first reference
// with gpt-image-2.5 is uploaded as the edit's transparent `markup` part.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { decodePng } from '../../src/core/imaging/png-decode';
import type { E2EStep } from './index';
import { choose, fakeOf, historyDir, openGenerate, sha256, until, useFakeProvider } from './generateSupport';

export const env = { OPENAI_API_KEY: 'sk-test-e2e-controls' };

let gen: FrameLocator;
const value = (id: string) => gen.locator(`#${id}`).evaluate((e) => (e as unknown as { value: string }).value);
const shown = (id: string) => gen.locator(`#${id}`).count().then((n) => n > 0);

/**
 * Generate, answering the cost question when one is asked (gpt-image-2.5 and 2.6 have no published price per image,
 * so it is asked): whichever comes first, the question or the run for `prompt` (a run appears only once the cost is
 * accepted). No fixed wait: on a loaded machine the question came after 5 s and the test waited for a run forever.
 */
async function generate(page: Page, prompt: string): Promise<void> {
  await gen.locator('#generate').click();
  const dialog = page.locator('.monaco-dialog-box');
  const run = gen.locator('.run').filter({ hasText: prompt }).first();
  const first = await Promise.race([
    dialog.waitFor({ timeout: 60_000 }).then(() => 'question' as const, () => undefined),
    run.waitFor({ timeout: 60_000 }).then(() => 'run' as const, () => undefined),
  ]);
  if (first === 'question') await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  else if (first === undefined) throw new Error(`neither the cost question nor a run for "${prompt}" appeared`);
}

export const steps: E2EStep[] = [
  {
    name: 'gpt-image-2 shows no complexity, GIF or SVG options',
    run: async (_page, h) => {
      await useFakeProvider(h);
      gen = await openGenerate(h);
      await until('the provider select shows OpenAI', async () => (await value('provider')) === 'openai');
      await choose(gen, 'model', 'GPT Image 2');
      for (const id of ['complexity', 'gifFrames', 'gifFrameDurationMs', 'svgModel']) if (await shown(id)) throw new Error(`#${id} shows for gpt-image-2`);
      // GIF is listed, marked as not for this model.
      await gen.locator('#format').click();
      await gen.locator('#format').getByRole('option', { name: 'GIF (not with gpt-image-2)', exact: true }).waitFor();
      await h.page.keyboard.press('Escape');
    },
  },
  {
    name: 'gpt-image-2.6 shows complexity and, with GIF, frames and frame duration; they reach the request',
    run: async (page, h) => {
      fakeOf(h).reset();
      await choose(gen, 'model', 'GPT Image 2.6 Sunburst');
      await gen.locator('#complexity').waitFor();
      if (await shown('gifFrames')) throw new Error('GIF frames show before GIF is chosen');
      await choose(gen, 'format', 'GIF');
      await gen.locator('#gifFrames').waitFor();
      await gen.locator('#gifFrameDurationMs').waitFor();
      await choose(gen, 'complexity', 'high');
      await gen.locator('#gifFrames input').fill('4');
      await gen.locator('#gifFrameDurationMs input').fill('120');
      await gen.locator('#prompt textarea').fill('A spinning paper star, looping animation');
      await generate(page, 'A spinning paper star, looping animation');
      // A 1024×1024 GIF takes the fake a while to encode on a loaded machine: wait for it (not a timing assertion).
      await gen.locator('.run').first().and(gen.locator('[data-status="complete"]')).waitFor({ timeout: 180_000 });
      const body = fakeOf(h).requests.map((r) => r.json as Record<string, unknown> | undefined).find((j) => j?.output_format === 'gif');
      if (!body) throw new Error('no GIF request reached the fake');
      const got = [body.model, body.complexity, body.frame_count, body.frame_duration_ms].join(' ');
      if (got !== 'gpt-image-2.6-sunburst high 4 120') throw new Error(`the request carried ${got}`);
    },
  },
  {
    name: 'back on gpt-image-2 the options are gone again',
    run: async () => {
      await choose(gen, 'format', 'PNG');
      await choose(gen, 'model', 'GPT Image 2');
      await until('complexity hides', async () => !(await shown('complexity')));
      if (await shown('gifFrames')) throw new Error('GIF frames still show');
    },
  },
  {
    name: 'gpt-image-2.5: markup drawn over the first reference is uploaded as a transparent PNG of its size',
    run: async (page, h) => {
      const fake = fakeOf(h);
      await choose(gen, 'model', 'GPT Image 2.5 Sunburst');
      await gen.locator('#prompt textarea').fill('A harbour with three boats');
      await generate(page, 'A harbour with three boats');
      await gen.locator('.run').first().filter({ hasText: 'three boats' }).and(gen.locator('[data-status="complete"]')).waitFor();
      await gen.locator('.run').first().locator('.result[data-index="0"] .act-reference').click();
      await gen.locator('.thumb img').first().waitFor();
      if (await shown('mask-toggle') && !(await shown('markup-toggle'))) throw new Error('no "Draw markup" switch for gpt-image-2.5');
      await gen.locator('#markup-toggle').click();
      const canvas = gen.locator('#markup-editor canvas.mask-canvas');
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      if (!box) throw new Error('the markup canvas has no box');
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
      await page.mouse.up();
      fake.reset();
      await gen.locator('#prompt textarea').fill('Make the circled boat red');
      await generate(page, 'Make the circled boat red');
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'circled boat' }).and(gen.locator('[data-status="complete"]')).waitFor();
      const edit = fake.requests.find((r) => r.route === 'openai.edit');
      const part = edit?.files?.find((f) => f.field === 'markup');
      if (!part || part.contentType !== 'image/png') throw new Error(`no markup PNG in the edit (${(edit?.files ?? []).map((f) => f.field).join(', ')})`);
      if (edit!.files!.some((f) => f.field === 'mask')) throw new Error('a mask was sent with the markup');
      const dir = join(historyDir(h), (await run.getAttribute('data-generation'))!);
      const record = JSON.parse(readFileSync(join(dir, 'generation.json'), 'utf8')) as { request: { markup?: { file: string; sha256: string } } };
      const bytes = readFileSync(join(dir, record.request.markup!.file));
      if (sha256(bytes) !== part.sha256) throw new Error('the markup kept in the history is not the one uploaded');
      const img = decodePng(bytes);
      if (img.width !== 1024 || img.height !== 1024) throw new Error(`markup ${img.width}x${img.height}, expected the reference's 1024x1024`);
      let marked = 0;
      for (let i = 3; i < img.rgba.length; i += 4) if (img.rgba[i] === 255) marked++;
      const share = marked / (img.width * img.height);
      if (share === 0 || share > 0.2) throw new Error(`${(share * 100).toFixed(1)}% of the markup is opaque; expected a stroke on a transparent overlay`);
    },
  },
];

steps.push({
  name: 'Save web copy on a result saves it, then writes <name>.<width>w.webp beside it',
  run: async (_page, h) => {
    const run = gen.locator('.run').first();
    await run.locator('.result[data-index="0"] .act-web-copy').click();
    const notice = gen.locator('.notice').filter({ hasText: /^Saved .+\.png; writing its web copy/ });
    await notice.waitFor();
    const saved = /^Saved (.+\.png);/.exec(await notice.innerText())![1]!;
    await h.waitForFile(saved.replace(/\.png$/, '.1024w.webp'), 60_000);
  },
});
