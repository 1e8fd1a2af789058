// The engine's features end to end through `pixelsmith.generate` against the fake provider: edits with
// workspace references and a mask, streamed partial images, n=8 split across calls, a 12-frame sequence in
// batches, cancel mid-flight (pixelsmith.cancelGeneration), and saving into the workspace.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { assertCompleteAsServed } from './support/assertions';
import { fake } from './support/fake';
import {
  clearProviders, generate, generateError, historyFiles, historyIds, historyRoot, readHistoryFile, readRecord, sha256, useFake, waitFor,
  type GenerationRecord,
} from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};

/** Writes reference images (PNG, JPEG, WebP) and a PNG mask into the workspace, made by the offline provider. */
async function writeReferences(): Promise<Record<'png' | 'jpeg' | 'webp' | 'mask', { path: string; sha256: string }>> {
  const out = {} as Record<'png' | 'jpeg' | 'webp' | 'mask', { path: string; sha256: string }>;
  const make = async (key: keyof typeof out, file: string, args: Record<string, unknown>) => {
    const r = await generate({ prompt: `reference ${key}`, provider: 'offline', size: '1024x1024', ...args });
    const bytes = await vscode.workspace.fs.readFile(r.images[0]!.uri);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), 'refs', file), bytes);
    out[key] = { path: `refs/${file}`, sha256: sha256(bytes) };
  };
  await make('png', 'scene.png', { outputFormat: 'png' });
  await make('jpeg', 'photo.jpg', { outputFormat: 'jpeg' });
  await make('webp', 'style.webp', { outputFormat: 'webp' });
  await make('mask', 'mask.png', { outputFormat: 'png', model: 'gpt-image-1.5', background: 'transparent' });
  return out;
}

/** A generation of this run that has not finished yet and satisfies `ready`, by polling the history. */
async function runningGeneration(known: ReadonlySet<string>, what: string, ready: (r: GenerationRecord) => boolean): Promise<GenerationRecord> {
  return waitFor(what, async () => {
    for (const id of await historyIds()) {
      if (known.has(id)) continue;
      const r = await readRecord(id).catch(() => undefined);
      if (r && r.status === 'running' && ready(r)) return r;
    }
    return undefined;
  });
}

