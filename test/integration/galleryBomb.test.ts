// A decompression bomb in the workspace, inside a real VS Code: the gallery lists every other asset, and the open
// gallery view records the bomb as "too large" in the thumbnail cache (a marker, so no later window decodes it).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { pngBomb } from '../unit/pngBomb';
import { generate, historyRoot } from './support/pixelsmith';

interface Found { uri: vscode.Uri; path: string; prompt?: string }
const find = (args: Record<string, unknown>) => vscode.commands.executeCommand<Found[]>('pixelsmith.findAssets', args);

/** Poll `check` until it holds, at most ~20 s; fails naming what never happened. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('gallery with a decompression bomb', () => {
  let folder: vscode.Uri;
  const bomb = pngBomb(8000, 8000);
  const bombSha = createHash('sha256').update(bomb).digest('hex');

  before(async () => {
    await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
    folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'assets/gallery-bomb');
  });
  after(async () => { await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined); });

  it('lists the other assets and marks the bomb "too large" in the thumbnail cache', async () => {
    const good = await generate({ prompt: 'A quiet harbour with two boats', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/gallery-bomb' });
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(good.images[0]!.sidecarUri!))) as Record<string, unknown>;
    const target = vscode.Uri.joinPath(folder, 'bomb.png');
    await vscode.workspace.fs.writeFile(target, bomb);
    await vscode.workspace.fs.writeFile(target.with({ path: `${target.path}.json` }), new TextEncoder().encode(JSON.stringify({
      ...sidecar, prompt: 'harbour bomb', sha256: bombSha, width: 8000, height: 8000, bytes: bomb.length, createdAt: new Date().toISOString(),
    })));
    const found = await until('both assets are indexed', async () => {
      const r = await find({ text: 'harbour' });
      return r.length === 2 ? r : undefined;
    });
    assert.deepEqual(found.map((f) => f.prompt).sort(), ['A quiet harbour with two boats', 'harbour bomb']);

    // The view asks for its first tiles; the bomb is the newest, so its thumbnail is attempted and refused.
    await vscode.commands.executeCommand('pixelsmith.openGallery');
    const marker = path.join(path.dirname(await historyRoot()), 'thumbnails', `${bombSha}.too-large`);
    const reason = await until('the bomb is recorded as too large', () => fs.readFile(marker, 'utf8').catch(() => undefined));
    assert.equal(reason, 'PNG declares 8000x8000 (64 MP): over the 50 MP limit');
    assert.equal((await find({ text: 'harbour' })).length, 2, 'the gallery still answers with every asset');
  });
});
