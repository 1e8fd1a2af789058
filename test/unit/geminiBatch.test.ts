// Gemini's batch mode against the fake's Gemini Batch API: five Nano Banana text-to-image entries go out as one
// batchGenerateContent call with inline requests (nothing through generateContent); the poller that sent it goes away
// while it runs and a new one, reading only the stored state, saves four images (checked, kept in the history at half
// the interactive cost, written with sidecars) and reports the failed line. Results as a file, cancel, the grouping.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchGroups, createBatchBackend } from '../../src/core/batch/backends';
import { outcomesOf, parseWithInlineData, readOperation } from '../../src/core/batch/geminiProtocol';
import { BatchStore, FINISHED_BATCH_RETENTION_MS, type StoredBatch } from '../../src/core/batch/store';
import { actualCost, estimateCost } from '../../src/core/cost';
import { HistoryStore } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import { planSourcesOf, targetNow, writeFromHistory } from '../../src/core/manifest/output';
import { parseManifest } from '../../src/core/manifest/parse';
import { planBuild } from '../../src/core/manifest/plan';
import { checkSidecar } from '../../src/core/sidecar';
import type { ImageRequest } from '../../src/core/types';
import { nodeManifestFiles } from '../../src/mcp/manifestFiles';
import { DAY_MS } from '../../src/core/prune';
import { BatchPoller, cancelBatch, submitBatch, type BatchDeps } from '../../src/services/batchBuild';
import { SpendLedger } from '../../src/services/spendLedger';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const ids = ['hero', 'empty', 'onboarding', 'error', 'avatar'];
const MODEL = 'gemini-3.1-flash-image';
let fake: FakeProvider;
let fileFake: FakeProvider;
let workspace: string;
let storage: string;
let history: HistoryStore;

const request = (prompt: string, over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt, provider: 'gemini', model: MODEL, n: 1, size: '1024x1024', quality: 'auto', background: 'auto', outputFormat: 'png', ...over,
});

function deps(server: FakeProvider = fake): BatchDeps {
  const files = nodeManifestFiles(workspace);
  return {
    store: new BatchStore(storage), history, log: silentLogger, self: `test@${Math.random()}`,
    api: (provider) => createBatchBackend(provider, { key: 'gemini-test-key', keySource: 'test', setting: (k) => (k === 'gemini.baseUrl' ? server.url : ''), env: {} }, 30_000),
    workspaceOf: () => workspace,
    write: async (_b, e, generationId) => writeFromHistory(files, history, await targetNow(files, { id: e.entryId, output: e.output }, e.specHash), generationId),
  };
}

async function planned(prefix: string) {
  const parsed = parseManifest(JSON.stringify({
    defaults: { provider: 'gemini', model: MODEL, size: '1024x1024', folder: prefix },
    assets: ids.map((id) => ({ id, prompt: `the ${id} picture (${prefix})`, output: `${id}.png` })),
  }));
  const plan = await planBuild(parsed.entries, planSourcesOf(nodeManifestFiles(workspace)));
  return plan.map((item) => ({ item, request: request(item.entry.prompt) }));
}

async function runToEnd(d: () => BatchDeps): Promise<void> {
  const seen: number[] = [];
  const poller = new BatchPoller(d(), 1e9, (pending) => seen.push(pending.length));
  for (let i = 0; i < 6 && seen.at(-1) !== 0; i++) await poller.poll();
  poller.dispose();
}

before(async () => {
  fake = await startFakeProvider({ texture: 'flat', batchPolls: 2 });
  fileFake = await startFakeProvider({ texture: 'flat', batchPolls: 0, geminiBatchOutput: 'file' });
  workspace = mkdtempSync(path.join(tmpdir(), 'pixelsmith-gbatch-ws-'));
  storage = mkdtempSync(path.join(tmpdir(), 'pixelsmith-gbatch-storage-'));
  history = new HistoryStore(mkdtempSync(path.join(tmpdir(), 'pixelsmith-gbatch-history-')));
});
after(async () => { await fake?.close(); await fileFake?.close(); });

