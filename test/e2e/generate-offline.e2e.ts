// The Generate panel with no key (offline placeholder provider): the Icon preset's transparent PNG (and its note on
// the model switch), a comic sequence of frames, outpainting (a reference grown on one side, with its mask) recorded
// as sent, and Ctrl+S saving the picked result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { decodePng } from '../../src/core/imaging/png-decode';
import type { E2EStep } from './index';
import { choose, historyDir, openGenerate } from './generateSupport';

let gen: FrameLocator;
const value = (id: string) => gen.locator(`#${id}`).evaluate((e) => (e as unknown as { value: string }).value);

async function record(h: Parameters<E2EStep['run']>[1], run: ReturnType<FrameLocator['locator']>): Promise<{ dir: string; json: { request: { size: string; references?: { file: string }[]; mask?: { file: string } } } }> {
  const id = await run.getAttribute('data-generation');
  const dir = join(historyDir(h), id!);
  return { dir, json: JSON.parse(readFileSync(join(dir, 'generation.json'), 'utf8')) };
}

export const steps: E2EStep[] = [
  {
    name: 'Icon preset: a model that makes transparent backgrounds, PNG, and a transparent result',
    run: async (_page, h) => {
      gen = await openGenerate(h);
      await gen.locator('#provider').filter({ hasText: 'Offline placeholder' }).waitFor();
      await gen.locator('#prompt textarea').fill('A paper plane app icon');
      await choose(gen, 'preset', 'Icon');
      const [model, background, format, size] = [await value('model'), await value('background'), await value('format'), await value('size')];
      if (model !== 'gpt-image-2.5-sunburst' || background !== 'transparent' || format !== 'png' || size !== '1024x1024') {
        throw new Error(`Icon preset gave model ${model}, background ${background}, format ${format}, size ${size}`);
      }
      // The model switch is said in words under the preset, not only shown in the Model field.
      await gen.locator('#preset-model-note', { hasText: 'makes transparent backgrounds' }).waitFor();
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.and(gen.locator('[data-status="complete"]')).waitFor();
      const { dir } = await record(h, run);
      const icon = decodePng(readFileSync(join(dir, '01.png')));
      let transparent = 0;
      for (let i = 3; i < icon.rgba.length; i += 4) if (icon.rgba[i] === 0) transparent++;
      if (transparent === 0) throw new Error('the icon has no transparent pixels');
    },
  },
  {
    name: 'Comic / storyboard sequence: three frames arrive as one generation',
    run: async () => {
      await choose(gen, 'preset', 'Comic / storyboard sequence');
      if ((await value('model')) !== 'gpt-image-2') throw new Error(`leaving the Icon preset should restore the default model, got ${await value('model')}`);
      if (await gen.locator('#preset-model-note').count()) throw new Error('the model note stays after leaving the Icon preset');
      await choose(gen, 'count', '3');
      await gen.locator('#prompt textarea').fill('A robot learns to paint: frame by frame');
      await gen.locator('#generate').filter({ hasText: 'Generate sequence' }).click();
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'A robot learns' }).and(gen.locator('[data-status="complete"]')).waitFor();
      const n = await run.locator('.result').count();
      if (n !== 3) throw new Error(`${n} frames, expected 3`);
    },
  },
  {
    name: 'outpainting: extend the first reference to the right; the grown canvas and its mask are sent',
    run: async (_page, h) => {
      await choose(gen, 'preset', 'Custom');
      await choose(gen, 'count', '1');
      await gen.locator('.run').first().locator('.result[data-index="0"] .act-reference').click();
      await gen.locator('.thumb img').first().waitFor();
      await gen.locator('#mask-toggle').click();
      const right = gen.locator('.extend vscode-textfield[aria-label^="Extend right"] input');
      await right.fill('256');
      await right.press('Enter');
      // The output size follows the grown canvas (a custom size for gpt-image-2).
      await gen.locator('#width input').waitFor();
      const [w, hgt] = [await gen.locator('#width input').inputValue(), await gen.locator('#height input').inputValue()];
      if (w !== '1280' || hgt !== '1024') throw new Error(`size ${w}x${hgt} after extending 1024x1024 by 256 on the right`);
      await gen.locator('#prompt textarea').fill('The same scene, wider to the right');
      await gen.locator('#generate').click();
      const run = gen.locator('.run').first();
      await run.filter({ hasText: 'wider to the right' }).and(gen.locator('[data-status="complete"]')).waitFor();
      const { dir, json } = await record(h, run);
      if (json.request.size !== '1280x1024') throw new Error(`size ${json.request.size}, expected the grown canvas 1280x1024`);
      const ref = decodePng(readFileSync(join(dir, json.request.references![0]!.file)));
      const mask = decodePng(readFileSync(join(dir, json.request.mask!.file)));
      if (ref.width !== 1280 || ref.height !== 1024 || mask.width !== 1280 || mask.height !== 1024) {
        throw new Error(`reference ${ref.width}x${ref.height}, mask ${mask.width}x${mask.height}; expected both 1280x1024`);
      }
      const alpha = (img: typeof mask, x: number, y: number) => img.rgba[(y * img.width + x) * 4 + 3];
      if (alpha(mask, 1200, 500) !== 0 || alpha(mask, 100, 500) !== 255) throw new Error('the mask should be clear in the new margin and opaque over the original');
      if (alpha(ref, 1200, 500) !== 0 || alpha(ref, 100, 500) !== 255) throw new Error('the grown canvas should be transparent in the margin and keep the original');
    },
  },
  {
    name: 'Ctrl+S in the panel saves the picked result (the pixelsmith.savePicked keybinding)',
    run: async (page) => {
      const run = gen.locator('.run').first();
      await run.locator('.result[data-index="0"] vscode-checkbox').click();
      await gen.locator('#save').filter({ hasText: 'Save 1 picked' }).waitFor();
      await page.keyboard.press('Control+s');
      await gen.locator('.notice').filter({ hasText: 'Saved 1 image.' }).waitFor();
    },
  },
];
