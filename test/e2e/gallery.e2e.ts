// The gallery in the real VS Code: assets on disk appear without refresh (none from files.exclude, node_modules or
// .git, and a link loop is not followed), a corrupt sidecar is skipped, search
// finds a word of a prompt and hides the others, a click opens the details, a filter from the filter menu shows as a
// removable chip, the context menu is VS Code's own (the workbench's menu, not the page's) and its Remix opens the
// Generate panel with the prompt, delete removes
// image and sidecar, rename with F2 refuses a taken name and moves the sidecar with the image. Takes media/screenshots/gallery.png for the README (PIXELSMITH_SCREENSHOTS=1).
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { buildSidecar, serializeSidecar } from '../../src/core/sidecar';
import { contextMenu, gallery } from './gallerySupport';
import type { E2EHelpers, E2EStep } from './index';

/** A small PNG with a colour gradient, and its sidecar, written into the workspace. */
function writeAsset(h: E2EHelpers, rel: string, prompt: string, hue: number, createdAt: string): void {
  const w = 96;
  const rgba = new Uint8Array(w * w * 4);
  for (let i = 0; i < w * w; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    rgba.set([(hue + x * 2) % 256, (hue * 3 + y * 2) % 256, (255 - hue + x + y) % 256, 255], i * 4);
  }
  const png = encodePng(rgba, w, w);
  const file = join(h.workspace, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  const sidecar = buildSidecar({
    request: { prompt, provider: 'offline', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', n: 1, preset: 'illustration' },
    image: { index: 0, sha256: sha256(png), width: w, height: w, format: 'png', bytes: png.byteLength, contentCredentials: false },
    generationId: '20260101-120000-abcdef', createdAt, costUsd: 0.011,
  });
  writeFileSync(file, png);
  writeFileSync(`${file}.json`, serializeSidecar(sidecar));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  // A webview that is still loading (its frame navigates) makes a check throw: that is "not yet", not a failure.
  for (const end = Date.now() + timeoutMs; !(await check().catch(() => false)); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
  }
}


/** Right-click a tile and choose an item of the menu that opens: VS Code's own (in the workbench, not the page). */
const tileNames = async (h: E2EHelpers) => (await gallery(h)).locator('.tile .caption').allInnerTexts();

export const settings = { 'files.exclude': { '**/.git': true, '**/drafts': true, '**/*.tmp.png': true } };

export const steps: E2EStep[] = [
  {
    name: 'assets on disk show in the gallery; a corrupt sidecar is skipped',
    run: async (_page, h) => {
      writeAsset(h, 'assets/illustrations/mountain-lake.png', 'A calm mountain lake at sunrise, watercolor', 20, '2026-01-03T10:00:00Z');
      writeAsset(h, 'assets/illustrations/city-night.png', 'Neon city street at night in the rain', 120, '2026-01-02T10:00:00Z');
      writeAsset(h, 'assets/icons/rocket.png', 'Flat rocket icon, orange and teal', 200, '2026-01-01T10:00:00Z');
      writeAsset(h, 'assets/icons/corrupt.png', 'corrupt one', 60, '2026-01-01T10:00:00Z');
      writeFileSync(join(h.workspace, 'assets/icons/corrupt.png.json'), '{"schemaVersion": 1, "prompt": ');
      // Newer assets where the gallery must not look: files.exclude, dependencies, git; and a link loop to the root.
      writeAsset(h, 'drafts/hidden-draft.png', 'excluded by files.exclude', 10, '2026-02-01T10:00:00Z');
      writeAsset(h, 'assets/scratch.tmp.png', 'excluded by files.exclude', 10, '2026-02-01T10:00:00Z');
      writeAsset(h, 'node_modules/pkg/hidden-dependency.png', 'in node_modules', 10, '2026-02-01T10:00:00Z');
      writeAsset(h, '.git/hidden-git.png', 'in .git', 10, '2026-02-01T10:00:00Z');
      symlinkSync(h.workspace, join(h.workspace, 'assets/loop'), 'dir');
      await h.runCommand('Pixelsmith: Open Gallery');
      await until('three tiles show', async () => (await tileNames(h)).length === 3);
      const names = await tileNames(h);
      if (JSON.stringify(names) !== JSON.stringify(['mountain-lake.png', 'city-night.png', 'rocket.png'])) throw new Error(`tiles: ${names.join(', ')}`);
    },
  },
  {
    name: 'a file added on disk appears without refresh',
    run: async (_page, h) => {
      writeAsset(h, 'docs/images/lighthouse.png', 'A lighthouse on a cliff in a storm', 300, '2026-01-04T10:00:00Z');
      await until('the new asset shows', async () => (await tileNames(h)).includes('lighthouse.png'));
      const first = (await tileNames(h))[0];
      if (first !== 'lighthouse.png') throw new Error(`newest first expected, got ${first}`);
    },
  },
  {
    name: 'searching a word of the prompt finds it and hides the others',
    run: async (_page, h) => {
      const g = await gallery(h);
      await g.locator('vscode-textfield.search input').fill('storm');
      await until('only the lighthouse is left', async () => JSON.stringify(await tileNames(h)) === '["lighthouse.png"]');
      await g.locator('.count').filter({ hasText: '1 of 4' }).waitFor();
      await g.locator('vscode-textfield.search input').fill('');
      await until('all four are back', async () => (await tileNames(h)).length === 4);
      await g.locator('.tile', { hasText: 'mountain-lake.png' }).click();
      await g.locator('.details .prompt', { hasText: 'calm mountain lake' }).waitFor();
      await g.locator('.details vscode-icon[label="Close details"]').click();
      await g.locator('.grid').press(' ');
      await g.locator('.details .prompt', { hasText: 'calm mountain lake' }).waitFor();
      await h.screenshot('gallery');
    },
  },
  {
    name: 'the filter menu narrows to a folder; the filter shows as a chip that removes it',
    run: async (page, h) => {
      const g = await gallery(h);
      await g.locator('.filter-button').click();
      await h.pickQuickItem('assets/icons');
      await until('only the rocket is left', async () => JSON.stringify(await tileNames(h)) === '["rocket.png"]');
      await g.locator('.chip', { hasText: 'Folder: assets/icons' }).click();
      await until('all four are back', async () => (await tileNames(h)).length === 4);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: "the context menu is VS Code's own: the page draws none, the workbench shows the asset actions",
    run: async (page, h) => {
      const g = await gallery(h);
      await g.locator('.tile', { hasText: 'city-night.png' }).click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor();
      const items = await menu.getByRole('menuitem').allInnerTexts();
      for (const want of ['Open', 'Reveal in Explorer', 'Copy Markdown Link', 'Remix', 'Edit with Mask', 'Delete…']) {
        if (!items.some((i) => i.includes(want))) throw new Error(`the native menu lacks ${want}: ${items.join(' | ')}`);
      }
      if (items.some((i) => /^(Cut|Copy|Paste)$/.test(i.trim()))) throw new Error(`the default Cut/Copy/Paste items show: ${items.join(' | ')}`);
      if (await g.locator('.menu').count()) throw new Error('the page drew its own menu');
      await h.screenshot('gallery-context-menu');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'remix opens the Generate panel with the prompt',
    run: async (page, h) => {
      await contextMenu(h, 'city-night.png', 'Remix');
      await page.locator('.tab .label-name', { hasText: /Generate/ }).first().waitFor();
      const panel = await h.webview(/Generate/);
      await until('the prompt is in the panel', async () => {
        const values = await panel.locator('textarea, vscode-textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value?: string }).value ?? ''));
        return values.some((v) => v.includes('Neon city street at night in the rain'));
      });
    },
  },
  {
    name: 'edit opens the Generate panel with the image as the reference and the mask editor',
    run: async (_page, h) => {
      await h.runCommand('Pixelsmith: Open Gallery');
      await contextMenu(h, 'lighthouse.png', 'Edit with Mask');
      const panel = await h.webview(/Generate/, { has: '.references .thumb' });
      await panel.locator('.references .thumb .badge', { hasText: 'mask' }).waitFor();
      await panel.locator('.mask-canvas').waitFor();
      const names = await panel.locator('.references .thumb vscode-button.remove').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      if (names.length !== 1 || !names[0]?.includes('lighthouse.png')) throw new Error(`expected lighthouse.png as the only reference, got ${JSON.stringify(names)}`);
    },
  },
  {
    name: 'delete moves the image and its sidecar out of the workspace',
    run: async (page, h) => {
      await h.runCommand('Pixelsmith: Open Gallery');
      const g = await gallery(h);
      await g.locator('.tile', { hasText: 'rocket.png' }).click();
      await g.locator('.grid').press('Delete');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.getByRole('button', { name: 'Move to Trash' }).click();
      // A server without a trash asks once more before deleting permanently.
      const permanent = dialog.getByRole('button', { name: 'Delete Permanently' });
      await until('the files are gone', async () => {
        if (await permanent.isVisible().catch(() => false)) await permanent.click();
        return !existsSync(join(h.workspace, 'assets/icons/rocket.png')) && !existsSync(join(h.workspace, 'assets/icons/rocket.png.json'));
      });
      await until('the tile is gone', async () => !(await tileNames(h)).includes('rocket.png'));
    },
  },
  {
    name: 'rename with F2 refuses a taken name, then renames the image and its sidecar',
    run: async (page, h) => {
      await h.runCommand('Pixelsmith: Open Gallery');
      const g = await gallery(h);
      await g.locator('.tile', { hasText: 'mountain-lake.png' }).click();
      await g.locator('.grid').press('F2');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('city-night');
      await page.locator('.quick-input-widget', { hasText: 'city-night.png already exists' }).waitFor();
      await input.fill('alpine-lake');
      await until('the taken-name warning is gone', async () => !(await page.locator('.quick-input-widget', { hasText: 'already exists' }).isVisible()));
      await input.press('Enter');
      const dir = join(h.workspace, 'assets/illustrations');
      await until('image and sidecar are renamed', async () =>
        existsSync(join(dir, 'alpine-lake.png')) && existsSync(join(dir, 'alpine-lake.png.json')) &&
        !existsSync(join(dir, 'mountain-lake.png')) && !existsSync(join(dir, 'mountain-lake.png.json')));
      await until('the tile has the new name', async () => {
        const names = await tileNames(h);
        return names.includes('alpine-lake.png') && !names.includes('mountain-lake.png');
      });
      await g.locator('vscode-textfield.search input').fill('calm mountain');
      await until('its prompt still finds it', async () => JSON.stringify(await tileNames(h)) === '["alpine-lake.png"]');
    },
  },
];
