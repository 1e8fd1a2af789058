// Saving into the workspace in the real VS Code: byte-for-byte copies (sha256 equal to what the provider served,
// caBX intact), sidecars that validate against schemas/sidecar.schema.json, names from the prompt that never
// overwrite, and destinations outside the workspace refused with nothing written.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';

interface Img { uri: vscode.Uri; savedUri?: vscode.Uri; sidecarUri?: vscode.Uri; index: number; width: number; height: number; format: string; sha256: string }
interface Result { generationId: string; images: Img[]; errors: unknown[] }
interface Served { n: number; sha256: string; hasCaBX: boolean }

// The fake provider when the harness started one (PIXELSMITH_TEST_PROVIDER=offline forces the offline placeholder).
const fake = process.env.PIXELSMITH_TEST_PROVIDER === 'offline' ? undefined : process.env.PIXELSMITH_TEST_FAKE_URL;
const provider = fake ? 'openai' : 'offline';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return folder.uri;
}

function generate(args: Record<string, unknown>): Thenable<Result> {
  return vscode.commands.executeCommand<Result>('pixelsmith.generate', { provider, skipCostConfirmation: true, size: '1024x1024', ...args });
}

/** PNG chunk types, in order. */
function pngChunks(b: Uint8Array): string[] {
  const out: string[] = [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let p = 8; p + 8 <= b.length;) {
    const len = view.getUint32(p);
    out.push(Buffer.from(b.subarray(p + 4, p + 8)).toString('latin1'));
    p += 12 + len;
  }
  return out;
}

async function served(): Promise<Served[]> {
  const body = (await (await fetch(`${fake}/__control/served`)).json()) as { served: Served[] };
  return body.served;
}

async function servedBytes(n: number): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(`${fake}/__control/served/${n}/bytes`)).arrayBuffer());
}

export async function configureProvider(): Promise<void> {
  await vscode.extensions.getExtension('pixelsmith.pixelsmith')!.activate();
  if (!fake) return;
  await vscode.workspace.getConfiguration('pixelsmith').update('openai.baseUrl', `${fake}/v1`, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'openai', key: 'sk-test' });
}

const exists = (uri: vscode.Uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);