describe('batch mode (Gemini Batch API, against the fake)', () => {
  it('five inline requests in one batch; a reload while it runs; four saved with sidecars at the batch price, the failed line reported', async () => {
    fake.reset();
    fake.setRules([{ route: 'gemini.batch.line', behaviour: { kind: 'ok' }, times: 2 }, { route: 'gemini.batch.line', behaviour: { kind: 'status', status: 500 } }]);
    const items = await planned('art');
    const sent = await submitBatch(deps(), workspace, items);
    assert.equal(sent.length, 1);
    const batch = sent[0]!;
    assert.equal(batch.provider, 'gemini');
    assert.match(batch.id, /^batches\//);
    const create = fake.requests.filter((r) => r.route === 'gemini.batches.create');
    assert.equal(create.length, 1);
    assert.equal(create[0]!.path, `/v1beta/models/${MODEL}:batchGenerateContent`);
    const body = create[0]!.json as { batch: { displayName: string; inputConfig: { requests: { requests: { request: { contents: unknown[]; generationConfig: { responseModalities: string[]; imageConfig: unknown } }; metadata: { key: string } }[] } } } };
    assert.equal(body.batch.displayName, 'pixelsmith.assets.json');
    const lines = body.batch.inputConfig.requests.requests;
    assert.deepEqual(lines.map((l) => l.metadata.key), batch.entries.map((e) => e.customId));
    assert.deepEqual(lines[0]!.request.generationConfig.imageConfig, { aspectRatio: '1:1', imageSize: '1K' });
    assert.ok(lines[0]!.request.generationConfig.responseModalities.includes('IMAGE'));
    // Half the interactive estimate (each line's half rounded to the micro-dollar).
    const direct = items.reduce((a, x) => a + estimateCost(x.request).usd!, 0);
    assert.ok(Math.abs(batch.estimateUsd! - direct / 2) < 1e-5, `${batch.estimateUsd} is half of ${direct}`);

    const first = new BatchPoller(deps(), 1e9);
    await first.poll();
    first.dispose();
    assert.equal((await new BatchStore(storage).get(batch.id))?.status, 'running');
    await assert.rejects(fs.stat(path.join(workspace, 'art')));

    await runToEnd(deps);
    const done = (await new BatchStore(storage).get(batch.id))!;
    assert.equal(done.done, true);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.entries.map((e) => e.state), ['saved', 'saved', 'failed', 'saved', 'saved']);
    assert.match(done.entries[2]!.error!, /INTERNAL|500|error/i);
    const served = new Set(fake.served.map((s) => s.sha256));
    for (const e of done.entries.filter((x) => x.state === 'saved')) {
      const file = path.join(workspace, e.output);
      assert.ok(served.has(createHash('sha256').update(await fs.readFile(file)).digest('hex')), `${e.output} is the image the batch served`);
      const sidecar = checkSidecar(JSON.parse(await fs.readFile(`${file}.json`, 'utf8')));
      assert.deepEqual(sidecar.manifest, { entry: e.entryId, specHash: e.specHash });
      const record = (await history.get(e.generationId!))!;
      assert.equal(record.status, 'complete');
      assert.equal(record.provider, 'gemini');
      // Half of what the same tokens cost interactively.
      assert.ok(record.usage, 'usage kept');
      assert.equal(record.costUsd, Math.round(actualCost(MODEL, record.usage, 'gemini')! * 0.5 * 1e6) / 1e6);
    }
    await assert.rejects(fs.stat(path.join(workspace, 'art', 'onboarding.png')));
    assert.equal(fake.requests.filter((r) => r.route === 'gemini.generate').length, 0);
    assert.ok(done.endedAt, 'when it ended is kept (for the retention)');

    // The spend ledger (status bar, budget, pixelsmith.spend) counts them from the history: at the batch price, under
    // the batch's workspace folder and provider.
    const costs = await Promise.all(done.entries.filter((e) => e.state === 'saved').map(async (e) => (await history.get(e.generationId!))!.costUsd!));
    const paid = Math.round(costs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
    const ledger = new SpendLedger({ history, cacheFile: path.join(storage, 'spend.json'), log: silentLogger, persistDelayMs: 0 });
    await ledger.ready();
    const summary = ledger.summary();
    assert.ok(paid > 0);
    assert.ok(Math.abs((summary.byProvider.gemini ?? 0) - paid) < 1e-6, `${summary.byProvider.gemini} = ${paid}`);
    assert.ok(Math.abs((summary.byWorkspace[workspace] ?? 0) - paid) < 1e-6, JSON.stringify(summary.byWorkspace));
    await ledger.dispose();
  });

  it('results given as a responsesFile are downloaded (alt=media) and read by key; a blocked prompt is its line\'s error', async () => {
    fileFake.reset();
    fileFake.setRules([{ route: 'gemini.batch.line', behaviour: { kind: 'ok' } }, { route: 'gemini.batch.line', behaviour: { kind: 'moderation' } }]);
    const [batch] = await submitBatch(deps(fileFake), workspace, (await planned('file')).slice(0, 3));
    await runToEnd(() => deps(fileFake));
    const done = (await new BatchStore(storage).get(batch!.id))!;
    assert.deepEqual(done.entries.map((e) => e.state), ['saved', 'failed', 'saved']);
    assert.match(done.entries[1]!.error!, /blocked the prompt/);
    const download = fileFake.requests.find((r) => r.route === 'gemini.files.download');
    assert.ok(download, 'the results file was downloaded');
    assert.match(download.path, /^\/download\/v1beta\/files\/[0-9a-f]+:download$/);
  });

  it('cancel cancels the batch; its lines are reported as not run', async () => {
    fake.reset();
    const [batch] = await submitBatch(deps(), workspace, (await planned('cancelled')).slice(0, 2));
    const after = await cancelBatch(deps(), batch!.id);
    assert.equal(after.status, 'cancelled');
    assert.ok(fake.requests.some((r) => r.route === 'gemini.batches.cancel' && r.path === `/v1beta/${batch!.id}:cancel`));
    await runToEnd(deps);
    const done = (await new BatchStore(storage).get(batch!.id))!;
    assert.deepEqual(done.entries.map((e) => [e.state, e.error]), [['failed', 'the batch cancelled'], ['failed', 'the batch cancelled']]);
  });
});

describe('batch store retention', () => {
  it('keeps finished batches 7 days (from when they ended) for Check Batches, then forgets them; pending ones stay', async () => {
    const store = new BatchStore(mkdtempSync(path.join(tmpdir(), 'pixelsmith-gbatch-prune-')));
    const now = Date.parse('2026-12-02T10:00:00Z');
    const at = (days: number) => new Date(now - days * DAY_MS).toISOString();
    const batch = (id: string, done: boolean, times: Partial<StoredBatch>): StoredBatch => ({
      id, provider: 'gemini', createdAt: at(30), folder: '/ws', entries: [], estimateUsd: 0, status: done ? 'succeeded' : 'running', done, ...times,
    });
    for (const b of [
      batch('batches/old', true, { endedAt: at(8) }), batch('batches/recent', true, { endedAt: at(6) }),
      batch('batches/running', false, {}), batch('batches/legacy', true, { checkedAt: at(10) }),
    ]) await store.add(b);
    assert.equal(FINISHED_BATCH_RETENTION_MS, 7 * DAY_MS);
    assert.equal(await store.prune(FINISHED_BATCH_RETENTION_MS, now), 2);
    assert.deepEqual((await store.list()).map((b) => b.id), ['batches/recent', 'batches/running']);
    assert.equal(await store.prune(FINISHED_BATCH_RETENTION_MS, now), 0);
    // A month later the finished one goes too; the one still running stays.
    assert.equal(await store.prune(FINISHED_BATCH_RETENTION_MS, now + 30 * DAY_MS), 1);
    assert.deepEqual((await store.list()).map((b) => b.id), ['batches/running']);
  });
});

describe('Gemini batch protocol', () => {
  it('groups: OpenAI in one batch, Gemini per model and no more lines than one answer can carry', () => {
    const line = (i: number, over: Partial<ImageRequest>) => ({ customId: `${i}`, request: request(`p${i}`, over) });
    const groups = batchGroups([
      line(0, {}), line(1, { provider: 'openai', model: 'gpt-image-2', quality: 'low' }), line(2, { model: 'gemini-3-pro-image' }), line(3, {}),
      line(4, { provider: 'openai', model: 'gpt-image-2', quality: 'low' }),
    ]);
    assert.deepEqual(groups.map((g) => [g.provider, g.lines.map((l) => l.customId)]), [['gemini', ['0', '3']], ['openai', ['1', '4']], ['gemini', ['2']]]);
    // 4K images: each answer may be as large as the cap, so one a batch.
    const big = batchGroups([0, 1, 2].map((i) => line(i, { size: '4096x4096' })));
    assert.equal(big.length, 3);
    assert.throws(() => batchGroups([line(0, { references: [{ bytes: new Uint8Array(1), mimeType: 'image/png' }] as ImageRequest['references'] })]), /text-to-image/);
  });

  it('reads the state with either prefix, results from response or metadata.output, by key or by position', async () => {
    assert.deepEqual([readOperation({ name: 'batches/a', metadata: { state: 'JOB_STATE_RUNNING' } }).status, readOperation({ name: 'batches/a', metadata: { state: 'BATCH_STATE_EXPIRED' } }).ended], ['running', true]);
    const r = readOperation({ name: 'batches/a', metadata: { state: 'BATCH_STATE_SUCCEEDED', output: { inlinedResponses: { inlinedResponses: [{ error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } }] } } }, done: true });
    assert.equal(r.output?.kind === 'gemini' && r.output.inlined?.length, 1);
    const out = await outcomesOf([{ error: { message: 'bad', status: 'INVALID_ARGUMENT' } }, { metadata: { key: 'x' }, response: { promptFeedback: { blockReason: 'SAFETY' } } }], ['first', 'x']);
    assert.deepEqual(out.get('first'), { ok: false, error: 'bad (INVALID_ARGUMENT)' });
    assert.match((out.get('x') as { error: string }).error, /blockReason SAFETY/);
    assert.throws(() => readOperation({ metadata: {} }), /without a batch name/);
  });

  it('an answer with inline images parses to what JSON.parse gives (the long base64 strings cut out and put back)', () => {
    const big = Buffer.alloc(300_000, 7).toString('base64');
    const answer = {
      name: 'batches/b', metadata: { state: 'BATCH_STATE_SUCCEEDED', note: 'quoted \\"data\\": \\"x\\" and \u0000' },
      response: { inlinedResponses: { inlinedResponses: [
        { metadata: { key: '0:a' }, response: { candidates: [{ content: { parts: [{ text: 'short', inlineData: { mimeType: 'image/png', data: big } }] } }] } },
        { metadata: { key: '1:b' }, response: { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'c2hvcnQ=' } }] } }] } },
        { metadata: { key: '2:c', data: `${big.slice(0, 5000)}\\/${big.slice(0, 5000)}` } },
      ] } },
    };
    for (const text of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) assert.deepEqual(parseWithInlineData(text), JSON.parse(text));
    assert.throws(() => parseWithInlineData('{"data": "' + big + '"'), SyntaxError);
  });
});
