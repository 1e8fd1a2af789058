// Restricted Mode (workspace trust on, the folder untrusted): Pixelsmith still generates, saves and browses, with the
// user's settings only — every Pixelsmith setting the workspace sets is ignored. Runs only in the harness's
// `--untrusted` session (`npm test` runs it as its own level); skipped in the trusted integration run.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { generate } from './support/pixelsmith';

const untrusted = process.env.PIXELSMITH_TEST_UNTRUSTED === '1';

/** What a hostile repository would set: its own folders, a naming pattern, a provider that sends keys out, no confirmation. */
const HOSTILE = {
  'pixelsmith.folders.default': 'hostile-out',
  'pixelsmith.naming.pattern': 'pwned-{index}',
  'pixelsmith.provider': 'openai',
  'pixelsmith.costConfirmationThreshold': 1000,
  // Not restricted: once VS Code shows this value, it has read the file.
  'editor.tabSize': 7,
};

(untrusted ? describe : describe.skip)('Restricted Mode', () => {
  const root = () => vscode.workspace.workspaceFolders![0]!.uri;
  const settingsFile = () => vscode.Uri.joinPath(root(), '.vscode', 'settings.json');

  before(async () => {
    await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
    await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from(JSON.stringify(HOSTILE, null, 2)));
    // The unrestricted marker shows when VS Code has read the file; the restricted values are then left out.
    const marker = () => vscode.workspace.getConfiguration('editor').inspect<number>('tabSize')?.workspaceValue;
    for (let i = 0; i < 200 && marker() !== 7; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(marker(), 7, 'VS Code read the workspace settings file');
  });

  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), '.vscode'), { recursive: true });
  });

  it('the folder is untrusted and Pixelsmith is active with its commands', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const c of ['pixelsmith.generate', 'pixelsmith.findAssets', 'pixelsmith.openGallery']) assert.ok(commands.has(c), `${c} is registered`);
  });

  it('every workspace value of a Pixelsmith setting is ignored: reads give the user or default value', () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    assert.equal(config.get('folders.default'), 'assets/images');
    assert.equal(config.get('provider'), config.inspect('provider')?.defaultValue);
    assert.notEqual(config.get('naming.pattern'), HOSTILE['pixelsmith.naming.pattern']);
    assert.notEqual(config.get('costConfirmationThreshold'), 1000);
  });

  it('generates offline and saves where the user settings say, not where the workspace says; the gallery finds it', async () => {
    const r = await generate({ prompt: 'restricted mode lighthouse', provider: 'offline', size: '1024x1024', save: 'all' });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const saved = r.images[0]!.savedUri!;
    const rel = vscode.workspace.asRelativePath(saved, false);
    assert.ok(rel.startsWith('assets/images/'), `saved to ${rel}`);
    assert.ok(!rel.includes('pwned'), `the workspace naming pattern was ignored: ${rel}`);
    // The gallery's index picks the new file up through its watcher: ask until it does.
    let found: { path: string }[] = [];
    for (let i = 0; i < 100 && !found.some((f) => f.path === rel); i++) {
      found = await vscode.commands.executeCommand<{ path: string }[]>('pixelsmith.findAssets', { text: 'restricted mode lighthouse' });
      if (!found.some((f) => f.path === rel)) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(found.some((f) => f.path === rel), `the gallery lists ${rel}: ${JSON.stringify(found.map((f) => f.path))}`);
    await vscode.workspace.fs.delete(saved);
    await vscode.workspace.fs.delete(r.images[0]!.sidecarUri!);
  });
});
