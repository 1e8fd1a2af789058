// Opens the code-server workbench in headless Chromium (playwright-core) and forwards its logs.
// The workbench calls window.codeAutomationLog(level, args) for every log line (the extension host's
// console output included) and window.codeAutomationExit(code, logs) when the extension tests finish.
import { chromium } from 'playwright-core';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { log } from './util.mjs';
import { workbenchUrl } from './server.mjs';

// Known-harmless workbench noise, hidden in quiet mode (still in automation.log).
const NOISE = [/^Canceled/, /^No search provider registered for scheme/];

/**
 * @param {object} o
 * @param {string} o.serverUrl   code-server URL
 * @param {string} o.folder      workspace folder to open
 * @param {string} o.extensionPath
 * @param {string} [o.testsPath] extension tests module (exports run()); absent = UI-only session
 * @param {string} o.chromium    browser executable
 * @param {string} o.logDir      automation.log, vscode-logs/ and screenshots go here
 * @param {boolean} [o.quiet]    show only warnings, errors and lines starting with o.mark (the tests' output)
 * @param {string} [o.mark]      prefix the extension tests put on their console lines (stripped here)
 */
export async function openWorkbench(o) {
  mkdirSync(o.logDir, { recursive: true });
  const logStream = createWriteStream(join(o.logDir, 'automation.log'));
  const logFile = { write: (s) => logStream.writableEnded || logStream.write(s), end: () => logStream.end() };
  const browser = await chromium.launch({
    executablePath: o.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();

  let onExit;
  const exit = new Promise((r) => (onExit = r));
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    let text = format(...(Array.isArray(args) ? args : [args])); // printf style: mocha logs ('%d passing', n)
    const marked = Boolean(o.mark) && text.startsWith(o.mark);
    if (marked) text = text.slice(o.mark.length);
    logFile.write(`[${level}] ${text}\n`);
    const important = level === 'error' || level === 'warn' || level === 'critical';
    if (!o.quiet || marked || (important && !NOISE.some((re) => re.test(text)))) {
      process.stdout.write(important && !text.startsWith('[') ? `[${level}] ${text}\n` : `${text}\n`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    for (const l of logs ?? []) {
      const f = join(o.logDir, 'vscode-logs', l.relativePath);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, l.contents);
    }
    onExit(code);
  });
  page.on('pageerror', (e) => logFile.write(`[pageerror] ${e.stack ?? e}\n`));

  const target = workbenchUrl(o.serverUrl, o);
  logFile.write(`open ${target}\n`);
  // Generous bounds: on a loaded 2-core machine the first page load of a fresh code-server took over 30 s.
  await page.goto(target, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  log('workbench loaded');

  const close = async () => {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
    logFile.end();
  };
  const screenshot = (file) => page.screenshot({ path: file, timeout: 10_000 }).catch(() => undefined);
  return { browser, page, exit, close, screenshot, logFile };
}
