// Export Icon Set and Save Web Copy end to end in VS Code: from assets the fake provider made, through the image
// worker, into the workspace beside them; the originals keep their bytes.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { IconSetResult, WebCopyResult } from '../../src/commands/iconSet';
import { inspectImage } from '../../src/core/imaging/inspect';
import { decodePng } from '../../src/core/imaging/png-decode';
import { fake } from './support/fake';
import { readAvifHeader } from './support/avif';
import { readIco } from './support/ico';
import { clearProviders, generate, historyRoot, sha256, useFake } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};
const folder = () => vscode.Uri.joinPath(workspace(), 'iconset');
const read = (rel: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), rel));
const relOf = (uri: vscode.Uri) => uri.path.slice(workspace().path.length + 1);
const names = async (rel: string) => (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspace(), rel))).map(([n]) => n).sort();

async function asset(args: Record<string, unknown>): Promise<vscode.Uri> {
  const r = await generate({ save: 'all', folder: 'iconset', ...args });
  assert.equal(r.status, 'complete', JSON.stringify(r.errors));
  assert.ok(r.images[0]?.savedUri);
  return r.images[0].savedUri;
}

const px = (img: { rgba: Uint8Array; width: number }, x: number, y: number) => [...img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

describe('icon sets and web copies', function () {
  this.timeout(120_000);

  before(async () => {
    await historyRoot();
    await useFake();
  });
  beforeEach(async () => {
    await fake.reset();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  after(async () => {
    await clearProviders();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('exports every set from a 1024² PNG: favicon.ico with 16/32/48, exact sizes, maskable safe zone, Android margins, manifest, sidecar; the original untouched', async () => {
    const source = await asset({ prompt: 'a lighthouse icon', size: '1024x1024', outputFormat: 'png' });
    const before = await vscode.workspace.fs.readFile(source);
    const r = await vscode.commands.executeCommand<IconSetResult>('pixelsmith.exportIconSet', { uri: source, background: '#123456' });
    const stem = source.path.split('/').pop()!.replace(/\.png$/, '');
    assert.equal(r.folder, `iconset/${stem}-icons`);
    assert.deepEqual(await names(r.folder), [
      'android-background-432.png', 'android-foreground-432.png', 'android-store-512.png', 'apple-touch-icon.png', 'favicon-16x16.png', 'favicon-32x32.png',
      'favicon.ico', 'icon-192.png', 'icon-512.png', 'icon-links.html', 'icon-maskable-512.png', 'icon-set.json', 'site.webmanifest',
    ]);
    assert.deepEqual([...r.files].sort(), (await names(r.folder)).map((n) => `${r.folder}/${n}`), 'every file written is reported, workspace-relative');

    assert.deepEqual(readIco(await read(`${r.folder}/favicon.ico`)).map((e) => [e.width, e.height]), [[16, 16], [32, 32], [48, 48]], 'exactly the 16, 32 and 48 px entries');
    for (const [name, size] of Object.entries({ 'favicon-16x16.png': 16, 'favicon-32x32.png': 32, 'apple-touch-icon.png': 180, 'icon-192.png': 192, 'icon-512.png': 512, 'icon-maskable-512.png': 512, 'android-foreground-432.png': 432, 'android-background-432.png': 432, 'android-store-512.png': 512 })) {
      const info = inspectImage(await read(`${r.folder}/${name}`));
      assert.deepEqual([info.format, info.width, info.height], ['png', size, size], name);
    }
    const maskable = decodePng(await read(`${r.folder}/icon-maskable-512.png`));
    for (let i = 0; i < 512; i++) {
      for (const [x, y] of [[i, 0], [i, 50], [0, i], [50, i], [i, 511], [i, 461], [511, i], [461, i]] as const) {
        assert.deepEqual(px(maskable, x, y), [0x12, 0x34, 0x56, 255], `the maskable icon's outer 10% is the background (${x},${y})`);
      }
    }
    const fg = decodePng(await read(`${r.folder}/android-foreground-432.png`));
    for (let i = 0; i < 432; i++) {
      for (const [x, y] of [[i, 0], [i, 71], [0, i], [71, i], [i, 431], [i, 360], [431, i], [360, i]] as const) assert.equal(px(fg, x, y)[3], 0, `foreground margin (${x},${y}) is transparent`);
    }
    assert.equal(px(fg, 216, 216)[3], 255, 'the artwork fills the middle');
    const apple = decodePng(await read(`${r.folder}/apple-touch-icon.png`));
    assert.ok(apple.rgba.every((v, i) => i % 4 !== 3 || v === 255), 'the Apple icon is opaque');

    const manifest = JSON.parse(Buffer.from(await read(`${r.folder}/site.webmanifest`)).toString('utf8')) as { icons: { src: string; sizes: string; purpose?: string }[]; background_color: string };
    assert.deepEqual(manifest.icons.map((i) => [i.src, i.sizes, i.purpose ?? 'any']), [['icon-192.png', '192x192', 'any'], ['icon-512.png', '512x512', 'any'], ['icon-maskable-512.png', '512x512', 'maskable']]);
    assert.equal(manifest.background_color, '#123456');
    assert.match(r.links, /<link rel="manifest" href="\/site.webmanifest">/);

    const sidecar = JSON.parse(Buffer.from(await read(`${r.folder}/icon-set.json`)).toString('utf8')) as { parent: string; parentSha256: string; files: { path: string; bytes: number; width?: number }[] };
    assert.equal(sidecar.parent, relOf(source));
    assert.equal(sidecar.parentSha256, sha256(before));
    assert.equal(sidecar.files.length, 12);
    for (const f of sidecar.files) assert.equal(f.bytes, (await read(f.path)).length, `${f.path}: its size in the sidecar`);

    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(source)), Buffer.from(before), 'the original keeps its bytes');
    const again = await vscode.commands.executeCommand<IconSetResult>('pixelsmith.exportIconSet', { uri: source, sets: ['apple'] });
    assert.equal(again.folder, `iconset/${stem}-icons-2`, 'a second export goes to a new folder: nothing is overwritten');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.exportIconSet', { uri: source, folder: r.folder })), /already has/);
  });

  it('exports the same set plus icon.svg from an SVG source', async () => {
    const source = await asset({ prompt: 'a paper plane icon', model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', size: '1024x1024' });
    const before = await vscode.workspace.fs.readFile(source);
    const r = await vscode.commands.executeCommand<IconSetResult>('pixelsmith.exportIconSet', { uri: relOf(source), sets: ['web', 'apple', 'pwa', 'android'] });
    const files = await names(r.folder);
    for (const name of ['favicon.ico', 'favicon-16x16.png', 'favicon-32x32.png', 'icon.svg', 'apple-touch-icon.png', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'android-foreground-432.png', 'android-store-512.png']) {
      assert.ok(files.includes(name), `${name} is written`);
    }
    assert.deepEqual(Buffer.from(await read(`${r.folder}/icon.svg`)), Buffer.from(before), 'icon.svg is the source as it was');
    assert.deepEqual(readIco(await read(`${r.folder}/favicon.ico`)).map((e) => e.width), [16, 32, 48]);
    assert.equal(inspectImage(await read(`${r.folder}/icon-512.png`)).width, 512);
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(source)), Buffer.from(before));
  });

  it('saves an 800×533 WebP web copy of a 1536×1024 PNG, with a sidecar naming its parent, smaller than the original', async () => {
    const source = await asset({ prompt: 'a wide harbour illustration', size: '1536x1024', outputFormat: 'png' });
    const before = await vscode.workspace.fs.readFile(source);
    const r = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: source, maxWidth: 800 });
    const stem = relOf(source).replace(/\.png$/, '');
    assert.equal(r.file, `${stem}.800w.webp`);
    const bytes = await read(r.file);
    assert.equal(r.bytes, bytes.length);
    assert.equal(r.originalBytes, before.length);
    assert.ok(r.bytes < r.originalBytes, `${r.bytes} < ${r.originalBytes}`);
    const info = inspectImage(bytes);
    assert.deepEqual([info.format, info.width, info.height], ['webp', 800, 533]);
    const sidecar = JSON.parse(Buffer.from(await read(`${r.file}.json`)).toString('utf8')) as { parent: string; format: string; width: number; height: number; sha256: string; prompt: string };
    assert.deepEqual([sidecar.parent, sidecar.format, sidecar.width, sidecar.height, sidecar.sha256, sidecar.prompt], [{ file: relOf(source), sha256: sha256(before) }, 'webp', 800, 533, sha256(bytes), 'a wide harbour illustration']);
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(source)), Buffer.from(before), 'the original keeps its bytes');
    const second = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: source, maxWidth: 800 });
    assert.equal(second.file, `${stem}.800w-2.webp`, 'a second copy never overwrites the first');
  });

  it('saves an 800×533 AVIF web copy of a 1536×1024 PNG (format from the setting), with a sidecar naming its parent, smaller than the original', async () => {
    const source = await asset({ prompt: 'a wide harbour at dusk', size: '1536x1024', outputFormat: 'png' });
    const before = await vscode.workspace.fs.readFile(source);
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('webCopy.format', 'avif', vscode.ConfigurationTarget.Workspace);
    let r: WebCopyResult;
    try {
      r = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: source, maxWidth: 800 });
    } finally {
      await config.update('webCopy.format', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const stem = relOf(source).replace(/\.png$/, '');
    assert.equal(r.file, `${stem}.800w.avif`);
    const bytes = await read(r.file);
    assert.equal(r.bytes, bytes.length);
    assert.ok(r.bytes < r.originalBytes, `${r.bytes} < ${r.originalBytes}`);
    const header = readAvifHeader(bytes);
    assert.deepEqual([header.majorBrand, header.width, header.height], ['avif', 800, 533], 'ftyp avif, and the primary item declares 800×533');
    assert.deepEqual([r.width, r.height], [800, 533]);
    const sidecar = JSON.parse(Buffer.from(await read(`${r.file}.json`)).toString('utf8')) as { parent: string; format: string; width: number; height: number; sha256: string; contentCredentials: boolean };
    assert.deepEqual([sidecar.parent, sidecar.format, sidecar.width, sidecar.height, sidecar.sha256, sidecar.contentCredentials],
      [{ file: relOf(source), sha256: sha256(before) }, 'avif', 800, 533, sha256(bytes), false]);
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(source)), Buffer.from(before), 'the original keeps its bytes');
    const webp = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: source, maxWidth: 800 });
    assert.equal(webp.file, `${stem}.800w.webp`, 'with the setting back to its default the copy is WebP');
    const explicit = await vscode.commands.executeCommand<WebCopyResult>('pixelsmith.saveWebCopy', { uri: source, format: 'avif', maxWidth: 400 });
    assert.equal(explicit.file, `${stem}.400w.avif`, 'format: avif as an argument');
    assert.equal(readAvifHeader(await read(explicit.file)).width, 400);
  });

  it('refuses unknown and invalid arguments, naming the field', async () => {
    const err = async (cmd: string, args: unknown) => {
      try {
        await vscode.commands.executeCommand(cmd, args);
      } catch (e) {
        return e as Error & { field?: string };
      }
      assert.fail(`${cmd} accepted ${JSON.stringify(args)}`);
    };
    const unknown = await err('pixelsmith.exportIconSet', { uri: 'x.png', sizes: [16] });
    assert.match(unknown.message, /Unknown argument "sizes"/);
    assert.match((await err('pixelsmith.saveWebCopy', { uri: 'x.png', quality: 0 })).message, /quality must be a whole number from 1 to 100/);
    assert.match((await err('pixelsmith.exportIconSet', { uri: 'x.png', sets: ['ios'] })).message, /sets\[0\]/);
    assert.match((await err('pixelsmith.saveWebCopy', { uri: '../outside.png' })).message, /not inside an open workspace folder/);
    assert.match((await err('pixelsmith.saveWebCopy', { uri: 'x.png', format: 'jxl' })).message, /format must be webp or avif/);
  });
});
