// The gallery's live index inside a real VS Code: a saved asset is found by a word of its prompt, files changed on
// disk (rename, delete, a hostile sidecar) are picked up by the watchers, an AVIF web copy is listed, through
// `pixelsmith.findAssets`.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { WebCopyResult } from '../../src/commands/iconSet';

interface Found { uri: vscode.Uri; path: string; prompt?: string; model?: string; createdAt: string }

const find = (args: Record<string, unknown>) => vscode.commands.executeCommand<Found[]>('pixelsmith.findAssets', args);

/** Ask again until `ok` holds (the watchers report changes asynchronously); fails with the last answer. */
async function eventually(args: Record<string, unknown>, ok: (r: Found[]) => boolean, what: string): Promise<Found[]> {
  let last: Found[] = [];
  for (let i = 0; i < 100; i++) {
    last = await find(args);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}; last answer: ${JSON.stringify(last.map((f) => f.path))}`);
}

describe('gallery', () => {
  let root: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri;
    // The first query starts the index and its watchers; a probe file written afterwards proves they report.
    await find({});
    const probe = vscode.Uri.joinPath(root, 'probe.png');
    const saved = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri; sidecarUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'watcher probe', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'probe-src',
    });
    for (let i = 0; i < 50 && (await find({ text: 'probe' })).every((f) => f.path !== 'probe.png'); i++) {
      await vscode.workspace.fs.copy(saved.images[0]!.savedUri!, probe, { overwrite: true });
      await vscode.workspace.fs.copy(saved.images[0]!.sidecarUri!, probe.with({ path: `${probe.path}.json` }), { overwrite: true });
      await new Promise((r) => setTimeout(r, 200));
    }
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'probe-src'), { recursive: true });
    await eventually({ text: 'probe' }, (r) => r.some((f) => f.path === 'probe.png'), 'the watchers never reported the probe');
  });

  it('finds an asset saved by the automation API by a word of its prompt, and only that one', async () => {
    const result = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A purple giraffe reading a newspaper', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/gallery-it',
    });
    const saved = result.images[0]?.savedUri;
    assert.ok(saved, 'the image was not saved');
    const found = await eventually({ text: 'giraffe' }, (r) => r.length === 1, 'the saved asset was not found');
    assert.equal(found[0]!.uri.toString(), saved.toString());
    assert.equal(found[0]!.prompt, 'A purple giraffe reading a newspaper');
    assert.deepEqual(await find({ text: 'giraffe elephant' }), []);
  });

  it('follows a rename on disk, then a delete', async () => {
    // Its own asset, so the test runs alone too (--grep); renamed as soon as the gallery has it.
    await vscode.commands.executeCommand('pixelsmith.generate', {
      prompt: 'A teal walrus knitting a scarf', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/gallery-it',
    });
    const [asset] = await eventually({ text: 'walrus' }, (r) => r.length === 1, 'the saved asset was not found');
    const target = vscode.Uri.joinPath(root, 'assets/gallery-it/renamed.png');
    await vscode.workspace.fs.rename(asset!.uri, target);
    await vscode.workspace.fs.rename(asset!.uri.with({ path: `${asset!.uri.path}.json` }), target.with({ path: `${target.path}.json` }));
    await eventually({ text: 'walrus' }, (r) => r.length === 1 && r[0]!.path.endsWith('gallery-it/renamed.png'), 'the rename was not followed');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'assets/gallery-it'), { recursive: true });
    await eventually({ text: 'walrus' }, (r) => r.length === 0, 'the deleted folder is still in the gallery');
    assert.deepEqual(await find({ text: 'giraffe' }), [], 'an asset of the deleted folder is still in the gallery');
  });

  it('skips a sidecar whose paths lead outside the workspace and one that is not JSON', async () => {
    const good = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri; sidecarUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A zebra made of origami', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/gallery-hostile',
    });
    const img = good.images[0]!.savedUri!;
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(good.images[0]!.sidecarUri!)));
    await eventually({ text: 'zebra' }, (r) => r.length === 1, 'the asset was not indexed');
    const bytes = await vscode.workspace.fs.readFile(img);
    const evil = vscode.Uri.joinPath(root, 'assets/gallery-hostile/evil.png');
    const broken = vscode.Uri.joinPath(root, 'assets/gallery-hostile/broken.png');
    await vscode.workspace.fs.writeFile(evil, bytes);
    await vscode.workspace.fs.writeFile(broken, bytes);
    await vscode.workspace.fs.writeFile(evil.with({ path: `${evil.path}.json` }), new TextEncoder().encode(JSON.stringify({ ...sidecar, prompt: 'zebra evil', parent: { file: '../../../etc/passwd', sha256: 'f'.repeat(64) } })));
    await vscode.workspace.fs.writeFile(broken.with({ path: `${broken.path}.json` }), new TextEncoder().encode('{"prompt": "zebra broken", '));
    // A marker written after them: once it is indexed, the hostile ones have been looked at too.
    const marker = vscode.Uri.joinPath(root, 'assets/gallery-hostile/marker.png');
    await vscode.workspace.fs.writeFile(marker, bytes);
    await vscode.workspace.fs.writeFile(marker.with({ path: `${marker.path}.json` }), new TextEncoder().encode(JSON.stringify({ ...sidecar, prompt: 'zebra marker' })));
    const found = await eventually({ text: 'zebra' }, (r) => r.some((f) => f.prompt === 'zebra marker'), 'the marker was not indexed');
    assert.deepEqual(found.map((f) => f.prompt).sort(), ['A zebra made of origami', 'zebra marker']);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'assets/gallery-hostile'), { recursive: true });
  });

  it('lists an AVIF web copy made by Save Web Copy, and an AVIF without a sidecar only with includeUntrackedImages', async () => {
    const folder = 'assets/gallery-avif';
    const result = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A copper kettle on a windowsill', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder,
    });
    const png = result.images[0]!.savedUri!;
    const copy = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: png, format: 'avif', maxWidth: 256 });
    assert.match(copy.file, /^assets\/gallery-avif\/.+\.256w\.avif$/);
    // In its own folder: other suites save the same prompt elsewhere.
    const found = await eventually({ text: 'kettle', folder }, (r) => r.length === 2, 'the AVIF web copy was not listed');
    assert.deepEqual(found.map((f) => f.path).sort(), [copy.file, png.path.slice(root.path.length + 1)].sort());
    assert.equal(found.find((f) => f.path === copy.file)!.prompt, 'A copper kettle on a windowsill', 'the copy is an asset: its sidecar\'s prompt');

    const photo = vscode.Uri.joinPath(root, folder, 'photo.avif');
    await vscode.workspace.fs.writeFile(photo, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, copy.file)));
    const inFolder = () => find({ folder }).then((r) => r.map((f) => f.path).sort());
    assert.deepEqual(await inFolder(), found.map((f) => f.path).sort(), 'an AVIF without a sidecar is not listed by default');
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('gallery.includeUntrackedImages', true, vscode.ConfigurationTarget.Workspace);
    try {
      const all = await eventually({ folder }, (r) => r.some((f) => f.path === `${folder}/photo.avif`), 'the untracked AVIF was not listed');
      assert.equal(all.find((f) => f.path === `${folder}/photo.avif`)!.prompt, undefined, 'no sidecar, no prompt');
    } finally {
      await config.update('gallery.includeUntrackedImages', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, folder), { recursive: true });
    }
  });
});
