// Markup overlays end to end through `pixelsmith.generate` against the fake provider: a transparent PNG drawn over the
// first reference is uploaded as the edit's `markup` part (gpt-image-2.5), kept in the history and named in the
// sidecar; on a model without markup it is refused before anything is sent, naming the field.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fake } from './support/fake';
import { clearProviders, generate, generateError, historyFiles, historyRoot, readRecord, sha256, useFake } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};
const folder = () => vscode.Uri.joinPath(workspace(), 'markup');

/** Writes a workspace file from an offline generation's first image; returns its path and sha256. */
async function offlineImage(file: string, args: Record<string, unknown>): Promise<{ path: string; sha256: string }> {
  const r = await generate({ prompt: `markup test ${file}`, provider: 'offline', size: '1024x1024', ...args });
  const bytes = await vscode.workspace.fs.readFile(r.images[0]!.uri);
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), file), bytes);
  return { path: `markup/${file}`, sha256: sha256(bytes) };
}

describe('markup overlays', function () {
  this.timeout(60_000);
  let scene: { path: string; sha256: string };
  let marks: { path: string; sha256: string };

  before(async () => {
    await historyRoot();
    await useFake();
    scene = await offlineImage('scene.png', { outputFormat: 'png' });
    marks = await offlineImage('marks.png', { outputFormat: 'png', model: 'gpt-image-2.5-sunburst', background: 'transparent' });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await clearProviders();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('uploads markup as its own PNG part of the edit; it is kept in the history and named in the sidecar', async () => {
    const r = await generate({
      prompt: 'make the circled boat red', provider: 'openai', model: 'gpt-image-2.5-sunburst', size: '1024x1024',
      references: [scene.path], markup: vscode.Uri.joinPath(workspace(), marks.path), save: 'all', folder: 'markup/out',
    });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const [q, ...rest] = await fake.requests();
    assert.equal(rest.length, 0);
    assert.equal(q!.route, 'openai.edit');
    assert.equal(q!.fields?.model, 'gpt-image-2.5-sunburst');
    const files = q!.files ?? [];
    assert.deepEqual(files.filter((f) => f.field === 'markup').map((f) => [f.contentType, f.sha256]), [['image/png', marks.sha256]], 'the markup, byte for byte');
    assert.deepEqual(files.filter((f) => f.field === 'image[]' || f.field === 'image').map((f) => f.sha256), [scene.sha256]);
    assert.equal(files.some((f) => f.field === 'mask'), false, 'no mask with markup');
    const record = await readRecord(r.generationId);
    assert.equal(record.request.markup?.sha256, marks.sha256);
    assert.equal(record.request.markup?.source, marks.path);
    assert.ok((await historyFiles(r.generationId)).includes('markup.png'), 'markup.png kept beside the result');
    const sidecar = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(r.images[0]!.sidecarUri!)).toString('utf8')) as { markup?: string; references: string[] };
    assert.equal(sidecar.markup, marks.path);
    assert.deepEqual(sidecar.references, [scene.path]);
  });

  it('is refused on gpt-image-2 before anything is sent, naming the field and the models that take it', async () => {
    const e = await generateError({ prompt: 'x', provider: 'openai', model: 'gpt-image-2', size: '1024x1024', references: [scene.path], markup: marks.path });
    assert.equal(e.field, 'markup');
    assert.match(e.message, /gpt-image-2 does not take markup; models that can: gpt-image-2\.5-sunburst and gpt-image-2\.5-flare/);
    assert.deepEqual(await fake.requests(), []);
  });

  it('is refused with a mask, and a missing markup file is named', async () => {
    const both = await generateError({ prompt: 'x', provider: 'openai', model: 'gpt-image-2.5-flare', size: '1024x1024', references: [scene.path], markup: marks.path, mask: marks.path });
    assert.equal(both.field, 'markup');
    assert.match(both.message, /cannot be combined with a mask/);
    const missing = await generateError({ prompt: 'x', provider: 'openai', model: 'gpt-image-2.5-flare', references: [scene.path], markup: 'markup/none.png' });
    assert.equal(missing.field, 'markup');
    assert.deepEqual(await fake.requests(), []);
  });
});
