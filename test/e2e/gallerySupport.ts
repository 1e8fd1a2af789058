// Driving the gallery view in e2e tests: its webview, and VS Code's own context menu over a tile.
import type { E2EHelpers } from './index';

export const gallery = (h: E2EHelpers) => h.webview('Gallery', { has: 'ps-gallery' });

/** Right-click a tile and run `item` from the workbench's (native) context menu. */
export async function contextMenu(h: E2EHelpers, tile: string, item: string): Promise<void> {
  const g = await gallery(h);
  await g.locator('.tile', { hasText: tile }).click({ button: 'right' });
  const menu = h.page.locator('.context-view .monaco-menu');
  await menu.waitFor();
  const entry = menu.getByRole('menuitem', { name: item, exact: true });
  await entry.click();
  // A menu that has just opened can take the click as the end of the right-click and stay open with the item
  // focused (seen on a busy CI machine): then Enter runs the focused item. Either way the menu must close.
  try {
    await menu.waitFor({ state: 'hidden', timeout: 3000 });
  } catch {
    await entry.focus();
    await h.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }
}
