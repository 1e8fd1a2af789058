// The explorer's Remix… on images: it opens the Generate panel for an asset with a sidecar; an image without one
// is refused (a message says why) and opens no panel.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';

const panelTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pixelsmith.generatePanel'));

async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) { if (await ok()) return; await new Promise((r) => setTimeout(r, 100)); }
  assert.fail(`timed out waiting until ${what}`);
}

describe('explorer: Remix', () => {
  let asset: vscode.Uri;
  let plain: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const saved = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A copper kettle on a windowsill', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/explorer-it',
    });
    asset = saved.images[0]!.savedUri!;
    plain = vscode.Uri.joinPath(root, 'assets/explorer-it/no-sidecar.png');
    await vscode.workspace.fs.copy(asset, plain, { overwrite: true });
    await until('the gallery has the asset', async () => (await vscode.commands.executeCommand<unknown[]>('pixelsmith.findAssets', { text: 'kettle' })).length === 1);
  });

  it('Remix on an image without a sidecar says so and opens no panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('pixelsmith.remix', plain);
    assert.equal(panelTabs().length, 0, 'a panel opened for an image without a sidecar');
  });

  it('Remix on an asset opens the Generate panel', async () => {
    await vscode.commands.executeCommand('pixelsmith.remix', asset);
    await until('the Generate panel is open', () => panelTabs().length === 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
