// Illustrate Markdown in the real VS Code: one relative link after the selection (undo removes it in one step),
// after the section heading rather than inside a code block, `markdown.copyFiles.destination` followed with the
// path encoded, and the title and opening used when no editor position is known.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { inspectImage } from '../../src/core/imaging/inspect';
import { readAvifHeader } from './support/avif';
import { pixelsmithLogFiles, waitFor } from './support/pixelsmith';

interface Inserted { document: vscode.Uri; index: number; image: vscode.Uri; sidecarUri: vscode.Uri; markdown: string; alt: string; path: string; line: number; webCopy?: { uri: vscode.Uri; path: string; format: string } }
interface Result { generationId: string; prompt: string; inserted: Inserted[]; images: { index: number; savedUri?: vscode.Uri }[] }

// The fake provider when the harness started one (PIXELSMITH_TEST_PROVIDER=offline forces the offline placeholder).
const fake = process.env.PIXELSMITH_TEST_PROVIDER === 'offline' ? undefined : process.env.PIXELSMITH_TEST_FAKE_URL;
const provider = fake ? 'openai' : 'offline';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return folder.uri;
}

async function writeDoc(rel: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root(), ...rel.split('/'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function illustrate(args: Record<string, unknown>): Thenable<Result> {
  return vscode.commands.executeCommand<Result>('pixelsmith.illustrateMarkdown', { provider, skipCostConfirmation: true, size: '1024x1024', ...args });
}

const exists = (uri: vscode.Uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
const linkTarget = (doc: vscode.Uri, link: string) => vscode.Uri.joinPath(doc, '..', ...link.split('/').map(decodeURIComponent));

describe('markdown: Illustrate Markdown', () => {
  let validate: ReturnType<Ajv2020['compile']>;

  before(async () => {
    const ext = vscode.extensions.getExtension('pixelsmith.pixelsmith')!;
    await ext.activate();
    if (fake) {
      await vscode.workspace.getConfiguration('pixelsmith').update('openai.baseUrl', `${fake}/v1`, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'openai', key: 'sk-test' });
    }
    const schema = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'schemas', 'sidecar.schema.json'), 'utf8')) as object;
    validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  async function sidecarOf(uri: vscode.Uri): Promise<Record<string, unknown>> {
    const value = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Record<string, unknown>;
    assert.ok(validate(value), `${uri.path} does not validate: ${JSON.stringify(validate.errors)}`);
    return value;
  }

  it('with a selection inserts one relative link after its paragraph, and undo removes it', async () => {
    const lines = [
      '# Night sky', '',
      'Intro line of the paragraph.',
      'The comet passes over the hills at midnight. It glows green.',
      'Last line of the paragraph.', '',
      '## Next', '', 'More text.', '',
    ];
    const original = lines.join('\n');
    const uri = await writeDoc('docs/night-sky.md', original);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(3, 0, 3, 'The comet passes over the hills at midnight.'.length);
    const r = await illustrate({ uri });
    assert.equal(r.prompt, 'The comet passes over the hills at midnight.');
    assert.equal(r.inserted.length, 1);
    const link = r.inserted[0]!;
    const name = path.posix.basename(link.image.path);
    assert.equal(link.image.path, vscode.Uri.joinPath(root(), 'assets', 'illustrations', name).path, 'the illustration folder setting is used');
    assert.equal(link.path, `../assets/illustrations/${encodeURIComponent(name)}`);
    assert.equal(link.markdown, `![The comet passes over the hills at midnight](${link.path})`);
    assert.ok(await exists(linkTarget(uri, link.path)), 'the link resolves to the saved file');
    const expected = [...lines.slice(0, 5), '', link.markdown, ...lines.slice(5)].join('\n');
    assert.equal(doc.getText(), expected);
    assert.equal(link.line, 6);
    assert.equal(doc.getText().split('![').length - 1, 1, 'exactly one link');
    const sc = await sidecarOf(link.sidecarUri);
    assert.deepEqual(sc.source, { document: 'docs/night-sky.md', heading: 'Night sky' });
    assert.equal(sc.preset, 'illustration');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo removes the insertion');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows markdown.copyFiles.destination, encodes the path, and puts links after the heading, not in a code block', async () => {
    const md = vscode.workspace.getConfiguration('markdown');
    await md.update('copyFiles.destination', { '**/field notes.md': '/assets/${documentBaseName} shots/' }, vscode.ConfigurationTarget.Workspace);
    try {
      const lines = ['# Field notes', '', '## Tides', '', '```sh', 'echo tide', '```', '', 'Text about tides.', ''];
      const uri = await writeDoc('docs/field notes.md', lines.join('\n'));
      const r = await illustrate({ uri, prompt: 'Tide pools at low water: crabs and kelp', n: 2, position: { line: 5, character: 2 } });
      assert.equal(r.inserted.length, 2);
      const folder = vscode.Uri.joinPath(root(), 'assets', 'field notes shots');
      for (const link of r.inserted) {
        const name = path.posix.basename(link.image.path);
        assert.equal(link.image.path, vscode.Uri.joinPath(folder, name).path, 'saved where copyFiles.destination says');
        assert.equal(link.path, `../assets/field%20notes%20shots/${encodeURIComponent(name)}`);
        assert.equal(link.alt, 'Tide pools at low water');
        assert.ok(await exists(linkTarget(uri, link.path)));
        const sc = await sidecarOf(link.sidecarUri);
        assert.deepEqual(sc.source, { document: 'docs/field notes.md', heading: 'Tides' });
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      const [a, b] = r.inserted;
      assert.equal(doc.getText(), [...lines.slice(0, 3), '', a!.markdown, '', b!.markdown, ...lines.slice(3)].join('\n'));
      assert.deepEqual(r.inserted.map((l) => l.line), [4, 6]);
    } finally {
      await md.update('copyFiles.destination', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a copyFiles.destination regex that is refused says why in the Pixelsmith log, and the file is still saved', async () => {
    const md = vscode.workspace.getConfiguration('markdown');
    await md.update('copyFiles.destination', { '**/regex notes.md': '/assets/${documentBaseName/(a+)+$/x/}/' }, vscode.ConfigurationTarget.Workspace);
    try {
      const uri = await writeDoc('docs/regex notes.md', '# Regex notes\n\nText.\n');
      const r = await illustrate({ uri, prompt: 'A lighthouse drawn in chalk', n: 1, position: { line: 0, character: 0 } });
      assert.equal(path.posix.dirname(r.inserted[0]!.image.path), vscode.Uri.joinPath(root(), 'assets', 'regex notes').path, 'the value is kept unchanged');
      const said = await waitFor('the log to name the refused regex', async () => {
        for (const f of await pixelsmithLogFiles()) {
          const line = fs.readFileSync(f, 'utf8').split('\n').find((l) => l.includes('markdown.copyFiles.destination: ${documentBaseName/(a+)+$/x/}'));
          if (line) return line;
        }
        return undefined;
      });
      assert.match(said, /left \$\{documentBaseName\} unchanged: .*nested quantifiers/);
    } finally {
      await md.update('copyFiles.destination', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('without an editor position drafts from the title and opening and links after the title', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const lines = ['---', 'title: Harbour guide', '---', '', 'Boats come in at dawn.', '', '## Later', 'Nets.', ''];
    const uri = await writeDoc('docs/harbour.md', lines.join('\n'));
    const r = await illustrate({ uri });
    assert.equal(r.prompt, 'Harbour guide: Boats come in at dawn.');
    assert.equal(r.inserted.length, 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), [...lines.slice(0, 3), '', r.inserted[0]!.markdown, ...lines.slice(3)].join('\n'));
  });

  it('from the explorer (a Uri) opens the Generate panel and writes nothing yet', async () => {
    const text = '# Harbour lights\n\nLamps along the quay.\n';
    const uri = await writeDoc('docs/lights.md', text);
    const isPanel = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pixelsmith.generatePanel');
    const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(isPanel);
    // The tab model is updated asynchronously: wait for the panel's tab to appear (mocha's timeout bounds the wait).
    const opened = new Promise<vscode.Tab>((resolve) => {
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => { const t = find(); if (t) { sub.dispose(); resolve(t); } });
    });
    await vscode.commands.executeCommand('pixelsmith.illustrateMarkdown', uri);
    const panel = find() ?? (await opened);
    assert.equal(panel.label, 'Pixelsmith: Generate');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), text, 'nothing is inserted before a save');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('with pixelsmith.illustrate.insert webCopy links a WebP web copy saved beside the image (the file on disk says so)', async () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('illustrate.insert', 'webCopy', vscode.ConfigurationTarget.Workspace);
    try {
      const lines = ['# Web copies', '', 'A kite over the dunes.', ''];
      const uri = await writeDoc('docs/web copies.md', lines.join('\n'));
      const r = await illustrate({ uri, prompt: 'A kite over the dunes', position: { line: 0, character: 0 } });
      const link = r.inserted[0]!;
      assert.ok(link.webCopy, 'a web copy was made');
      const name = path.posix.basename(link.image.path);
      const copyName = name.replace(/\.png$/, '.1024w.webp');
      assert.equal(path.posix.basename(link.webCopy.uri.path), copyName, '<name>.<width>w.webp beside the original (1024 wide: never scaled up)');
      assert.equal(link.path, `../assets/illustrations/${encodeURIComponent(copyName)}`);
      assert.equal(link.markdown, `![A kite over the dunes](${link.path})`);
      const copy = await vscode.workspace.fs.readFile(linkTarget(uri, link.path));
      assert.deepEqual([inspectImage(copy).format, inspectImage(copy).width], ['webp', 1024]);
      const sc = await sidecarOf(vscode.Uri.joinPath(link.webCopy.uri, '..', `${copyName}.json`));
      assert.deepEqual(sc.parent, { file: `assets/illustrations/${name}`, sha256: (await sidecarOf(link.sidecarUri)).sha256 });
      const doc = await vscode.workspace.openTextDocument(uri);
      await doc.save();
      const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      assert.equal(onDisk, [...lines.slice(0, 1), '', link.markdown, ...lines.slice(1)].join('\n'));
      assert.ok(!onDisk.includes(encodeURIComponent(name)), 'the original is not linked');
    } finally {
      await config.update('illustrate.insert', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('with pixelsmith.illustrate.insert picture writes <picture> with the AVIF copy as its source and the original as the <img>', async () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('illustrate.insert', 'picture', vscode.ConfigurationTarget.Workspace);
    await config.update('webCopy.format', 'avif', vscode.ConfigurationTarget.Workspace);
    await config.update('webCopy.maxWidth', 640, vscode.ConfigurationTarget.Workspace);
    try {
      const lines = ['# Pictures', '', 'Lanterns on the river.', ''];
      const uri = await writeDoc('docs/pictures.md', lines.join('\n'));
      const r = await illustrate({ uri, prompt: 'Paper lanterns & boats on the river', position: { line: 0, character: 0 } });
      const link = r.inserted[0]!;
      const name = path.posix.basename(link.image.path);
      const copyName = name.replace(/\.png$/, '.640w.avif');
      const original = `../assets/illustrations/${encodeURIComponent(name)}`;
      const source = `../assets/illustrations/${encodeURIComponent(copyName)}`;
      const expected = `<picture><source srcset="${source}" type="image/avif"><img src="${original}" alt="Paper lanterns &amp; boats on the river"></picture>`;
      assert.equal(link.markdown, expected);
      assert.equal(link.path, original, 'path is the <img> fallback: the original');
      assert.equal(link.webCopy?.format, 'avif');
      const header = readAvifHeader(await vscode.workspace.fs.readFile(linkTarget(uri, source)));
      assert.deepEqual([header.majorBrand, header.width, header.height], ['avif', 640, 640]);
      const copySidecar = await sidecarOf(vscode.Uri.joinPath(link.webCopy!.uri, '..', `${copyName}.json`));
      assert.deepEqual([copySidecar.format, copySidecar.width, (copySidecar.parent as { file: string }).file], ['avif', 640, `assets/illustrations/${name}`], 'the AVIF copy\'s sidecar validates against the schema');
      assert.ok(await exists(linkTarget(uri, original)));
      const doc = await vscode.workspace.openTextDocument(uri);
      await doc.save();
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), [...lines.slice(0, 1), '', expected, ...lines.slice(1)].join('\n'));
    } finally {
      for (const key of ['illustrate.insert', 'webCopy.format', 'webCopy.maxWidth']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refuses an unknown pixelsmith.illustrate.insert value before generating', async () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('illustrate.insert', 'thumbnail', vscode.ConfigurationTarget.Workspace);
    try {
      const uri = await writeDoc('docs/refused.md', '# Refused\n\nText.\n');
      await assert.rejects(Promise.resolve(illustrate({ uri, prompt: 'anything' })), /pixelsmith\.illustrate\.insert must be original, webCopy, picture/);
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), '# Refused\n\nText.\n');
    } finally {
      await config.update('illustrate.insert', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refuses what is not a markdown document, and unknown arguments, before generating', async () => {
    await assert.rejects(Promise.resolve(illustrate({ uri: vscode.Uri.joinPath(root(), 'package.json') })), /not a markdown document|Cannot open/);
    const uri = await writeDoc('docs/plain.md', '# Plain\n\nText.\n');
    await assert.rejects(Promise.resolve(illustrate({ uri, colour: 'red' })), /Unknown argument "colour"/);
    await assert.rejects(Promise.resolve(illustrate({ uri, folder: '../elsewhere' })), /outside the workspace/);
  });
});