describe('assets: saving into the workspace', () => {
  let validate: ReturnType<Ajv2020['compile']>;
  const written: vscode.Uri[] = [];

  before(async () => {
    await configureProvider();
    const ext = vscode.extensions.getExtension('pixelsmith.pixelsmith')!;
    const schema = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'schemas', 'sidecar.schema.json'), 'utf8')) as object;
    validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  });

  async function sidecarOf(uri: vscode.Uri): Promise<Record<string, unknown>> {
    written.push(uri);
    const value = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Record<string, unknown>;
    assert.ok(validate(value), `${uri.path} does not validate: ${JSON.stringify(validate.errors)}`);
    return value;
  }

  it('saving n images writes n files and n sidecars, byte for byte as served, with caBX intact', async () => {
    const before = fake ? (await served()).length : 0;
    const prompt = 'A brass lighthouse at dusk, warm light';
    const r = await generate({ prompt, n: 3, save: 'all', folder: 'saved/lighthouse' });
    assert.equal(r.images.length, 3);
    const folder = vscode.Uri.joinPath(root(), 'saved', 'lighthouse');
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();
    assert.equal(names.filter((n) => n.endsWith('.png')).length, 3, names.join(', '));
    assert.equal(names.filter((n) => n.endsWith('.png.json')).length, 3, names.join(', '));
    assert.ok(!names.some((n) => n.endsWith('.tmp')), 'no temporary file is left behind');
    const servedNow = fake ? (await served()).slice(before) : [];
    for (const img of r.images) {
      assert.ok(img.savedUri && img.sidecarUri, `image ${img.index} was saved`);
      assert.equal(img.sidecarUri.path, `${img.savedUri.path}.json`);
      const saved = await vscode.workspace.fs.readFile(img.savedUri);
      const history = await vscode.workspace.fs.readFile(img.uri);
      assert.equal(sha(saved), sha(history), 'saved bytes equal the history bytes');
      assert.equal(sha(saved), img.sha256);
      if (fake) {
        const match = servedNow.find((x) => x.sha256 === sha(saved));
        assert.ok(match, `image ${img.index}: no served image has sha256 ${sha(saved)}`);
        assert.equal(sha(await servedBytes(match.n)), sha(saved), 'bytes equal the served bytes');
        assert.ok(match.hasCaBX, 'the fake served a caBX chunk');
        assert.ok(pngChunks(saved).includes('caBX'), 'the caBX chunk is intact in the saved file');
      }
      const sc = await sidecarOf(img.sidecarUri);
      assert.equal(sc.prompt, prompt);
      assert.equal(sc.provider, provider);
      assert.equal(sc.generationId, r.generationId);
      assert.equal(sc.index, img.index);
      assert.equal(sc.sha256, sha(saved));
      assert.equal(sc.bytes, saved.length);
      assert.equal(sc.width, img.width);
      assert.equal(sc.height, img.height);
      assert.equal(sc.format, 'png');
      assert.equal(sc.contentCredentials, Boolean(fake));
      assert.equal(sc.schemaVersion, 1);
      assert.deepEqual(sc.parameters, { size: '1024x1024', quality: (sc.parameters as { quality: string }).quality, background: 'auto', outputFormat: 'png', n: 3 });
      assert.ok(typeof sc.createdAt === 'string' && !Number.isNaN(Date.parse(sc.createdAt)));
    }
    // The history record knows which candidates were saved (the gallery tells saved from unsaved by it).
    const record = JSON.parse(fs.readFileSync(path.join(path.dirname(r.images[0]!.uri.fsPath), 'generation.json'), 'utf8')) as { saved: { index: number; path: string }[] };
    assert.deepEqual(record.saved.map((x) => x.index).sort(), [0, 1, 2]);
    assert.deepEqual(record.saved.map((x) => x.path).sort(), r.images.map((i) => i.savedUri!.toString()).sort());
  });

  it('a name clash gets the next free suffix and leaves the old file untouched', async () => {
    const folder = vscode.Uri.joinPath(root(), 'saved', 'clash');
    await vscode.workspace.fs.createDirectory(folder);
    const old = new TextEncoder().encode('an existing asset that must survive');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'red-kite.png'), old);
    const first = await generate({ prompt: 'Red kite', save: 'all', folder: 'saved/clash' });
    const second = await generate({ prompt: 'Red kite', save: 'all', folder: 'saved/clash' });
    assert.equal(path.posix.basename(first.images[0]!.savedUri!.path), 'red-kite-2.png');
    assert.equal(path.posix.basename(second.images[0]!.savedUri!.path), 'red-kite-3.png');
    assert.equal(sha(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'red-kite.png'))), sha(old), 'the old file is untouched');
    assert.equal(sha(await vscode.workspace.fs.readFile(first.images[0]!.savedUri!)), first.images[0]!.sha256, 'the first save is not overwritten by the second');
    await sidecarOf(first.images[0]!.sidecarUri!);
    await sidecarOf(second.images[0]!.sidecarUri!);
  });

  it('a destination outside the workspace is refused and nothing is written', async () => {
    const outsideName = `pixelsmith-outside-${process.pid}-${Date.now()}`;
    const parent = vscode.Uri.joinPath(root(), '..');
    await assert.rejects(
      Promise.resolve(generate({ prompt: 'Escaping fox', save: 'all', folder: `../${outsideName}` })),
      (e: Error) => /outside the workspace/.test(e.message) && e.message.includes(outsideName),
    );
    assert.equal(await exists(vscode.Uri.joinPath(parent, outsideName)), false);
    const absolute = path.join(os.tmpdir(), outsideName);
    await assert.rejects(
      Promise.resolve(generate({ prompt: 'Escaping fox', save: 'all', folder: vscode.Uri.file(absolute) })),
      /outside the workspace/,
    );
    assert.equal(fs.existsSync(absolute), false);
    assert.equal(await exists(vscode.Uri.joinPath(root(), 'escaping-fox.png')), false);
  });

  it('a folder setting that leaves the workspace is refused with the setting named', async () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('folders.mockup', '../../elsewhere', vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(Promise.resolve(generate({ prompt: 'Login screen', preset: 'mockup', save: 'all' })),
        (e: Error & { field?: string }) => /outside the workspace/.test(e.message) && e.field === 'pixelsmith.folders.mockup');
    } finally {
      await config.update('folders.mockup', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a Korean prompt gives a readable file name in its own script', async () => {
    const r = await generate({ prompt: '바닷가의 작은 등대', save: 'all', folder: 'saved/korean' });
    const name = path.posix.basename(r.images[0]!.savedUri!.path);
    assert.equal(name.normalize('NFC'), '바닷가의-작은-등대.png');
    assert.ok(await exists(r.images[0]!.savedUri!));
    const sc = await sidecarOf(r.images[0]!.sidecarUri!);
    assert.equal(sc.prompt, '바닷가의 작은 등대');
  });

  it('the naming pattern setting and the per-preset folder are followed', async () => {
    const config = vscode.workspace.getConfiguration('pixelsmith');
    await config.update('naming.pattern', '{preset}-{slug}-{index}', vscode.ConfigurationTarget.Workspace);
    await config.update('folders.icon', 'brand/icons', vscode.ConfigurationTarget.Workspace);
    try {
      const r = await generate({ prompt: 'Paper boat', preset: 'icon', n: 2, save: [1], model: 'gpt-image-1.5' });
      assert.equal(r.images.filter((i) => i.savedUri).length, 1, 'only the chosen index is saved');
      const saved = r.images.find((i) => i.savedUri)!;
      assert.equal(saved.index, 1);
      assert.equal(saved.savedUri!.path, vscode.Uri.joinPath(root(), 'brand', 'icons', 'icon-paper-boat-2.png').path);
      const sc = await sidecarOf(saved.sidecarUri!);
      assert.equal(sc.preset, 'icon');
      assert.equal(sc.index, 1);
    } finally {
      await config.update('naming.pattern', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('folders.icon', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('every sidecar written validates against the schema', () => {
    assert.ok(written.length >= 7, `expected the tests above to write sidecars, got ${written.length}`);
  });
});
