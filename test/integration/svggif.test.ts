// SVG and GIF outputs end to end through `pixelsmith.generate` against the fake provider: an SVG icon saved as .svg
// with its sidecar, an animated GIF saved as .gif with its frames, and an SVG with a <script> never written.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { inspectImage } from '../../src/core/imaging/inspect';
import { svgHazards } from '../../src/core/imaging/svg-safety';
import { fake } from './support/fake';
import { clearProviders, generate, generateError, historyRoot, readRecord, useFake } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};
const folder = () => vscode.Uri.joinPath(workspace(), 'svggif');
const listFolder = async (): Promise<string[]> => (await vscode.workspace.fs.readDirectory(folder()).then(undefined, () => [])).map(([n]) => n).sort();

describe('SVG and GIF outputs', function () {
  this.timeout(60_000);

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

  it('saves an SVG icon from gpt-image-2.6-sunburst as .svg with its sidecar', async () => {
    const r = await generate({ prompt: 'a paper plane icon', model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', size: '1024x1024', save: 'all', folder: 'svggif' });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const image = r.images[0]!;
    assert.ok(image.savedUri && image.sidecarUri, 'saved with a sidecar');
    assert.match(image.savedUri.path, /\.svg$/);
    assert.equal(image.sidecarUri.path, `${image.savedUri.path}.json`);
    const bytes = await vscode.workspace.fs.readFile(image.savedUri);
    assert.deepEqual(Buffer.from(bytes), Buffer.from(await fake.servedBytes(0)), 'the bytes the provider returned');
    assert.equal(inspectImage(bytes).format, 'svg');
    const sidecar = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(image.sidecarUri)).toString('utf8')) as { format: string; model: string; parameters: { outputFormat: string } };
    assert.equal(sidecar.format, 'svg');
    assert.equal(sidecar.model, 'gpt-image-2.6-sunburst');
    assert.equal(sidecar.parameters.outputFormat, 'svg');
    const [request] = await fake.requests('openai.generate');
    assert.equal((request!.json as { output_format?: string }).output_format, 'svg');
  });

  it('saves an animated GIF as .gif with the frames asked for (gifFrames, gifFrameDurationMs)', async () => {
    const r = await generate({ prompt: 'a spinning star', model: 'gpt-image-2.6-flare', outputFormat: 'gif', gifFrames: 6, gifFrameDurationMs: 120, size: '256x256', save: 'all', folder: 'svggif' });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const saved = r.images[0]!.savedUri!;
    assert.match(saved.path, /\.gif$/);
    const info = inspectImage(await vscode.workspace.fs.readFile(saved));
    assert.deepEqual([info.format, info.width, info.height, info.frames], ['gif', 256, 256, 6], 'the 6 frames asked for');
    const [sent] = await fake.requests('openai');
    const body = (sent!.json ?? {}) as { frame_count?: number; frame_duration_ms?: number };
    assert.deepEqual([body.frame_count, body.frame_duration_ms], [6, 120], 'gifFrames and gifFrameDurationMs reach the API as the SDK names them');
    assert.deepEqual(await listFolder(), [saved.path.split('/').pop(), `${saved.path.split('/').pop()}.json`]);
    const sidecar = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(r.images[0]!.sidecarUri!)).toString('utf8')) as { parameters: { gifFrames?: number; gifFrameDurationMs?: number } };
    assert.deepEqual([sidecar.parameters.gifFrames, sidecar.parameters.gifFrameDurationMs], [6, 120], 'the sidecar records the animation asked for');
  });

  it('never writes an SVG with a <script> into the workspace, and the error says why', async () => {
    await fake.on('openai.generate', { kind: 'svg-script' });
    const err = await generateError({ prompt: 'an icon', model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', size: '1024x1024', save: 'all', folder: 'svggif' });
    assert.equal(err.code, 'bad-image');
    assert.match(err.message, /Image 1 \(SVG\) was not saved because it contains a <script> element/);
    assert.deepEqual(await listFolder(), [], 'nothing written into the workspace');
    const served = await fake.servedBytes(0);
    assert.ok(svgHazards(served).length > 0, 'the fake did serve a hostile SVG');
    const root = await historyRoot();
    // The newest record by its creation time: ids made in the same second sort by their random part.
    const ids = (await vscode.workspace.fs.readDirectory(vscode.Uri.file(root))).map(([n]) => n).filter((n) => /^\d{8}-/.test(n));
    const records = await Promise.all(ids.map((id) => readRecord(id)));
    const record = records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)!;
    assert.equal(record.errors[0]?.file, '01.refused.svg');
    const kept = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.file(root), record.id, '01.refused.svg'));
    assert.deepEqual(Buffer.from(kept), Buffer.from(served), 'kept in the history byte for byte');
  });

  it('saves a sanitized copy of a refused SVG with its sidecar, and the original stays in the history untouched', async () => {
    await fake.on('openai.generate', { kind: 'svg-script' });
    const err = await generateError({ prompt: 'a shield icon', model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', size: '1024x1024', save: 'all', folder: 'svggif' }) as Error & { generationId?: string; sanitizable?: true };
    assert.equal(err.sanitizable, true, 'the error offers a sanitized copy');
    assert.ok(err.generationId, 'and names its generation');
    const served = Buffer.from(await fake.servedBytes(0));
    const r = await vscode.commands.executeCommand<{ savedUri: vscode.Uri; sidecarUri: vscode.Uri; removed: string[] }>('pixelsmith.saveSanitizedSvg', { generationId: err.generationId, index: 0, folder: 'svggif' });
    assert.match(r.savedUri.path, /\/svggif\/[^/]+\.svg$/);
    assert.ok(r.removed.some((x) => /script/.test(x)), r.removed.join('; '));
    const copy = await vscode.workspace.fs.readFile(r.savedUri);
    assert.deepEqual(svgHazards(copy), [], 'the copy is free of the hostile parts');
    assert.doesNotMatch(Buffer.from(copy).toString('utf8'), /<script/);
    assert.equal(inspectImage(copy).format, 'svg');
    const sidecar = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(r.sidecarUri)).toString('utf8')) as { format: string; sha256: string };
    assert.equal(sidecar.format, 'svg');
    assert.deepEqual(await listFolder(), [r.savedUri.path.split('/').pop(), r.sidecarUri.path.split('/').pop()].sort());
    const root = await historyRoot();
    const kept = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.file(root), err.generationId!, '01.refused.svg'));
    assert.deepEqual(Buffer.from(kept), served, 'the original is kept in the history byte for byte');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.saveSanitizedSvg', { generationId: err.generationId, index: 3 })), /index: image 3 .* is not a refused SVG/);
  });
});
