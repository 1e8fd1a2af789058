// Panel open: time from running a command in the palette to the first paint of the webview it opens, in the real
// VS Code (code-server + headless Chromium, the test harness's session).
//   npm run build && npm run compile-tests && node bench/panel-open.bench.mjs [windows=5] [--reopens=N]
//
// Fresh windows, alternating: each window is a new code-server with fresh user data, and the first command of the
// window pays what a user pays — activation on the command, the cold page load — against the same cost for a
// minimal webview extension (bench/fixtures/minimal-webview: one command, a text box, no bundle): the floor any
// webview costs on this machine. The figures:
//   command → paint   Date.now() just before the palette row is picked, to the page's own performance mark
//                     (epoch ms: performance.timeOrigin + mark; same machine clock)
//   command → page    to the page document's own start (performance.timeOrigin): the host's work and VS Code's
//                     webview creation, before the page runs anything
//   page → script     the page's start to its script file's arrival (Pixelsmith only; the floor's script is inline)
//   page → runs / modules / appended   (Pixelsmith) its first module runs, all modules evaluated (custom elements
//                     defined), the app element built and appended
//   page → paint      the page's document start to its mark (its own script and first render)
// Pixelsmith's target: first paint within 1.3× the floor's median. With --reopens=N, each window also closes and
// reopens its panel N times (warm opens: the extension is active, VS Code's webview code is loaded), for both.
import { join } from 'node:path';
import { makeHelpers } from '../test/harness/helpers.mjs';
import { withSession } from '../test/harness/session.mjs';
import { ensureTools } from '../test/harness/tools.mjs';

const windows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const reopens = Number(process.argv.find((a) => a.startsWith('--reopens='))?.split('=')[1] ?? 0);

const SUBJECTS = {
  floor: {
    label: 'minimal webview', extensionPath: join(import.meta.dirname, 'fixtures', 'minimal-webview'),
    title: 'Minimal Webview: Show', webview: /Minimal Webview/, has: '#prompt', mark: 'bench-first-paint',
  },
  pixelsmith: {
    label: 'Pixelsmith Generate panel', extensionPath: undefined,
    title: 'Pixelsmith: Generate Image…', webview: /Generate/, has: 'ps-generate #generate', mark: 'pixelsmith-generate-first-paint',
  },
};
const samples = { floor: [], pixelsmith: [], floorWarm: [], warm: [] };

/** Runs the subject's command and waits for its page's first-paint mark; returns both figures. */
async function openOnce(h, subject) {
  let t0 = 0;
  await h.runCommand(subject.title, 120_000, () => { t0 = Date.now(); });
  const frame = await h.webview(subject.webview, { has: subject.has, timeout: 120_000 });
  const painted = await frame.locator('body').evaluate(async (_, mark) => {
    for (;;) {
      const m = performance.getEntriesByName(mark)[0];
      if (m) {
        const script = performance.getEntriesByType('resource').find((r) => /\.js(\?|$)/.test(r.name));
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
        return {
          origin: performance.timeOrigin, epoch: performance.timeOrigin + m.startTime, page: m.startTime, scriptEnd: script?.responseEnd,
          scriptStart: at('pixelsmith-script-start'), modules: at('pixelsmith-generate-modules'), appended: at('pixelsmith-generate-appended'),
        };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }, subject.mark);
  return { commandToPaint: painted.epoch - t0, commandToPage: painted.origin - t0, pageToPaint: painted.page, scriptLoaded: painted.scriptEnd,
    scriptRuns: painted.scriptStart, modulesDone: painted.modules, appAppended: painted.appended };
}

async function measureWindow(tools, key) {
  const subject = SUBJECTS[key];
  const code = await withSession({ tools, label: `panel-open bench (${subject.label})`, quiet: true, extensionPath: subject.extensionPath }, async (s) => {
    const h = makeHelpers(s.page, s);
    // The workbench is up when its status bar is; the command waits for the extension itself (runCommand).
    await s.page.locator('.statusbar').waitFor({ timeout: 120_000 });
    samples[key].push(await openOnce(h, subject));
    for (let i = 0; i < reopens; i++) {
      await h.runCommand('View: Close All Editors');
      samples[key === 'pixelsmith' ? 'warm' : 'floorWarm'].push(await openOnce(h, subject));
    }
    return 0;
  });
  if (code !== 0) throw new Error(`the ${subject.label} window failed`);
}

const tools = await ensureTools();
for (let i = 0; i < windows; i++) {
  // Alternate which goes first, so a drift in the machine's load touches both alike.
  for (const key of i % 2 === 0 ? ['floor', 'pixelsmith'] : ['pixelsmith', 'floor']) await measureWindow(tools, key);
  process.stdout.write('.');
}
process.stdout.write('\n');

const stat = (list, key) => {
  const v = list.map((s) => s[key]).filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? { median: v[Math.floor(v.length / 2)], min: v[0], max: v[v.length - 1], n: v.length } : undefined;
};
const fmt = (o) => (o ? `median ${o.median.toFixed(0).padStart(5)} ms   min ${o.min.toFixed(0).padStart(5)} ms   max ${o.max.toFixed(0).padStart(5)} ms   (n=${o.n})` : 'n/a');
console.log(`panel-open bench: ${windows} fresh VS Code 1.139 windows each (code-server + headless Chromium), alternating`);
const rows = [['floor', 'minimal webview'], ['pixelsmith', 'Pixelsmith Generate panel'], ['floorWarm', 'minimal webview, reopened'], ['warm', 'Pixelsmith, reopened']];
for (const [key, label] of rows) {
  if (!samples[key].length) continue;
  console.log(`  ${label.padEnd(26)} command → paint: ${fmt(stat(samples[key], 'commandToPaint'))}`);
  console.log(`  ${''.padEnd(26)} command → page:  ${fmt(stat(samples[key], 'commandToPage'))}`);
  console.log(`  ${''.padEnd(26)} page → script:   ${fmt(stat(samples[key], 'scriptLoaded'))}`);
  for (const [k, l] of [['scriptRuns', 'page → runs:     '], ['modulesDone', 'page → modules:  '], ['appAppended', 'page → appended: ']]) {
    if (samples[key].some((x) => Number.isFinite(x[k]))) console.log(`  ${''.padEnd(26)} ${l}${fmt(stat(samples[key], k))}`);
  }
  console.log(`  ${''.padEnd(26)} page → paint:    ${fmt(stat(samples[key], 'pageToPaint'))}`);
}
const ratio = (a, b) => {
  const x = stat(samples[a], 'commandToPaint')?.median, y = stat(samples[b], 'commandToPaint')?.median;
  return x && y ? `${(y / x).toFixed(2)}×` : 'n/a';
};
console.log(`  ratio (Pixelsmith ÷ floor, medians): first open ${ratio('floor', 'pixelsmith')}, reopened ${ratio('floorWarm', 'warm')}   target ≤ 1.30×`);
