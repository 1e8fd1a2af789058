// The `h` object handed to e2e scripts: small, well-named steps over the VS Code web workbench.
// Types for script authors: test/e2e/index.ts (keep the two in sync).
/* global document, getComputedStyle -- used inside page.evaluate(), which runs in the browser */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log, repoRoot, sleep } from './util.mjs';

/** @param {import('playwright-core').Page} page */
export function makeHelpers(page, { workspace, env, fake, logs }) {
  const h = {
    page, workspace, env, fake, out: logs,
    say: (msg) => log(`  ${msg}`),

    /** Run a command by its palette title, e.g. 'Pixelsmith: Open Gallery'; `beforePick` runs just before the row is picked (benchmarks take their start time there). */
    async runCommand(title, timeout = 60_000, beforePick = () => {}) {
      // The palette lists an extension's commands as of the moment it opens: until the extension host has
      // scanned Pixelsmith, its rows never appear in a palette opened earlier. Close and reopen until they do.
      const deadline = Date.now() + timeout;
      for (let attempt = 1; ; attempt++) {
        const input = await openQuickInput('F1');
        await input.fill('>' + title);
        if (await rowAppears(title, Math.min(5_000, Math.max(500, deadline - Date.now())))) break;
        await page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' }).catch(() => {});
        if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}" (${attempt} attempts in ${timeout} ms)`);
      }
      beforePick();
      await pickRow(title);
      // The palette closes, or the command opens a quick pick of its own (then the '>' prefix is gone).
      await page.waitForFunction(() => {
        const i = document.querySelector('.quick-input-widget input');
        return !i || !i.checkVisibility() || !i.value.startsWith('>');
      });
    },

    /** Reload the window and wait for the new workbench (not the old one's status bar, still there right after the command). */
    async reloadWindow() {
      const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 90_000 });
      await h.runCommand('Developer: Reload Window');
      await reloaded;
      await page.locator('.statusbar').waitFor({ timeout: 90_000 });
    },

    /** Choose an entry in an open quick pick by its label. */
    async pickQuickItem(label) {
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(label);
      await pickRow(label);
    },

    /**
     * The content frame of a webview: `iframe.webview` → `#active-frame`.
     * match: the title of the editor tab or view that hosts it ('Gallery', /Generate/); absent = any.
     * opts.has: only a webview whose content contains this selector. Waits up to opts.timeout ms.
     */
    async webview(match, opts = {}) {
      const deadline = Date.now() + (opts.timeout ?? 60_000);
      for (;;) {
        for (const w of await visibleWebviews()) {
          if (match !== undefined && !w.titles.some((t) => (match instanceof RegExp ? match.test(t) : t === match))) continue;
          const frame = page.frameLocator(`iframe.webview[name="${w.name}"]`).frameLocator('#active-frame');
          if (opts.has && (await frame.locator(opts.has).count().catch(() => 0)) === 0) continue;
          return frame;
        }
        if (Date.now() > deadline) {
          const seen = (await visibleWebviews()).map((w) => w.titles.join('/')).join(', ') || 'none';
          throw new Error(`no webview matching ${match ?? '(any)'}${opts.has ? ` with ${opts.has}` : ''}; visible: ${seen}`);
        }
        await sleep(250);
      }
    },

    /**
     * Screenshot of the page (or of one locator) into <logs>/screenshots/<name>.png; with
     * PIXELSMITH_SCREENSHOTS=1 also into media/screenshots/<name>.png (the README's pictures).
     */
    async screenshot(name, target) {
      const dir = join(logs, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.png`);
      await (target ?? page).screenshot({ path: file });
      if (process.env.PIXELSMITH_SCREENSHOTS === '1') {
        const media = join(repoRoot, 'media', 'screenshots');
        mkdirSync(media, { recursive: true });
        copyFileSync(file, join(media, `${name}.png`));
        h.say(`screenshot media/screenshots/${name}.png`);
      }
      return file;
    },

    /** Switch the color theme, e.g. 'Default Light Modern' or 'Default Dark Modern'. */
    async setTheme(name) {
      await h.runCommand('Preferences: Color Theme');
      await h.pickQuickItem(name);
      await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
    },

    /** Open the notification center and return its items (toasts are not shown in this mode). */
    async notifications() {
      await h.runCommand('Notifications: Show Notifications');
      return page.locator('.notifications-center .notification-list-item');
    },

    /** Wait until a file exists in the workspace; returns its absolute path. */
    async waitForFile(relPath, timeout = 30_000) {
      const file = resolve(workspace, relPath);
      for (const end = Date.now() + timeout; !existsSync(file); await sleep(200)) {
        if (Date.now() > end) throw new Error(`${relPath} did not appear in the workspace within ${timeout} ms`);
      }
      return file;
    },
  };

  async function openQuickInput(key) {
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    return input;
  }

  async function rowAppears(label, timeout) {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    return row.waitFor({ timeout }).then(() => true, () => false);
  }

  async function pickRow(label) {
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: label }).first().waitFor();
    const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
    if (await exact.count()) await exact.first().click();
    else await page.keyboard.press('Enter');
  }

  /** Visible webviews with the titles of the editor tab / view pane that hosts each (via CSS anchors). */
  function visibleWebviews() {
    return page.evaluate(() => [...document.querySelectorAll('iframe.webview')].flatMap((f) => {
      const overlay = f.parentElement;
      if (!overlay || getComputedStyle(overlay).visibility === 'hidden') return [];
      const anchor = overlay.style.getPropertyValue('position-anchor');
      const host = [...document.querySelectorAll('[style*="anchor-name"]')]
        .find((e) => e.style.getPropertyValue('anchor-name') === anchor);
      const titles = [
        host?.closest('.pane')?.querySelector('.pane-header .title')?.textContent,
        host?.closest('.editor-group-container')?.querySelector('.tab.active .label-name')?.textContent,
      ].filter(Boolean).map((t) => t.trim());
      return [{ name: f.name, titles }];
    }).reverse()); // newest first
  }

  return h;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
