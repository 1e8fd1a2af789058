// Compare Models through the automation API (`pixelsmith.compare`) against the fake: one prompt on three providers'
// models in parallel, one result per model in the order asked (time to first image, total time, actual cost,
// images saved with sidecars, byte for byte); one run registry, so Cancel Generation stops a column that hangs;
// arguments checked against their one declaration.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fake } from './support/fake';
import { historyIds, readRecord, sha256, useFakeProviders, waitFor } from './support/pixelsmith';

interface CompareResult {
  results: {
    provider: string; model: string; generationId: string | null; status: string; costUsd: number | null;
    firstImageMs: number | null; totalMs: number | null;
    images: { uri: vscode.Uri; savedUri?: vscode.Uri; sidecarUri?: vscode.Uri; sha256: string }[];
    errors: { code: string; message: string }[];
  }[];
}

const MODELS = [
  { provider: 'openai', model: 'gpt-image-2' },
  { provider: 'gemini', model: 'gemini-3.1-flash-image' },
  { provider: 'bfl', model: 'flux-2-pro' },
];

function compare(args: Record<string, unknown>): Promise<CompareResult> {
  return Promise.resolve(vscode.commands.executeCommand<CompareResult>('pixelsmith.compare', { skipCostConfirmation: true, ...args }));
}

async function compareError(args: Record<string, unknown>): Promise<Error & { field?: string }> {
  try {
    await compare(args);
  } catch (e) {
    return e as Error & { field?: string };
  }
  throw new Error('expected pixelsmith.compare to reject');
}

describe('Compare Models (automation API)', function () {
  this.timeout(90_000);

  useFakeProviders();

  it('runs three providers\' models and answers one result each, in order, with times, cost and saved images', async () => {
    const r = await compare({ prompt: 'a lighthouse at dusk', models: MODELS, save: 'all', folder: 'saved/compare' });
    assert.deepEqual(r.results.map((x) => [x.provider, x.model, x.status]), MODELS.map((m) => [m.provider, m.model, 'complete']));
    for (const x of r.results) {
      assert.ok(x.generationId, 'each column is a generation of its own');
      assert.ok(x.firstImageMs !== null && x.totalMs !== null && x.firstImageMs >= 0 && x.firstImageMs <= x.totalMs, `${x.model}: ${x.firstImageMs} ≤ ${x.totalMs}`);
      assert.equal(typeof x.costUsd, 'number', `${x.model}: the actual cost`);
      assert.equal(x.images.length, 1);
      const img = x.images[0]!;
      assert.ok(img.savedUri && img.sidecarUri, 'saved with a sidecar');
      assert.equal(sha256(await fs.readFile(img.savedUri.fsPath)), img.sha256, 'saved byte for byte');
      const sidecar = JSON.parse(await fs.readFile(img.sidecarUri.fsPath, 'utf8')) as { provider: string; model: string; generationId: string };
      assert.deepEqual([sidecar.provider, sidecar.model, sidecar.generationId], [x.provider, x.model, x.generationId]);
    }
    assert.equal((await fake.requests('openai.generate')).length, 1);
    assert.equal((await fake.requests('gemini.generate')).length, 1);
    assert.equal((await fake.requests('bfl.submit')).length, 1);
  });

  it('runs the columns in parallel through one run registry: one finishes while another hangs, and Cancel stops the hanging one', async () => {
    await fake.on('gemini.generate', { kind: 'hang' }, 'always');
    const known = new Set(await historyIds());
    const pending = compare({ prompt: 'a parallel test', models: MODELS.slice(0, 2) });
    const ids = await waitFor('both generations', async () => {
      const fresh = (await historyIds()).filter((id) => !known.has(id));
      return fresh.length === 2 ? fresh : undefined;
    });
    // A generation's folder is listed before its generation.json is written: a record not there yet is not a failure.
    const byModel = async (model: string) => {
      for (const id of ids) {
        const rec = await readRecord(id).catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return undefined; throw e; });
        if (rec?.model === model) return rec;
      }
      return undefined;
    };
    await waitFor('gpt-image-2 to finish while Gemini hangs', async () => (await byModel('gpt-image-2'))?.status === 'complete' || undefined);
    const gemini = await waitFor('the Gemini record', () => byModel('gemini-3.1-flash-image'));
    assert.equal(gemini.status, 'running');
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: gemini.id }), { cancelled: [gemini.id] });
    const r = await pending;
    assert.deepEqual(r.results.map((x) => [x.model, x.status]), [['gpt-image-2', 'complete'], ['gemini-3.1-flash-image', 'cancelled']]);
    assert.equal(r.results[1]!.firstImageMs, null);
    assert.equal(r.results[1]!.images.length, 0);
  });

  it('refuses arguments the declaration does not have, naming them', async () => {
    const unknown = await compareError({ prompt: 'x', models: MODELS, size: '1024x1024' });
    assert.equal(unknown.field, 'size');
    assert.match(unknown.message, /Unknown argument "size"\. Allowed: prompt, models, n, references, save, folder, skipCostConfirmation/);
    const one = await compareError({ prompt: 'x', models: MODELS.slice(0, 1) });
    assert.equal(one.field, 'models');
    assert.match(one.message, /2 to 4/);
    const bad = await compareError({ prompt: 'x', models: [MODELS[0], { provider: 'acme', model: 'm' }] });
    assert.equal(bad.field, 'models[1].provider');
    assert.match(bad.message, /unknown provider\. Allowed: openai/);
    const extra = await compareError({ prompt: 'x', models: [MODELS[0], { ...MODELS[1], quality: 'high' }] });
    assert.equal(extra.field, 'models[1].quality');
    const refused = await compareError({ prompt: 'x', models: [MODELS[0], { provider: 'gemini', model: 'gpt-image-2' }] });
    assert.equal(refused.field, 'models[1].model');
    assert.equal((await fake.requests()).filter((q) => !q.path.startsWith('/__control')).length, 0, 'nothing was sent');
  });
});