describe('generate: edits, streaming, splitting, sequences, cancel, save', function () {
  this.timeout(60_000);
  let refs: Awaited<ReturnType<typeof writeReferences>>;

  before(async () => {
    await historyRoot();
    await useFake();
    refs = await writeReferences();
  });
  after(async () => {
    await clearProviders();
    // Leave the workspace as it was for the other suites (the gallery indexes saved assets).
    for (const dir of ['refs', 'saved']) await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspace(), dir), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  beforeEach(() => fake.reset());

  it('OpenAI edit: workspace references upload as image[] parts with their MIME types, and the mask as PNG', async () => {
    const r = await generate({
      prompt: 'make it night', provider: 'openai', size: '1024x1024',
      references: [refs.png.path, vscode.Uri.joinPath(workspace(), refs.jpeg.path), vscode.Uri.joinPath(workspace(), refs.webp.path).toString()],
      mask: refs.mask.path,
    });
    const [q, ...rest] = await fake.requests();
    assert.equal(rest.length, 0);
    assert.equal(q!.route, 'openai.edit');
    assert.equal(q!.fields?.prompt, 'make it night');
    const images = (q!.files ?? []).filter((f) => f.field === 'image[]' || f.field === 'image');
    assert.deepEqual(images.map((f) => [f.contentType, f.sha256]),
      [['image/png', refs.png.sha256], ['image/jpeg', refs.jpeg.sha256], ['image/webp', refs.webp.sha256]]);
    assert.ok(images.every((f) => f.field === 'image[]'), `field names: ${images.map((f) => f.field).join(', ')}`);
    const mask = (q!.files ?? []).filter((f) => f.field === 'mask');
    assert.deepEqual(mask.map((f) => [f.contentType, f.sha256]), [['image/png', refs.mask.sha256]]);
    await assertCompleteAsServed(r, await fake.served());
    const record = await readRecord(r.generationId);
    assert.deepEqual(record.request.references?.map((x) => [x.source, x.mimeType, x.sha256]),
      [[refs.png.path, 'image/png', refs.png.sha256], [refs.jpeg.path, 'image/jpeg', refs.jpeg.sha256], [refs.webp.path, 'image/webp', refs.webp.sha256]]);
    assert.equal(record.request.mask?.sha256, refs.mask.sha256);
    const files = await historyFiles(r.generationId);
    for (const f of ['ref-0.png', 'ref-1.jpg', 'ref-2.webp', 'mask.png']) assert.ok(files.includes(f), `${f} kept beside the result (${files.join(', ')})`);
  });

  it('Azure edit and fal edit carry the references too (Azure multipart, fal data URIs)', async () => {
    const a = await generate({ prompt: 'azure edit', provider: 'azure', size: '1024x1024', references: [refs.jpeg.path], mask: refs.mask.path });
    const [qa] = await fake.requests('azure');
    assert.equal(qa!.path, '/openai/deployments/gpt-image-2/images/edits');
    // The images in their order, the mask apart (openai 7 sends the mask part first).
    const parts = (qa!.files ?? []).map((f) => [f.field, f.contentType, f.sha256]);
    assert.deepEqual(parts.filter(([field]) => field !== 'mask'), [['image[]', 'image/jpeg', refs.jpeg.sha256]]);
    assert.deepEqual(parts.filter(([field]) => field === 'mask'), [['mask', 'image/png', refs.mask.sha256]]);
    await assertCompleteAsServed(a, await fake.served());
    await fake.reset();
    const f = await generate({ prompt: 'fal edit', provider: 'fal', size: '1024x1024', references: [refs.png.path, refs.webp.path] });
    const [qf] = await fake.requests('fal.submit');
    assert.equal(qf!.path, '/openai/gpt-image-2/edit');
    assert.deepEqual((qf!.files ?? []).map((x) => [x.contentType, x.sha256]), [['image/png', refs.png.sha256], ['image/webp', refs.webp.sha256]]);
    await assertCompleteAsServed(f, await fake.served());
  });

  it('streaming: partial images arrive and are kept in the history before the final images', async () => {
    const r = await generate({ prompt: 'a streamed comet', provider: 'openai', n: 2, partialImages: 2, size: '1024x1024' });
    const reqs = await fake.requests('openai.generate');
    assert.equal(reqs.length, 2, 'one streamed call per image');
    for (const q of reqs) assert.deepEqual(pick(q.json, ['stream', 'partial_images', 'n']), { stream: true, partial_images: 2, n: 1 });
    await assertCompleteAsServed(r, await fake.served());
    const record = await readRecord(r.generationId);
    assert.deepEqual(record.partials.map((p) => `${p.index}:${p.partialIndex}`).sort(), ['0:0', '0:1', '1:0', '1:1']);
    const files = await historyFiles(r.generationId);
    for (const p of record.partials) {
      assert.ok(files.includes(p.file), `partial ${p.file} on disk`);
      const bytes = await readHistoryFile(r.generationId, p.file);
      assert.ok(!r.images.some((i) => i.sha256 === sha256(bytes)), 'a partial is a preview, not the final image');
    }
  });

  it('n=8 on fal (at most 4 per call) is split into two calls of 4; all 8 kept', async () => {
    const r = await generate({ prompt: 'eight stickers', provider: 'fal', n: 8, size: '1024x1024', quality: 'low' });
    const submits = await fake.requests('fal.submit');
    assert.deepEqual(submits.map((q) => (q.json as { num_images: number }).num_images), [4, 4]);
    assert.deepEqual(r.images.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal((await fake.requests('file')).length, 8);
    await assertCompleteAsServed(r, await fake.served());
  });

  it('a 12-frame sequence runs in batches; the second batch uses the first batch\'s last frame as its reference', async () => {
    const r = await generate({ prompt: 'a comic: a cat learns to fly', provider: 'openai', frames: 12, size: '1024x1024', quality: 'low', preset: 'sequence' });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    assert.deepEqual(r.images.map((i) => i.index), [...Array(12).keys()]);
    const reqs = await fake.requests('openai');
    assert.deepEqual(reqs.map((q) => q.route), ['openai.generate', 'openai.edit']);
    const [first, second] = reqs;
    assert.equal((first!.json as { n: number }).n, 8);
    assert.equal(second!.fields?.n, '4');
    assert.match(second!.fields?.prompt ?? '', /^a comic: a cat learns to fly/);
    assert.match(second!.fields?.prompt ?? '', /frames 9–12 of 12/);
    const frame8 = r.images.find((i) => i.index === 7)!;
    assert.deepEqual((second!.files ?? []).map((f) => [f.field, f.contentType, f.sha256]), [['image[]', 'image/png', frame8.sha256]],
      'the only reference of batch 2 is frame 8, byte for byte');
    assert.ok(Date.parse(second!.receivedAt) >= Date.parse(first!.receivedAt));
    await assertCompleteAsServed(r, await fake.served());
  });

  it('cancel mid-flight (pixelsmith.cancelGeneration): what arrived before the cancel stays in the history', async () => {
    // Image A streams through; image B sends one partial, then stalls for ten minutes.
    await fake.rules([
      { route: 'openai.generate', behaviour: { kind: 'ok' }, times: 1 },
      { route: 'openai.generate', behaviour: { kind: 'chunked', chunkBytes: 1 << 20, intervalMs: 600_000 }, times: 'always' },
    ]);
    const known = new Set(await historyIds());
    const pending = generate({ prompt: 'cancel me', provider: 'openai', n: 2, partialImages: 1, size: '1024x1024' });
    const running = await runningGeneration(known, 'one image and both partials in the history', (r) => r.images.length === 1 && r.partials.length === 2);
    const answer = await vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: running.id });
    assert.deepEqual(answer, { cancelled: [running.id] });
    const r = await pending;
    assert.equal(r.generationId, running.id);
    assert.equal(r.status, 'cancelled');
    assert.equal(r.images.length, 1);
    const kept = r.images[0]!;
    const other = kept.index === 0 ? 1 : 0;
    assert.deepEqual(r.errors.map((e) => [e.index, e.code]), [[other, 'cancelled']]);
    const record = await readRecord(r.generationId);
    assert.equal(record.status, 'cancelled');
    assert.equal(record.images.length, 1);
    assert.deepEqual(record.partials.map((p) => p.index).sort(), [0, 1], 'the stalled image\'s partial is kept too');
    const files = await historyFiles(r.generationId);
    for (const p of record.partials) assert.ok(files.includes(p.file));
    assert.equal(sha256(await readHistoryFile(r.generationId, kept.uri.path.split('/').pop()!)), kept.sha256);
    const served = (await fake.served()).find((s) => s.sha256 === kept.sha256);
    assert.ok(served && served.hasCaBX, 'the kept image is the served one');
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: running.id }), { cancelled: [] }, 'nothing left to cancel');
  });

  it('cancel on fal stops polling and asks fal to cancel the queued request; nothing paid is lost', async () => {
    await fake.on('fal.status', { kind: 'hang' }, 'always');
    const known = new Set(await historyIds());
    const pending = generateError({ prompt: 'cancel the queue', provider: 'fal', size: '1024x1024' });
    await waitFor('a status poll', async () => (await fake.requests('fal.status')).length > 0);
    const running = await runningGeneration(known, 'the fal generation', () => true);
    const answer = await vscode.commands.executeCommand('pixelsmith.cancelGeneration');
    assert.deepEqual(answer, { cancelled: [running.id] }, 'no argument cancels every running generation');
    const err = await pending;
    assert.equal(err.code, 'cancelled', err.message);
    const [submit] = await fake.requests('fal.submit');
    const cancels = await waitFor('the cancel request', async () => { const c = await fake.requests('fal.cancel'); return c.length ? c : undefined; });
    assert.equal(cancels[0]!.path, `${submit!.path}/requests/${(await jobId(submit!.id))}/cancel`);
    const record = await readRecord(running.id);
    assert.equal(record.status, 'cancelled');
    assert.deepEqual(record.images, []);
  });

  it('invalid cancel argument names the field', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: 42 })), /generationId/);
  });

  it('quality xhigh on gpt-image-2.5-flare reaches the provider and the record', async () => {
    const r = await generate({ prompt: 'a detailed map', provider: 'openai', model: 'gpt-image-2.5-flare', quality: 'xhigh', size: '1024x1024' });
    const [q] = await fake.requests('openai.generate');
    assert.deepEqual(pick(q!.json, ['model', 'quality']), { model: 'gpt-image-2.5-flare', quality: 'xhigh' });
    assert.equal((await readRecord(r.generationId)).request.quality, 'xhigh');
  });

  it('Generate Icon… headless: transparent PNG, switching gpt-image-2 (no transparency) to gpt-image-2.5-sunburst', async () => {
    const r = await vscode.commands.executeCommand<{ images: { format: string; width: number }[]; generationId: string }>(
      'pixelsmith.generateIcon', { prompt: 'a gear icon', provider: 'openai', skipCostConfirmation: true });
    const [q] = await fake.requests('openai.generate');
    assert.deepEqual(pick(q!.json, ['model', 'background', 'output_format', 'size']),
      { model: 'gpt-image-2.5-sunburst', background: 'transparent', output_format: 'png', size: '1024x1024' });
    assert.equal(r.images[0]!.format, 'png');
    // IHDR colour type (byte 25): 6 is truecolour with alpha.
    assert.equal((await readHistoryFile(r.generationId, '01.png'))[25], 6, 'an RGBA PNG');
    assert.equal((await readRecord(r.generationId)).request.preset, 'icon');
    await fake.reset();
    // A model the caller chose is kept; the preset's transparency is dropped instead.
    await vscode.commands.executeCommand('pixelsmith.generateIcon', { prompt: 'a gear icon', provider: 'openai', model: 'gpt-image-2', skipCostConfirmation: true });
    const [q2] = await fake.requests('openai.generate');
    assert.deepEqual(pick(q2!.json, ['model', 'background']), { model: 'gpt-image-2', background: 'auto' });
    await fake.reset();
    await vscode.commands.executeCommand('pixelsmith.generateMockup', { prompt: 'a settings screen', provider: 'openai', quality: 'low', skipCostConfirmation: true });
    const [q3] = await fake.requests('openai.generate');
    assert.deepEqual(pick(q3!.json, ['size', 'quality']), { size: '1536x1024', quality: 'low' }, 'preset size, caller\'s quality');
  });

  it('save: "all" with a folder writes the images byte for byte with their sidecars', async () => {
    const r = await generate({ prompt: 'saved smoke test', provider: 'openai', n: 2, size: '1024x1024', save: 'all', folder: 'saved/smoke' });
    assert.equal(r.images.length, 2);
    for (const img of r.images) {
      assert.ok(img.savedUri && img.sidecarUri, `image ${img.index} saved`);
      assert.ok(img.savedUri.path.includes('/saved/smoke/'), img.savedUri.path);
      assert.equal(sha256(await vscode.workspace.fs.readFile(img.savedUri)), img.sha256);
      const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(img.sidecarUri))) as Record<string, unknown>;
      assert.equal(sidecar.prompt, 'saved smoke test');
      assert.equal(JSON.stringify(sidecar).includes(img.sha256), true, 'the sidecar names the sha256');
    }
  });
});

/** The fal request id the fake answered for a submit (recorded request `req_N` → job id in the status path). */
async function jobId(submitRequestId: string): Promise<string> {
  const status = (await fake.requests('fal.status'))[0]!;
  const m = /\/requests\/([^/]+)\/status$/.exec(status.path);
  assert.ok(m && m[1]!.endsWith(submitRequestId), `status path ${status.path} is for ${submitRequestId}`);
  return m[1]!;
}

function pick(v: unknown, keys: readonly string[]): Record<string, unknown> {
  const o = v as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
