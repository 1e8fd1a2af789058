// Symbolic links inside a real VS Code: with `assets/linked-out -> /tmp/elsewhere`, saving into it (image, sidecar,
// a new subfolder) is refused and writes nothing there; the gallery does not walk or watch into it; Delete and
// Rename of a file reached through it are refused and leave it in place. A link that stays inside still works.
// A URI the Generate panel hands the host (a drop's text/uri-list, Open) goes through the same check.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { GalleryEntry } from '../../src/core/gallery/types';
import { MarkdownEditorTracker, runAction } from '../../src/panels/gallery/actions';
import { GenerateController, type ControllerDeps } from '../../src/panels/generate/controller';
import type { ReferenceStage } from '../../src/panels/referenceStage';
import type { Services } from '../../src/platform/services';
import { generateError } from './support/pixelsmith';

interface Found { uri: vscode.Uri; path: string; prompt?: string }
const find = (args: Record<string, unknown>) => vscode.commands.executeCommand<Found[]>('pixelsmith.findAssets', args);

async function eventually(args: Record<string, unknown>, ok: (r: Found[]) => boolean, what: string): Promise<Found[]> {
  let last: Found[] = [];
  for (let i = 0; i < 100; i++) {
    last = await find(args);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}; last answer: ${JSON.stringify(last.map((f) => f.path))}`);
}

async function listed(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true })).map(String).sort();
}

describe('security: a symlinked folder that leads out of the workspace', function () {
  this.timeout(90_000);
  const root = () => vscode.workspace.workspaceFolders![0]!.uri;
  let elsewhere: string;
  let link: string;
  let inside: string;

  before(async () => {
    await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
    // A real asset (image and sidecar) outside the workspace, reached through the link.
    const made = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri; sidecarUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A narwhal outside the workspace', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/links-src',
    });
    elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-elsewhere-'));
    await fs.copyFile(made.images[0]!.savedUri!.fsPath, path.join(elsewhere, 'narwhal.png'));
    await fs.copyFile(made.images[0]!.sidecarUri!.fsPath, path.join(elsewhere, 'narwhal.png.json'));
    await fs.rm(path.join(root().fsPath, 'assets', 'links-src'), { recursive: true, force: true });
    link = path.join(root().fsPath, 'assets', 'linked-out');
    await fs.symlink(elsewhere, link, 'dir');
    inside = path.join(root().fsPath, 'assets', 'linked-in');
    await fs.mkdir(path.join(root().fsPath, 'assets', 'links-real'), { recursive: true });
    await fs.symlink(path.join(root().fsPath, 'assets', 'links-real'), inside, 'dir');
  });

  after(async () => {
    await fs.rm(link, { force: true });
    await fs.rm(inside, { force: true });
    await fs.rm(path.join(root().fsPath, 'assets', 'links-real'), { recursive: true, force: true });
    await fs.rm(elsewhere, { recursive: true, force: true });
  });

  it('refuses to save into it, or into a new folder below it, and writes nothing there', async () => {
    const before = await listed(elsewhere);
    for (const folder of ['assets/linked-out', 'assets/linked-out/new/deeper']) {
      const err = await generateError({ prompt: 'a save through a link', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder });
      assert.equal(err.code, 'outside-workspace', err.message);
      assert.match(err.message, /symbolic link/);
    }
    assert.deepEqual(await listed(elsewhere), before, 'nothing was written outside');
  });

  it('a link that stays inside the workspace folder is written through', async () => {
    const made = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'a save through an inside link', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/linked-in',
    });
    assert.ok(made.images[0]?.savedUri, 'saved');
    assert.equal((await fs.readdir(path.join(root().fsPath, 'assets', 'links-real'))).filter((n) => n.endsWith('.png')).length, 1);
  });

  it('the gallery does not list what is behind it (walk and watchers), but lists what a new asset inside adds', async () => {
    // A control asset with the same word, saved after the link exists: once it is found, the watchers have run.
    await vscode.commands.executeCommand('pixelsmith.generate', {
      prompt: 'A narwhal inside the workspace', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/links-control',
    });
    try {
      const found = await eventually({ text: 'narwhal' }, (r) => r.some((f) => f.path.startsWith('assets/links-control/')), 'the control asset was not found');
      await new Promise((r) => setTimeout(r, 1000));
      const again = await find({ text: 'narwhal' });
      for (const f of [...found, ...again]) assert.ok(!f.path.startsWith('assets/linked-out/'), `listed through the link: ${f.path}`);
    } finally {
      await fs.rm(path.join(root().fsPath, 'assets', 'links-control'), { recursive: true, force: true });
    }
  });

  it('a sidecar that is a link to a file outside the workspace is not read', async () => {
    // As a cloned repository would have it: an image whose sidecar is a link to a file outside, then a control asset.
    const made = await vscode.commands.executeCommand<{ images: { savedUri?: vscode.Uri; sidecarUri?: vscode.Uri }[] }>('pixelsmith.generate', {
      prompt: 'A walrus source', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/sidecar-src',
    });
    const outside = path.join(elsewhere, 'stolen.json');
    const data = JSON.parse(await fs.readFile(made.images[0]!.sidecarUri!.fsPath, 'utf8')) as { prompt: string };
    await fs.writeFile(outside, JSON.stringify({ ...data, prompt: 'A stolen secret walrus' }));
    const dir = path.join(root().fsPath, 'assets', 'sidecar-link');
    await fs.mkdir(dir, { recursive: true });
    await fs.symlink(outside, path.join(dir, 'walrus.png.json'), 'file');
    await fs.copyFile(made.images[0]!.savedUri!.fsPath, path.join(dir, 'walrus.png'));
    try {
      await vscode.commands.executeCommand('pixelsmith.generate', {
        prompt: 'A walrus control', provider: 'offline', n: 1, size: '1024x1024', save: 'all', folder: 'assets/sidecar-control',
      });
      await eventually({ text: 'walrus control' }, (r) => r.some((f) => f.path.startsWith('assets/sidecar-control/')), 'the control asset was not found');
      await new Promise((r) => setTimeout(r, 1000));
      const leaked = (await find({ text: 'walrus' })).filter((f) => f.prompt?.includes('stolen'));
      assert.deepEqual(leaked.map((f) => f.path), [], 'what the linked sidecar says reached the gallery');
    } finally {
      for (const f of ['sidecar-link', 'sidecar-control', 'sidecar-src']) await fs.rm(path.join(root().fsPath, 'assets', f), { recursive: true, force: true });
      await fs.rm(outside, { force: true });
    }
  });

  it('Delete and Rename of a file reached through it are refused before anything is asked or moved', async () => {
    const key = vscode.Uri.file(path.join(link, 'narwhal.png')).toString();
    const entry: GalleryEntry = {
      id: 1, key, relPath: 'assets/linked-out/narwhal.png', name: 'narwhal.png', folder: 'assets/linked-out', kind: 'asset', format: 'png', bytes: 1, time: 0,
    };
    const md = new MarkdownEditorTracker();
    const services = {} as Services; // delete and rename use no service
    try {
      for (const action of ['delete', 'rename'] as const) {
        await assert.rejects(runAction(services, md, action, [entry]), (e: Error & { code?: string }) => {
          assert.equal(e.code, 'outside-workspace', e.message);
          return true;
        }, action);
      }
    } finally {
      md.dispose();
    }
    assert.deepEqual(await listed(elsewhere), ['narwhal.png', 'narwhal.png.json'], 'both files are still there');
  });
});

describe('security: URIs the Generate panel hands the host', function () {
  this.timeout(60_000);
  const root = () => vscode.workspace.workspaceFolders![0]!.uri;

  /** A controller whose stage records what it was asked to read, and the replies it posted. */
  function controller(): { c: GenerateController; read: string[]; replies: { messageId: number; ok: boolean; error?: { code: string } }[]; warnings: string[] } {
    const read: string[] = [];
    const replies: { messageId: number; ok: boolean; error?: { code: string } }[] = [];
    const warnings: string[] = [];
    const stage = { fromUri: (uri: vscode.Uri) => { read.push(uri.toString()); return Promise.resolve({ key: 'k', name: 'n.png', mimeType: 'image/png', width: 1, height: 1 }); } } as unknown as ReferenceStage;
    const log = { warn: (m: string) => warnings.push(m), info: () => undefined, error: () => undefined, debug: () => undefined };
    const deps = {
      services: { log } as unknown as Services, stage, runs: {} as ControllerDeps['runs'],
      post: (m: unknown) => { if ((m as { type?: string }).type === 'reply') replies.push(m as never); },
      linker: () => undefined, translation: () => undefined, pendingApply: () => undefined, takeShownAt: () => undefined,
    } satisfies ControllerDeps;
    return { c: new GenerateController(deps), read, replies, warnings };
  }

  it('a dropped uri-list entry from the web, outside the workspace, or with dot segments is refused without being read', async () => {
    const { c, read, replies } = controller();
    const ws = root().toString();
    const refused = [
      'https://example.com/cat.png', 'http://127.0.0.1:1/cat.png', 'file:///etc/hostname', `${ws}/../../etc/hostname`,
      `${ws}/%2e%2e/%2E%2E/etc/hostname`, `${ws}/./README.md`, `${ws}/docs/..%5C..%5Cetc%5Chostname`, 'data:image/png;base64,iVBORw0KGgo=',
    ];
    let id = 1;
    for (const uri of refused) await c.receive({ type: 'generate/referenceFromUri', messageId: id++, uri });
    assert.deepEqual(read, [], 'nothing refused was read');
    assert.equal(replies.length, refused.length);
    for (const r of replies) assert.equal(r.error?.code, 'outside-workspace', JSON.stringify(r));
    await c.receive({ type: 'generate/referenceFromUri', messageId: id, uri: vscode.Uri.joinPath(root(), 'README.md').toString() });
    assert.deepEqual(read, [vscode.Uri.joinPath(root(), 'README.md').toString()], 'a workspace file is read');
  });

  it('Open refuses a URI that leaves the workspace', async () => {
    const { c, warnings } = controller();
    await c.receive({ type: 'generate/openFile', uri: `${root().toString()}/../../etc/hostname` });
    await c.receive({ type: 'generate/openFile', uri: 'https://example.com/' });
    assert.equal(warnings.filter((w) => /refused to open a file outside the workspace/.test(w)).length, 2);
  });
});
