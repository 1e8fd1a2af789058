// The gallery at scale in the real VS Code: a workspace with 10,000 assets shows its newest asset first, with every
// asset counted, on a cold start (no snapshot) and again after a window reload (the index snapshot from workspace
// storage). Prints, for the README, the time from the Open Gallery command to the first tile's image being on
// screen, and the gallery's own log lines (snapshot shown, index reconciled). Timings are printed, never asserted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { E2EHelpers, E2EStep } from './index';
import { newestAsset, writeScaleAssets } from './scaleAssets';

const N = Number(process.env.PIXELSMITH_GALLERY_SCALE ?? 10_000);
const NEWEST = newestAsset(N);

/** Every file under `dir` named `name`. */
function findNamed(dir: string, name: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) findNamed(join(dir, e.name), name, out);
    else if (e.name === name) out.push(join(dir, e.name));
  }
  return out;
}

const userData = (h: E2EHelpers) => join(h.out, '..', 'user-data');

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 25): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check().catch(() => false)); await new Promise((r) => setTimeout(r, everyMs))) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
  }
}

/** Open the gallery and wait for the newest asset's tile image, then for every asset to be counted. */
async function openAndMeasure(h: E2EHelpers, label: string): Promise<void> {
  const started = Date.now();
  await h.runCommand('Pixelsmith: Open Gallery');
  const commandRan = Date.now();
  let pageAt: number | undefined;
  let tileAt: number | undefined;
  await until('the newest tile shows its image', async () => {
    const g = await h.webview('Gallery', { has: 'ps-gallery', timeout: 100 });
    pageAt ??= Date.now();
    const first = g.locator('.tile').first();
    if ((await first.locator('.caption').innerText({ timeout: 100 })) !== NEWEST) return false;
    tileAt ??= Date.now();
    return first.locator('img').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0);
  });
  const shown = Date.now();
  const g = await h.webview('Gallery', { has: 'ps-gallery' });
  await g.locator('.count').filter({ hasText: `${N} assets` }).waitFor({ timeout: 120_000 });
  const all = Date.now();
  const tiles = await g.locator('.tile').count();
  if (tiles >= N || tiles === 0) throw new Error(`${tiles} tiles in the DOM for ${N} assets: the grid is not virtualized`);
  // The gallery's log lines of this open, as times from the command (the log and this script share the clock).
  for (const line of galleryLog(h)) {
    const at = Date.parse(line.slice(0, 23).replace(' ', 'T'));
    if (at >= commandRan - 3000) h.say(`  ${at - commandRan} ms: ${line.slice(24)}`);
  }
  h.say(`${label}: ${N} assets — first tile ${shown - commandRan} ms after the command ran (${shown - started} ms incl. the palette); ` +
    `all counted after ${all - commandRan} ms; ${tiles} tiles in the DOM ` +
    `(page seen after ${(pageAt ?? shown) - commandRan} ms, newest tile after ${(tileAt ?? shown) - commandRan} ms, its image after ${shown - commandRan} ms)`);
}

function galleryLog(h: E2EHelpers): string[] {
  return findLogs(join(userData(h), 'logs')).flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => /gallery: (showing|indexed)/.test(l));
}

function findLogs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) findLogs(join(dir, e.name), out);
    else if (/Pixelsmith.*\.log$/.test(e.name)) out.push(join(dir, e.name));
  }
  return out;
}

export const timeout = 600;

export const steps: E2EStep[] = [
  {
    name: `${N} assets: cold start (no snapshot) shows the newest first and counts them all`,
    run: async (_page, h) => {
      writeScaleAssets(h.workspace, N);
      await openAndMeasure(h, 'cold');
      await until('the index snapshot is saved', async () => findNamed(userData(h), 'gallery-index.json').length === 1, 30_000, 200);
      const [snap] = findNamed(userData(h), 'gallery-index.json');
      h.say(`snapshot ${(statSync(snap!).size / 1024 / 1024).toFixed(1)} MB`);
    },
  },
  {
    name: `${N} assets: after a window reload the snapshot shows them at once`,
    run: async (page, h) => {
      // Leave the gallery first, so the reloaded window does not restore it before the measurement starts.
      await h.runCommand('View: Show Explorer');
      await h.reloadWindow();
      // The palette lists the command once the extensions are registered; let the window settle first.
      await until('the Explorer is restored', async () => page.locator('.explorer-folders-view').isVisible(), 60_000, 200);
      await new Promise((r) => setTimeout(r, 3000));
      await openAndMeasure(h, 'warm (snapshot)');
      for (const line of galleryLog(h)) h.say(line.trim());
    },
  },
];
