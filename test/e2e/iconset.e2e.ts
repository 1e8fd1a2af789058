// Export Icon Set from the gallery in the real VS Code: right-click an asset's tile, Export Icon Set…, leave Web and
// Apple checked in the quick pick (PWA and Android unchecked), give a background colour, and the files of those two
// sets appear on disk beside the image at their exact sizes — and none of the others; the original keeps its bytes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../src/core/history';
import { inspectImage } from '../../src/core/imaging/inspect';
import { encodePng } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { buildSidecar, serializeSidecar } from '../../src/core/sidecar';
import { readIco } from '../integration/support/ico';
import { contextMenu, gallery } from './gallerySupport';
import type { E2EHelpers, E2EStep } from './index';

const SOURCE = 'assets/icons/beacon.png';
const FOLDER = 'assets/icons/beacon-icons';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check().catch(() => false)); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
  }
}

/** A 256² icon: an orange disc on transparent, with its sidecar (the gallery lists assets that have one). */
function writeSource(h: E2EHelpers): Buffer {
  const w = 256;
  const rgba = new Uint8Array(w * w * 4);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) if ((x - 128) ** 2 + (y - 128) ** 2 < 100 ** 2) rgba.set([250, 140, 30, 255], (y * w + x) * 4);
  }
  const png = encodePng(rgba, w, w, { alpha: true });
  const file = join(h.workspace, SOURCE);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, png);
  writeFileSync(`${file}.json`, serializeSidecar(buildSidecar({
    request: { prompt: 'A beacon icon, flat, orange', provider: 'offline', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'transparent', outputFormat: 'png', n: 1, preset: 'icon' },
    image: { index: 0, sha256: sha256(png), width: w, height: w, format: 'png', bytes: png.byteLength, contentCredentials: false },
    generationId: '20260101-120000-iconset', createdAt: '2026-01-01T12:00:00Z', costUsd: 0,
  })));
  return Buffer.from(png);
}

const tileNames = async (h: E2EHelpers) => (await gallery(h)).locator('.tile .caption').allInnerTexts();

let original: Buffer;

export const steps: E2EStep[] = [
  {
    name: 'Export Icon Set… from the tile menu, Web and Apple picked in the quick pick, a background given',
    run: async (page, h) => {
      original = writeSource(h);
      await h.runCommand('Pixelsmith: Open Gallery');
      await until('the icon shows', async () => (await tileNames(h)).includes('beacon.png'));
      await contextMenu(h, 'beacon.png', 'Export Icon Set…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      const rows = page.locator('.quick-input-list .monaco-list-row');
      const row = (set: string) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${set}$`) }) }).first();
      await row('android').waitFor();
      // Every set starts checked: uncheck PWA and Android.
      for (const set of ['pwa', 'android']) {
        await row(set).click();
        await until(`${set} is unchecked`, async () => (await row(set).getAttribute('aria-checked')) === 'false', 5_000);
      }
      for (const set of ['web', 'apple']) {
        const checked = await row(set).getAttribute('aria-checked');
        if (checked !== 'true') throw new Error(`${set} should still be checked (aria-checked=${checked})`);
      }
      await input.press('Enter');
      // The background colour's input box follows.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Background' }).waitFor();
      await input.fill('#1e293b');
      await input.press('Enter');
      await h.waitForFile(`${FOLDER}/icon-set.json`, 90_000);
    },
  },
  {
    name: 'the Web and Apple files are on disk at their sizes, nothing of the unchecked sets, the original untouched',
    run: async (_page, h) => {
      const dir = join(h.workspace, FOLDER);
      const names = readdirSync(dir).sort();
      const expected = ['apple-touch-icon.png', 'favicon-16x16.png', 'favicon-32x32.png', 'favicon.ico', 'icon-links.html', 'icon-set.json'];
      if (JSON.stringify(names) !== JSON.stringify(expected)) throw new Error(`files in ${FOLDER}: ${names.join(', ')}; expected ${expected.join(', ')}`);
      const ico = readIco(readFileSync(join(dir, 'favicon.ico'))).map((e) => `${e.width}x${e.height}`);
      if (ico.join(' ') !== '16x16 32x32 48x48') throw new Error(`favicon.ico entries: ${ico.join(' ')}`);
      for (const [name, size] of [['favicon-16x16.png', 16], ['favicon-32x32.png', 32], ['apple-touch-icon.png', 180]] as const) {
        const info = inspectImage(readFileSync(join(dir, name)));
        if (info.format !== 'png' || info.width !== size || info.height !== size) throw new Error(`${name}: ${info.format} ${info.width}x${info.height}, expected a ${size}x${size} PNG`);
      }
      const apple = decodePng(readFileSync(join(dir, 'apple-touch-icon.png')));
      if (JSON.stringify([...apple.rgba.subarray(0, 4)]) !== JSON.stringify([0x1e, 0x29, 0x3b, 255])) {
        throw new Error(`the Apple icon's corner is ${JSON.stringify([...apple.rgba.subarray(0, 4)])}, not the background #1e293b`);
      }
      const sidecar = JSON.parse(readFileSync(join(dir, 'icon-set.json'), 'utf8')) as { parent: string; sets: string[]; background: string; files: { path: string; bytes: number }[] };
      if (sidecar.parent !== SOURCE || sidecar.sets.join() !== 'web,apple' || sidecar.background !== '#1e293b') {
        throw new Error(`icon-set.json: parent ${sidecar.parent}, sets ${sidecar.sets.join()}, background ${sidecar.background}`);
      }
      for (const f of sidecar.files) {
        const bytes = readFileSync(join(h.workspace, f.path)).length;
        if (bytes !== f.bytes) throw new Error(`${f.path}: ${bytes} bytes on disk, ${f.bytes} in icon-set.json`);
      }
      if (existsSync(join(dir, 'site.webmanifest')) || existsSync(join(dir, 'icon-192.png'))) throw new Error('PWA files were written although PWA was unchecked');
      if (!readFileSync(join(h.workspace, SOURCE)).equals(original)) throw new Error('the original changed');
    },
  },
  {
    name: 'the notification says what was written',
    run: async (page, h) => {
      const items = await h.notifications();
      await items.filter({ hasText: `Wrote 6 files to ${FOLDER}/` }).first().waitFor();
      await page.keyboard.press('Escape');
    },
  },
];
