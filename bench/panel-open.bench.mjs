// Panel open: time from running `Pixelsmith: Generate Image…` to the first paint of the Generate panel, in the
// real VS Code (code-server + headless Chromium, the test harness's session), several opens in one window.
//   npm run build && npm run compile-tests && node bench/panel-open.bench.mjs [runs=10] [--warm]
// Two figures per open:
//   command → paint   Date.now() just before Enter in the command palette, to the page's own
//                     performance mark 'pixelsmith-generate-first-paint' (epoch ms; same machine clock)
//   show() → paint    the host's figure (GeneratePanel.show to the paint time the page reports), from the log
// The first open of a window also pays the extension's activation and a cold load of the page's script.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeHelpers } from '../test/harness/helpers.mjs';
import { withSession } from '../test/harness/session.mjs';
import { ensureTools } from '../test/harness/tools.mjs';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10);
const TITLE = 'Pixelsmith: Generate Image…';
const samples = [];

function hostFigures(work) {
  const logs = join(work, 'user-data', 'logs');
  const files = readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('Pixelsmith.log')).map((f) => join(logs, String(f)));
  return files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/first paint (\d+) ms after the command/g)].map((m) => Number(m[1])));
}

const tools = await ensureTools();
const code = await withSession({ tools, label: 'panel-open bench', quiet: true }, async (s) => {
  const page = s.page;
  const h = makeHelpers(page, s);
  await page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor({ timeout: 60_000 });
  if (process.argv.includes('--warm')) {
    // Show another webview first, so VS Code's one-time webview set-up in this window is not counted.
    await h.runCommand('Pixelsmith: Open Gallery');
    await h.webview('Gallery', { has: 'body *' });
  }
  for (let i = 0; i < runs; i++) {
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill(`>${TITLE}`);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: TITLE }).first().waitFor();
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    const frame = await h.webview(/Generate/, { has: 'ps-generate #generate' });
    const painted = await frame.locator('body').evaluate(async () => {
      for (;;) {
        const mark = performance.getEntriesByName('pixelsmith-generate-first-paint')[0];
        if (mark) return { epoch: performance.timeOrigin + mark.startTime, sinceDocumentStart: mark.startTime };
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    for (let k = 0; k < 100 && hostFigures(s.work).length <= i; k++) await new Promise((r) => setTimeout(r, 50));
    samples.push({ commandToPaint: painted.epoch - t0, showToPaint: hostFigures(s.work)[i] ?? NaN, pageToPaint: painted.sinceDocumentStart });
    await h.runCommand('View: Close All Editors');
  }
  return 0;
});
if (code !== 0 || samples.length === 0) { console.error('panel-open bench: the session failed'); process.exit(1); }

const stat = (key, from = 0) => {
  const v = samples.slice(from).map((s) => s[key]).filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1], n: v.length } : undefined;
};
const fmt = (o) => (o ? `median ${o.median.toFixed(0).padStart(4)} ms   min ${o.min.toFixed(0).padStart(4)} ms   max ${o.max.toFixed(0).padStart(4)} ms   (n=${o.n})` : 'n/a');
console.log(`panel-open bench: ${samples.length} opens of the Generate panel in one VS Code ${s0()} window (code-server + headless Chromium)`);
console.log(`  first open  command → paint: ${samples[0].commandToPaint.toFixed(0)} ms   show() → paint: ${samples[0].showToPaint} ms  (includes activation, cold script)`);
console.log(`  later opens command → paint: ${fmt(stat('commandToPaint', 1))}`);
console.log(`  later opens show()  → paint: ${fmt(stat('showToPaint', 1))}`);
console.log(`  all opens   command → paint: ${fmt(stat('commandToPaint'))}`);
console.log(`  all opens   page document start → paint (the page's own script and first render): ${fmt(stat('pageToPaint'))}`);
console.log(`  first open  page document start → paint: ${samples[0].pageToPaint.toFixed(0)} ms${process.argv.includes('--warm') ? '   (--warm: the Gallery webview was shown first)' : ''}`);
console.log('  target: first paint under 300 ms after the command');

function s0() { return '1.139'; }
