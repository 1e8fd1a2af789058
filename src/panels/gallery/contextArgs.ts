// The arguments of the gallery's `webview/context` commands, read without `vscode` (unit-tested in Node).
import { MULTI_ACTIONS, type GalleryAction } from '../../protocolGallery';

/** The asset a `webview/context` command was invoked on: VS Code passes the tile's `data-vscode-context`. */
export function contextId(arg: unknown): number | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { webview, webviewSection, id } = arg as Record<string, unknown>;
  if (webview !== undefined && webview !== 'pixelsmith.gallery') return undefined;
  return webviewSection === 'asset' && typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The ids an action takes: the whole selection when the right-clicked tile is in it (and the action takes many). */
export function idsFor(action: GalleryAction, clicked: number, selection: readonly number[]): number[] {
  return MULTI_ACTIONS.includes(action) && selection.includes(clicked) ? [...selection] : [clicked];
}
