// The API of the e2e scripts (out/test/e2e/**/*.e2e.js), run by `node test/harness/run.mjs e2e`.
// Each *.e2e.ts file gets a fresh VS Code session (code-server + headless Chromium), a fresh copy of
// test/fixtures/workspace/ and a fresh fake provider. The runner is test/harness/e2e.mjs; `h` is built by
// test/harness/helpers.mjs (keep the two in sync with this file). A script module exports either
//
//   export default (async (page, h) => { ... }) satisfies E2EScript;
// or
//   export const steps: E2EStep[] = [{ name: 'opens the gallery', run: async (page, h) => { ... } }, ...];
//
// and optionally `settings` (extra user settings), `env` (extra extension-host environment) and
// `timeout` (seconds for the whole file).
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The fake image provider started for the session (test/fake-provider/server.ts); absent until built. */
export interface FakeProvider {
  url: string;
  requests: readonly unknown[];
  close(): Promise<void>;
}

export interface E2EHelpers {
  /** The workbench page (also the first argument of a script). */
  page: Page;
  /** Absolute path of this session's workspace folder (check written files here). */
  workspace: string;
  /** Extra environment given to the extension host (includes PIXELSMITH_TEST_FAKE_URL when the fake runs). */
  env: Record<string, string>;
  /** The fake provider handle, when out/test/fake-provider/server.js exists. */
  fake: FakeProvider | undefined;
  /** This session's log folder (kept when the file fails). */
  out: string;
  /** Print a progress line. */
  say(message: string): void;
  /** Run a command from the command palette by its full title, e.g. 'Pixelsmith: Open Gallery'. */
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  /** Reload the window; resolves when the new workbench shows its status bar. */
  reloadWindow(): Promise<void>;
  /** Choose an item by label in the quick pick that is open. */
  pickQuickItem(label: string): Promise<void>;
  /**
   * The content of a visible webview (two iframes deep). `match`: the title of the editor tab or view
   * that shows it ('Gallery', /Generate/); `has`: a selector its content must contain. Waits (default 30 s).
   */
  webview(match?: string | RegExp, opts?: { has?: string; timeout?: number }): Promise<FrameLocator>;
  /** Screenshot (of the page or one locator) into out/screenshots/<name>.png; with PIXELSMITH_SCREENSHOTS=1
   *  also into media/screenshots/<name>.png. Returns the first path. */
  screenshot(name: string, target?: Locator): Promise<string>;
  /** Switch the color theme by its name. */
  setTheme(name: 'Default Light Modern' | 'Default Dark Modern' | (string & {})): Promise<void>;
  /** Open the notification center (toasts are not shown in this mode) and return its items. */
  notifications(): Promise<Locator>;
  /** Wait until a file (relative to the workspace) exists; returns its absolute path. */
  waitForFile(relativePath: string, timeoutMs?: number): Promise<string>;
}

export type E2EScript = (page: Page, h: E2EHelpers) => Promise<void>;

export interface E2EStep {
  name: string;
  run: E2EScript;
}
