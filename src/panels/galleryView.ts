// The gallery webview view in the Pixelsmith activity-bar container. Placeholder until the gallery issue lands.
import * as vscode from 'vscode';
import type { Services } from '../platform/services';

export class GalleryView implements vscode.WebviewViewProvider {
  static readonly viewId = 'pixelsmith.gallery';

  static register(s: Services): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerWebviewViewProvider(GalleryView.viewId, new GalleryView(s)),
      vscode.commands.registerCommand('pixelsmith.openGallery', () => vscode.commands.executeCommand(`${GalleryView.viewId}.focus`)),
    );
  }

  constructor(readonly services: Services) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: false, localResourceRoots: [] };
    view.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>The Pixelsmith gallery is not yet available.</p></body></html>`;
  }
}
