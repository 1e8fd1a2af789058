// Shared steps for the Generate panel e2e files: pointing the extension at the fake provider, opening the
// panel, choosing in the VS Code elements' selects, and reading what the fake received and served.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { FakeProvider as FakeServer } from '../fake-provider/server';
import type { E2EHelpers } from './index';

export function fakeOf(h: E2EHelpers): FakeServer {
  if (!h.fake) throw new Error('The fake provider is not running: run `npm run compile-tests` first.');
  return h.fake as unknown as FakeServer;
}

/**
 * Point the extension at the fake provider. The workbench is a remote window (code-server), so machine-scoped
 * settings such as pixelsmith.openai.baseUrl are read from the server's Machine settings, which code-server offers
 * no editor for: the file is written, and the window reloaded so that the server reads it.
 */
export async function useFakeProvider(h: E2EHelpers): Promise<void> {
  const fake = fakeOf(h);
  const dir = join(h.out, '..', 'user-data', 'Machine');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({
    'pixelsmith.openai.baseUrl': fake.openaiBaseUrl, 'pixelsmith.azure.endpoint': fake.azureEndpoint, 'pixelsmith.fal.baseUrl': fake.falBaseUrl,
  }, null, 2));
  await h.reloadWindow();
}

/** Set user settings the way a user does: in the settings JSON editor, saved, then closed. */
export async function updateUserSettings(h: E2EHelpers, values: Record<string, unknown>): Promise<void> {
  const file = join(h.out, '..', 'user-data', 'User', 'settings.json');
  const read = () => JSON.parse(readFileSync(file, 'utf8') || '{}') as Record<string, unknown>;
  // One line, so the editor does not indent it; whatever it auto-closed after the cursor is deleted.
  const text = JSON.stringify({ ...read(), ...values });
  await h.runCommand('Preferences: Open User Settings (JSON)');
  const editor = h.page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  await h.page.keyboard.press('ControlOrMeta+A');
  await h.page.keyboard.press('Delete');
  await h.page.keyboard.insertText(text);
  await h.page.keyboard.press('Shift+ControlOrMeta+End');
  await h.page.keyboard.press('Delete');
  await h.page.keyboard.press('ControlOrMeta+S');
  await until('the settings are saved', () => Object.entries(values).every(([k, v]) => JSON.stringify(read()[k]) === JSON.stringify(v)));
  await h.runCommand('View: Close Editor');
}

/** Open the Generate panel by its command and return its page. */
export async function openGenerate(h: E2EHelpers): Promise<FrameLocator> {
  // The palette lists the extension's commands only once its contributions are in (the activity bar shows them).
  await h.page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor();
  await h.runCommand('Pixelsmith: Generate Image…');
  const frame = await h.webview(/Generate/, { has: 'ps-generate' });
  await frame.locator('#generate').waitFor();
  return frame;
}

/** Pick an option of a <vscode-single-select> by its label. */
export async function choose(frame: FrameLocator, id: string, label: string): Promise<void> {
  await frame.locator(`#${id}`).click();
  await frame.locator(`#${id}`).getByRole('option', { name: label, exact: true }).click();
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Wait until `test` holds (polling); throws with `what` when it never does. Not a timing assertion. */
export async function until(what: string, test: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Where the extension keeps its history in this session. */
export function historyDir(h: E2EHelpers): string {
  return join(h.out, '..', 'user-data', 'User', 'globalStorage', 'pixelsmith.pixelsmith', 'history');
}
