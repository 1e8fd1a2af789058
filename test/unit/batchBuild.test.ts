// Batch mode against the fake's OpenAI Files and Batch APIs: five text-to-image entries go out as one JSONL upload
// and one batch; the poller that sent it goes away while the batch runs (a window reload) and a new one, reading only
// the stored state, fetches the results: four images checked, kept in the history at the batch price and written with
// sidecars; the line the provider refused is reported on its entry. Cancel cancels; the lines not run are reported.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOpenAIBatchApi } from '../../src/core/batch/openaiClient';
import { parseBatchResults } from '../../src/core/batch/openaiProtocol';
import { BatchStore } from '../../src/core/batch/store';
import { estimateCost } from '../../src/core/cost';
import { HistoryStore } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import { hostSlicer } from '../../src/core/timeSlice';
import { planSourcesOf, targetNow, writeFromHistory } from '../../src/core/manifest/output';
import { parseManifest } from '../../src/core/manifest/parse';
import { planBuild } from '../../src/core/manifest/plan';
import { checkSidecar } from '../../src/core/sidecar';
import type { ImageRequest } from '../../src/core/types';
import { nodeManifestFiles } from '../../src/mcp/manifestFiles';
import { BatchPoller, batchEstimate, cancelBatch, submitBatch, type BatchDeps } from '../../src/services/batchBuild';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const ids = ['hero', 'empty', 'onboarding', 'error', 'avatar'];
let fake: FakeProvider;
let workspace: string;
let storage: string;
let history: HistoryStore;

const manifestText = (prefix: string) => JSON.stringify({
  defaults: { provider: 'openai', model: 'gpt-image-2', quality: 'low', size: '1024x1024', folder: prefix },
  assets: ids.map((id) => ({ id, prompt: `the ${id} picture (${prefix})`, output: `${id}.png` })),
});

function deps(): BatchDeps {
  const files = nodeManifestFiles(workspace);
  return {
    store: new BatchStore(storage), history, log: silentLogger, self: `test@${Math.random()}`,
    api: () => createOpenAIBatchApi({ key: 'sk-test-batch', keySource: 'test', setting: (k) => (k === 'openai.baseUrl' ? fake.openaiBaseUrl : ''), env: {} }, 30_000),
    write: async (_b, e, generationId) => writeFromHistory(files, history, await targetNow(files, { id: e.entryId, output: e.output }, e.specHash), generationId),
  };
}

