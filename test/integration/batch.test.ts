// Batch mode in the real VS Code against the fake's OpenAI Files and Batch APIs: Build Assets with `"batch": true` sends
// five text-to-image entries as one batch (nothing through the direct API), the batch is kept in global storage,
// checks fetch it once it completes: four images saved with sidecars, the line the provider refused reported on its entry.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { StoredBatch } from '../../src/core/batch/store';
import type { BuildResult } from '../../src/services/assetBuild';
import { fake } from './support/fake';
import { clearProviders, sha256, useFake } from './support/pixelsmith';

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
