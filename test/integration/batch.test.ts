// Batch mode in the real VS Code against the fake's OpenAI Files and Batch APIs and Gemini's Batch API: Build Assets with
// `"batch": true` sends five text-to-image entries as one batch (nothing through the direct API), the batch is kept in
// global storage, checks fetch it once it completes: four images saved with sidecars, the failed line reported on its entry.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { StoredBatch } from '../../src/core/batch/store';
import type { BuildResult } from '../../src/services/assetBuild';
import { fake } from './support/fake';
import { clearProviders, sha256, TEST_KEYS, useFake } from './support/pixelsmith';

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const MANIFEST = 'pixelsmith.assets.json';
const OUT = 'batch-test';
const ids = ['b-hero', 'b-empty', 'b-onboarding', 'b-error', 'b-avatar'];

describe('asset manifest: batch mode (OpenAI Batch API)', function () {
  this.timeout(180_000);
  before(async () => {
    await useFake();
    await fs.rm(path.join(root(), OUT), { recursive: true, force: true });
    const assets = ids.map((id) => ({ id, prompt: `the ${id} picture, batch`, output: `${id}.png` }));
    await fs.writeFile(path.join(root(), MANIFEST), JSON.stringify({ defaults: { provider: 'openai', model: 'gpt-image-2', quality: 'low', size: '1024x1024', folder: OUT, batch: true }, assets }, null, 2));
  });
  after(async () => {
    await fs.rm(path.join(root(), OUT), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
    await clearProviders();
  });

  it('five lines in one batch; after it completes four are saved with sidecars and the refused one is reported', async () => {
    await fake.reset();
    await fake.rules([{ route: 'openai.batch.line', behaviour: { kind: 'ok' }, times: 2 }, { route: 'openai.batch.line', behaviour: { kind: 'moderation' } }]);
    const dry = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true });
    const full = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true, batch: false });
    assert.ok(Math.abs(dry.estimateUsd! - full.estimateUsd! / 2) < 1e-5, `batch estimate ${dry.estimateUsd} is half of ${full.estimateUsd}`);
    const r = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { skipCostConfirmation: true });
    assert.ok(r.batchId, JSON.stringify(r));
    assert.deepEqual([r.batched, r.built, r.failed], [ids, [], []]);
    assert.equal((await fake.requests('openai.generate')).length, 0);
    assert.equal((await fake.requests('openai.files.create')).length, 1);
    // Building again while the batch runs sends nothing: the entries are waiting in it, never paid for twice.
    const again = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { skipCostConfirmation: true });
    assert.deepEqual([again.planned, again.built, again.batchId, again.skipped], [[], [], undefined, ids]);
    assert.match(again.reasons[ids[0]!]!, new RegExp(`waiting in batch ${r.batchId}`));
    assert.deepEqual([(await fake.requests('openai.files.create')).length, (await fake.requests('openai.generate')).length], [1, 0]);
    let batch: StoredBatch | undefined;
    for (let i = 0; i < 10 && !batch?.done; i++) {
      batch = (await vscode.commands.executeCommand<StoredBatch[]>('pixelsmith.checkBatches')).find((b) => b.id === r.batchId);
    }
    assert.ok(batch?.done, JSON.stringify(batch));
    assert.deepEqual(batch.entries.map((e) => [e.entryId, e.state]), ids.map((id, i) => [id, i === 2 ? 'failed' : 'saved']));
    assert.ok(batch.entries[2]!.error);
    const served = new Set((await fake.served()).map((s) => s.sha256));
    for (const id of ids.filter((_, i) => i !== 2)) {
      const file = path.join(root(), OUT, `${id}.png`);
      assert.ok(served.has(sha256(await fs.readFile(file))), `${id}.png is the batch's image`);
      const sidecar = JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as { manifest?: { entry: string } };
      assert.equal(sidecar.manifest?.entry, id);
    }
    await assert.rejects(fs.stat(path.join(root(), OUT, 'b-onboarding.png')));
    // The next build plans only the one that failed.
    const next = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true });
    assert.deepEqual(next.planned, ['b-onboarding']);
  });
});

describe('asset manifest: batch mode (Gemini Batch API)', function () {
  this.timeout(180_000);
  const GOUT = 'gemini-batch-test';
  const gids = ['g-hero', 'g-empty', 'g-onboarding', 'g-error', 'g-avatar'];
  before(async () => {
    await useFake();
    await fs.rm(path.join(root(), GOUT), { recursive: true, force: true });
    const assets = gids.map((id) => ({ id, prompt: `the ${id} picture, Gemini batch`, output: `${id}.png` }));
    await fs.writeFile(path.join(root(), MANIFEST), JSON.stringify({ defaults: { provider: 'gemini', model: 'gemini-3.1-flash-image', size: '1376x768', folder: GOUT, batch: true }, assets }, null, 2));
  });
  after(async () => {
    await fs.rm(path.join(root(), GOUT), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
    await clearProviders();
  });

  it('five Gemini entries in one batchGenerateContent; four saved with sidecars, the failed line reported', async () => {
    await fake.reset();
    await fake.rules([{ route: 'gemini.batch.line', behaviour: { kind: 'ok' }, times: 2 }, { route: 'gemini.batch.line', behaviour: { kind: 'status', status: 500 } }]);
    const dry = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true });
    const full = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true, batch: false });
    assert.ok(Math.abs(dry.estimateUsd! - full.estimateUsd! / 2) < 1e-5, `batch estimate ${dry.estimateUsd} is half of ${full.estimateUsd}`);
    const r = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { skipCostConfirmation: true });
    assert.match(r.batchId ?? '', /^batches\//, JSON.stringify(r));
    assert.deepEqual([r.batched, r.built, r.failed, r.batchIds], [gids, [], [], [r.batchId]]);
    assert.equal((await fake.requests('gemini.generate')).length, 0);
    const create = await fake.requests('gemini.batches.create');
    assert.equal(create.length, 1);
    assert.equal(create[0]!.path, '/v1beta/models/gemini-3.1-flash-image:batchGenerateContent');
    assert.equal(create[0]!.headers['x-goog-api-key'], `<redacted:${TEST_KEYS.gemini.length}>`);
    assert.equal(create[0]!.headers.authorization, undefined);
    let batch: StoredBatch | undefined;
    for (let i = 0; i < 10 && !batch?.done; i++) {
      batch = (await vscode.commands.executeCommand<StoredBatch[]>('pixelsmith.checkBatches')).find((b) => b.id === r.batchId);
    }
    assert.ok(batch?.done, JSON.stringify(batch));
    assert.equal(batch.provider, 'gemini');
    assert.deepEqual(batch.entries.map((e) => [e.entryId, e.state]), gids.map((id, i) => [id, i === 2 ? 'failed' : 'saved']));
    assert.ok(batch.entries[2]!.error);
    const served = new Set((await fake.served()).map((s) => s.sha256));
    for (const id of gids.filter((_, i) => i !== 2)) {
      const file = path.join(root(), GOUT, `${id}.png`);
      assert.ok(served.has(sha256(await fs.readFile(file))), `${id}.png is the batch's image`);
      const sidecar = JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as { manifest?: { entry: string }; provider?: string };
      assert.equal(sidecar.manifest?.entry, id);
      assert.equal(sidecar.provider, 'gemini');
    }
    await assert.rejects(fs.stat(path.join(root(), GOUT, 'g-onboarding.png')));
    const next = await vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { dryRun: true });
    assert.deepEqual(next.planned, ['g-onboarding']);
  });
});
