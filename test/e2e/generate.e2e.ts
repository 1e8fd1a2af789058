// The Generate panel end to end against the fake OpenAI provider: prompt, preset, n=4, results, pick two, save
// (files and sidecars byte-equal to what was served); screenshots in dark and light themes for the README.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { E2EStep } from './index';
import { decodePng } from '../../src/core/imaging/png-decode';
import { choose, fakeOf, historyDir, openGenerate, sha256, until, updateUserSettings, useFakeProvider } from './generateSupport';

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
      await gen.locator('.notice').filter({ hasText: 'Saved 2 images.' }).waitFor();
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
    name: 'a result opens large (actual pixels, dimensions, format) and two compare side by side',
    run: async (page) => {
      const run = gen.locator('.run').first();
      await run.locator('.result[data-index="1"] .image-button').click();
      const dialog = gen.locator('dialog.viewer[open]');
      await dialog.locator('figcaption').filter({ hasText: /1536×1024 · PNG · [\d.]+ (KB|MB)/ }).waitFor();
      await dialog.locator('#zoom-actual').click();
      await dialog.locator('.zoom').filter({ hasText: '100%' }).waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await run.locator('.result[data-index="0"] .act-compare').click();
      await run.locator('.result[data-index="3"] .act-compare').click();
      await gen.locator('dialog.viewer[open] .viewer-body.compare figure').nth(1).waitFor();
      await gen.locator('dialog.viewer[open] #viewer-close').click();
      await gen.locator('dialog.viewer[open]').waitFor({ state: 'detached' });
    },
  },
  {
    name: 'screenshots in dark and light themes',
    run: async (page, h) => {
      for (const [theme, name, css] of [['Default Dark Modern', 'generate-dark', 'vs-dark'], ['Default Light Modern', 'generate-light', 'vs']] as const) {
        await updateUserSettings(h, { 'workbench.colorTheme': theme });
        await page.locator(`.monaco-workbench.${css}`).waitFor();
        gen = await h.webview(/Generate/, { has: 'ps-generate' });
        await gen.locator(`body.${css === 'vs' ? 'vscode-light' : 'vscode-dark'}`).waitFor();
        await gen.locator('.run .result').nth(3).waitFor();
        await h.screenshot(name);
      }
    },
  },
  {
    name: 'Cancel mid-generation keeps the images already received',
    run: async (_page, h) => {
      const fake = fakeOf(h);
      fake.reset();
      // Two calls answer, the other two never do: the user cancels while they wait.
      fake.setRules([{ route: 'openai', behaviour: { kind: 'ok' }, times: 2 }, { route: 'openai', behaviour: { kind: 'hang' }, times: 'always' }]);
      await gen.locator('#prompt textarea').fill('A red fox in the snow');
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'A red fox' }).waitFor();
      await run.locator('.result').nth(1).waitFor();
      await run.locator('.cancel').click();
      await run.and(gen.locator('[data-status="cancelled"]')).waitFor();
      const kept = await run.locator('.result').count();
      const cancelled = await run.locator('.pending', { hasText: 'cancelled' }).count();
      if (kept !== 2 || cancelled !== 2) throw new Error(`after cancel: ${kept} results and ${cancelled} cancelled cells, expected 2 and 2`);
      const id = await run.getAttribute('data-generation');
      const record = JSON.parse(readFileSync(join(historyDir(h), id!, 'generation.json'), 'utf8')) as { status: string; images: unknown[] };
      if (record.status !== 'cancelled' || record.images.length !== 2) throw new Error(`history has ${record.status} with ${record.images.length} images`);
      fake.setRules([]);
    },
  },
  {
    name: 'Pixelsmith: Cancel Generation from the command palette stops a run started in the panel; what arrived is kept',
    run: async (_page, h) => {
      const fake = fakeOf(h);
      fake.reset();
      fake.setRules([{ route: 'openai', behaviour: { kind: 'ok' }, times: 1 }, { route: 'openai', behaviour: { kind: 'hang' }, times: 'always' }]);
      await gen.locator('#prompt textarea').fill('A grey heron by the river');
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'A grey heron' }).waitFor();
      await run.locator('.result').first().waitFor();
      await h.runCommand('Pixelsmith: Cancel Generation');
      await run.and(gen.locator('[data-status="cancelled"]')).waitFor();
      const kept = await run.locator('.result').count();
      const id = await run.getAttribute('data-generation');
      const record = JSON.parse(readFileSync(join(historyDir(h), id!, 'generation.json'), 'utf8')) as { status: string; images: unknown[] };
      if (kept !== 1 || record.status !== 'cancelled' || record.images.length !== 1) {
        throw new Error(`after Cancel Generation: ${kept} result(s) shown, history ${record.status} with ${record.images.length} image(s); expected 1, cancelled, 1`);
      }
      fake.setRules([]);
    },
  },
  {
    name: 'an invalid custom size is shown at the field and nothing is sent',
    run: async (_page, h) => {
      const fake = fakeOf(h);
      fake.reset();
      const runsBefore = await gen.locator('.run').count();
      await choose(gen, 'size', 'Custom width × height…');
      await gen.locator('#width input').fill('1000');
      await gen.locator('#height input').fill('1000');
      await gen.locator('#size-error').filter({ hasText: 'multiples of 16' }).waitFor();
      await gen.locator('#use-nearest').waitFor();
      await gen.locator('#generate').click();
      await gen.locator('#size-error').filter({ hasText: 'multiples of 16' }).waitFor();
      if ((await gen.locator('.run').count()) !== runsBefore) throw new Error('a generation started with an invalid size');
      if (fake.requests.length !== 0) throw new Error(`the fake received ${fake.requests.length} request(s) for an invalid size`);
      await choose(gen, 'size', 'Landscape 1536×1024');
      await choose(gen, 'count', '1');
    },
  },
  {
    name: 'a 401 shows how to set the key, at the result',
    run: async (page, h) => {
      const fake = fakeOf(h);
      fake.reset();
      fake.setRules([{ route: 'openai', behaviour: { kind: 'status', status: 401 }, times: 'always' }]);
      await gen.locator('#prompt textarea').fill('A blue whale');
      await gen.locator('#prompt textarea').press('ControlOrMeta+Enter');
      const cell = gen.locator('.run').first().filter({ hasText: 'A blue whale' }).locator('.error-cell');
      await cell.locator('.set-key').waitFor();
      const text = await cell.innerText();
      if (!/key/i.test(text)) throw new Error(`the 401 message does not mention the key: ${text}`);
      await cell.locator('.set-key').click();
      await page.locator('.quick-input-widget').filter({ hasText: 'OpenAI API key' }).waitFor();
      await page.keyboard.press('Escape');
      fake.setRules([]);
    },
  },
  {
    name: 'Edit: the result as reference and a painted mask reach the server in the edit request',
    run: async (page, h) => {
      const fake = fakeOf(h);
      const source = gen.locator('.run[data-status="complete"]').first();
      const sourceId = await source.getAttribute('data-generation');
      const sourceImage = readFileSync(join(historyDir(h), sourceId!, '01.png'));
      fake.reset();
      await source.locator('.result[data-index="0"] .act-edit').click();
      const canvas = gen.locator('ps-mask-editor canvas.mask-canvas');
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      if (!box) throw new Error('the mask canvas is not visible');
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 8 });
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.45, { steps: 8 });
      await page.mouse.up();
      await gen.locator('#prompt textarea').fill('The same lighthouse, with a ship in the painted area');
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'with a ship' }).and(gen.locator('[data-status="complete"]')).waitFor();
      const edit = fake.requests.find((r) => r.route === 'openai.edit');
      if (!edit) throw new Error(`no edit request reached the fake (routes: ${fake.requests.map((r) => r.route).join(', ')})`);
      const image = edit.files?.find((f) => f.field.startsWith('image'));
      const mask = edit.files?.find((f) => f.field === 'mask');
      if (image?.sha256 !== sha256(sourceImage)) throw new Error('the reference sent is not the result it was made from');
      if (!mask || mask.contentType !== 'image/png') throw new Error(`the mask was not sent as a PNG: ${JSON.stringify(mask)}`);
      const id = await run.getAttribute('data-generation');
      const maskBytes = readFileSync(join(historyDir(h), id!, 'mask.png'));
      if (sha256(maskBytes) !== mask.sha256) throw new Error('the mask the server received differs from the one recorded');
      const decoded = decodePng(maskBytes);
      const ref = decodePng(sourceImage);
      if (decoded.width !== ref.width || decoded.height !== ref.height) throw new Error(`mask ${decoded.width}x${decoded.height} for a ${ref.width}x${ref.height} image`);
      let clear = 0;
      for (let i = 3; i < decoded.rgba.length; i += 4) if (decoded.rgba[i] === 0) clear++;
      const share = clear / (decoded.width * decoded.height);
      if (!(share > 0.005 && share < 0.5)) throw new Error(`the painted stroke should clear a small part of the mask, cleared ${(share * 100).toFixed(2)}%`);
      h.say(`mask: ${(share * 100).toFixed(1)}% of the image to change`);
      // Regenerate sends the same reference and the recorded mask again.
      fake.reset();
      await run.locator('.regenerate').click();
      await gen.locator('.run').nth(1).filter({ hasText: 'with a ship' }).waitFor();
      await gen.locator('.run').first().and(gen.locator('[data-status="complete"]')).waitFor();
      const again = fake.requests.find((r) => r.route === 'openai.edit');
      const againMask = again?.files?.find((f) => f.field === 'mask');
      if (againMask?.sha256 !== mask.sha256) throw new Error('Regenerate did not send the same mask');
    },
  },
  {
    name: 'after a window reload the panel comes back with its results (serializer + state)',
    run: async (_page, h) => {
      const before = await gen.locator('.run').count();
      const prompt = await gen.locator('#prompt textarea').inputValue();
      await h.reloadWindow();
      gen = await h.webview(/Generate/, { has: 'ps-generate .run', timeout: 90_000 });
      await gen.locator('.run .result').first().waitFor();
      const after = await gen.locator('.run').count();
      if (after !== before) throw new Error(`${before} generations before the reload, ${after} after`);
      const restored = await gen.locator('#prompt textarea').inputValue();
      if (restored !== prompt) throw new Error(`the prompt was ${JSON.stringify(prompt)}, after the reload ${JSON.stringify(restored)}`);
    },
  },
];