async function planned(prefix: string) {
  const parsed = parseManifest(manifestText(prefix));
  const plan = await planBuild(parsed.entries, planSourcesOf(nodeManifestFiles(workspace)));
  return plan.map((item) => ({
    item,
    request: { prompt: item.entry.prompt, provider: 'openai', model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' } satisfies ImageRequest,
  }));
}

before(async () => {
  fake = await startFakeProvider({ texture: 'flat', batchPolls: 2 });
  workspace = mkdtempSync(path.join(tmpdir(), 'pixelsmith-batch-ws-'));
  storage = mkdtempSync(path.join(tmpdir(), 'pixelsmith-batch-storage-'));
  history = new HistoryStore(mkdtempSync(path.join(tmpdir(), 'pixelsmith-batch-history-')));
});
after(async () => { await fake?.close(); });

describe('batch mode (OpenAI Batch API, against the fake)', () => {
  it('five lines in one batch; a reload while it runs; four images saved with sidecars, the refused one reported', async () => {
    fake.reset();
    // The third line is refused by moderation; the others are answered.
    fake.setRules([{ route: 'openai.batch.line', behaviour: { kind: 'ok' }, times: 2 }, { route: 'openai.batch.line', behaviour: { kind: 'moderation' } }]);
    const items = await planned('art');
    const sent = await submitBatch(deps(), workspace, items);
    assert.equal(sent.length, 1, 'one batch for one provider');
    const batch = sent[0]!;
    assert.equal(batch.entries.length, 5);
    const upload = fake.requests.find((r) => r.route === 'openai.files.create');
    assert.ok(upload, 'the JSONL was uploaded');
    const create = fake.requests.find((r) => r.route === 'openai.batches.create');
    assert.deepEqual((create?.json as { endpoint?: string; completion_window?: string }), { ...(create?.json as object), endpoint: '/v1/images/generations', completion_window: '24h' });
    // The batch price: half the direct estimate.
    const direct = items.reduce((a, x) => a + estimateCost(x.request).usd!, 0);
    assert.ok(Math.abs(batch.estimateUsd! - direct / 2) < 1e-6, `${batch.estimateUsd} is half of ${direct}`);
    assert.equal(batchEstimate(items[0]!.request), Math.round(estimateCost(items[0]!.request).usd! / 2 * 1e6) / 1e6);

    // The window that sent it checks once (still running), then goes away.
    const first = new BatchPoller(deps(), 1e9);
    await first.poll();
    first.dispose();
    assert.equal((await new BatchStore(storage).get(batch.id))?.status, 'in_progress');
    await assert.rejects(fs.stat(path.join(workspace, 'art')));

    // A new window, with nothing but the stored state.
    const seen: number[] = [];
    const second = new BatchPoller(deps(), 1e9, (pending) => seen.push(pending.length));
    for (let i = 0; i < 5 && seen.at(-1) !== 0; i++) await second.poll();
    second.dispose();
    const done = (await new BatchStore(storage).get(batch.id))!;
    assert.equal(done.done, true);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.entries.map((e) => e.state), ['saved', 'saved', 'failed', 'saved', 'saved']);
    assert.match(done.entries[2]!.error!, /safety|moderation|rejected/i);
    const served = new Set(fake.served.map((s) => s.sha256));
    for (const e of done.entries.filter((x) => x.state === 'saved')) {
      const file = path.join(workspace, e.output);
      const bytes = await fs.readFile(file);
      assert.ok(served.has(createHash('sha256').update(bytes).digest('hex')), `${e.output} is the image the batch served`);
      const sidecar = checkSidecar(JSON.parse(await fs.readFile(`${file}.json`, 'utf8')));
      assert.deepEqual(sidecar.manifest, { entry: e.entryId, specHash: e.specHash });
      const record = (await history.get(e.generationId!))!;
      assert.equal(record.status, 'complete');
      assert.ok(record.costUsd !== null && record.costUsd > 0);
    }
    await assert.rejects(fs.stat(path.join(workspace, 'art', 'onboarding.png')));
    // The direct API was never called: everything went through the batch.
    assert.equal(fake.requests.filter((r) => r.route === 'openai.generate').length, 0);
  });

  it('cancel cancels the batch; its lines are reported as not run', async () => {
    fake.reset();
    const [batch] = await submitBatch(deps(), workspace, (await planned('cancelled')).slice(0, 2));
    assert.ok(batch);
    const after = await cancelBatch(deps(), batch.id);
    assert.equal(after.status, 'cancelling');
    assert.ok(fake.requests.some((r) => r.route === 'openai.batches.cancel'));
    const poller = new BatchPoller(deps(), 1e9);
    await poller.poll();
    poller.dispose();
    const done = (await new BatchStore(storage).get(batch.id))!;
    assert.equal(done.status, 'cancelled');
    assert.deepEqual(done.entries.map((e) => [e.state, e.error]), [['failed', 'the batch cancelled'], ['failed', 'the batch cancelled']]);
  });
});

describe('OpenAI batch result file', () => {
  it('is read a line at a time with the event loop given turns between lines; every line is kept', async () => {
    const b64 = Buffer.alloc(768 * 1024, 7).toString('base64');
    const lines = Array.from({ length: 24 }, (_, i) => JSON.stringify({ custom_id: `e${i}`, response: { status_code: 200, request_id: `r${i}`, body: { data: [{ b64_json: b64 }] } } }));
    const before = hostSlicer.yields;
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 1);
    const out = await parseBatchResults(lines.join('\n'), JSON.stringify({ custom_id: 'bad', error: { code: 'x', message: 'refused' } }));
    clearInterval(timer);
    assert.equal(out.size, 25);
    assert.equal(out.get('e23')?.ok, true);
    assert.equal(out.get('bad')?.ok, false);
    assert.ok(hostSlicer.yields > before, 'the parse gave the event loop a turn');
    assert.ok(ticks > 0, 'a timer ran while 18 MB of lines were read');
  });
});
