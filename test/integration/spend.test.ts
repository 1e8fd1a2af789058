// Spend inside a real VS Code against the fake provider: pixelsmith.spend sums what a paid generation cost
// (by month, workspace folder and provider), and the user's monthly budget stops a generation that would cross
// it until it is confirmed — through the same injected confirmation the extension uses.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SpendResult } from '../../src/commands/spend';
import { estimateCost, monthOf } from '../../src/core/cost';
import type { CostQuestion } from '../../src/core/costConfirmation';
import { GenerationEngine } from '../../src/core/engine';
import { HistoryStore } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import type { ImageRequest } from '../../src/core/types';
import { confirmCost } from '../../src/platform/confirmCost';
import { KeyStore } from '../../src/platform/keys';
import { ProviderHost } from '../../src/platform/providers';
import { GenerationService } from '../../src/services/generationService';
import { SpendLedger } from '../../src/services/spendLedger';
import { fake } from './support/fake';
import { TEST_KEYS, clearProviders, generate, historyRoot, readRecord, setUserSetting, useFake } from './support/pixelsmith';

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const spend = async () => (await vscode.commands.executeCommand<SpendResult>('pixelsmith.spend'))!;
const diff = (a: Record<string, number>, b: Record<string, number>, k: string) => round6((a[k] ?? 0) - (b[k] ?? 0));

describe('spend: pixelsmith.spend', function () {
  this.timeout(60_000);
  before(async () => { await historyRoot(); await useFake(); });
  after(clearProviders);
  beforeEach(() => fake.reset());

  it('sums a paid generation against the fake: this month, its month, its workspace folder and its provider', async () => {
    const before = await spend();
    assert.equal(before.currency, 'USD');
    const r = await generate({ prompt: 'a ledger of lighthouses', provider: 'openai', n: 2, size: '1024x1024', quality: 'low' });
    assert.equal(r.status, 'complete');
    assert.ok(typeof r.costUsd === 'number' && r.costUsd > 0, `a paid generation (cost ${r.costUsd})`);
    const record = await readRecord(r.generationId);
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.equal(record.context?.workspace, folder, 'the workspace folder is recorded with the generation');
    const now = await spend();
    const month = monthOf(new Date(record.createdAt));
    assert.equal(round6(now.thisMonth - before.thisMonth), r.costUsd);
    assert.equal(diff(now.byMonth, before.byMonth, month), r.costUsd);
    assert.equal(diff(now.byWorkspace, before.byWorkspace, folder), r.costUsd);
    assert.equal(diff(now.byProvider, before.byProvider, 'openai'), r.costUsd);
    assert.deepEqual(Object.keys(now).sort(), ['byMonth', 'byProvider', 'byWorkspace', 'currency', 'thisMonth']);
    // The offline placeholder adds nothing.
    await generate({ prompt: 'free', provider: 'offline', size: '1024x1024' });
    assert.equal((await spend()).thisMonth, now.thisMonth);
  });
});

describe('spend: the monthly budget', function () {
  this.timeout(60_000);
  let root: string;
  let ledger: SpendLedger;
  let service: GenerationService<string, string>;
  let history: HistoryStore;
  const asked: CostQuestion[] = [];
  // Read through a call: TypeScript narrows `asked` to never[] after an assertion that it is empty.
  const questions = (): readonly CostQuestion[] => asked;
  let answer = false;

  before(async () => {
    await useFake();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-budget-'));
    history = new HistoryStore(path.join(root, 'history'));
    const memory = new Map<string, string>();
    const storage = {
      get: (k: string) => Promise.resolve(memory.get(k)), store: (k: string, v: string) => { memory.set(k, v); return Promise.resolve(); },
      delete: (k: string) => { memory.delete(k); return Promise.resolve(); }, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    } as unknown as vscode.SecretStorage;
    const keys = new KeyStore(storage, {});
    await keys.set('openai', TEST_KEYS.openai);
    const providers = new ProviderHost(keys, silentLogger, {});
    const engine = new GenerationEngine({ history, log: silentLogger, getProvider: (id) => providers.create(id), maxConcurrency: () => 2, maxRetries: () => 0 });
    ledger = new SpendLedger({ history, cacheFile: path.join(root, 'spend.json'), log: silentLogger });
    // As platform/services.ts wires it, with the modal replaced by a recorded answer.
    service = new GenerationService<string, string>({
      engine, log: silentLogger, save: async () => [],
      confirmCost: (req) => confirmCost(req, (q) => { asked.push(q); return Promise.resolve(answer); }, () => ledger.monthSpend()),
    });
    ledger.watch(service);
    await setUserSetting('costConfirmationThreshold', 1e9); // only the budget asks here
  });
  after(async () => {
    await setUserSetting('costConfirmationThreshold', undefined);
    await setUserSetting('monthlyBudget', undefined);
    service.dispose();
    await ledger.dispose();
    await fs.rm(root, { recursive: true, force: true });
    await clearProviders();
  });
  beforeEach(async () => { asked.length = 0; await fake.reset(); });
  afterEach(() => setUserSetting('monthlyBudget', undefined));

  const req: ImageRequest = { prompt: 'a budgeted fox', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' };

  it('stops a generation that would cross it until it is confirmed, naming the budget and what is spent', async () => {
    // Something spent first, with no budget: no question.
    const first = await service.generate(req, { origin: 'command', save: 'none' });
    assert.deepEqual(asked, []);
    const spent = first.record.costUsd!;
    assert.ok(spent > 0);
    assert.equal((await ledger.monthSpend()).spentUsd, spent);
    await fake.reset();

    // A budget the next generation would cross: asked, declined, nothing sent, nothing stored.
    const estimate = estimateCost(req).usd!;
    await setUserSetting('monthlyBudget', round6(spent + estimate / 2));
    const ids = await history.ids();
    answer = false;
    await assert.rejects(service.generate(req, { origin: 'command', save: 'none' }), (e: Error & { code?: string }) => e.code === 'cancelled');
    assert.equal(asked.length, 1);
    const q = questions()[0]!;
    assert.match(q.message, /over your monthly budget/);
    assert.ok(q.detail.includes('Your monthly budget is $'), q.detail);
    assert.ok(q.detail.includes(' spent this month (UTC); this one is estimated at $'), q.detail);
    assert.deepEqual(await fake.requests('openai'), [], 'nothing was sent');
    assert.deepEqual(await history.ids(), ids, 'nothing was stored');

    // Confirmed: it goes, and its cost is counted.
    answer = true;
    const second = await service.generate(req, { origin: 'command', save: 'none' });
    assert.equal(asked.length, 2);
    assert.equal(second.record.status, 'complete');
    assert.equal((await fake.requests('openai.generate')).length, 1);
    assert.equal((await ledger.monthSpend()).spentUsd, round6(spent + second.record.costUsd!));
  });

  it('a generation within the budget, and the offline placeholder over it, go without a question', async () => {
    await setUserSetting('monthlyBudget', 1000);
    await service.generate(req, { origin: 'command', save: 'none' });
    await setUserSetting('monthlyBudget', 0.000001);
    // This rig has no image worker for the placeholder to render in: only the question matters here.
    await service.generate({ ...req, provider: 'offline' }, { origin: 'command', save: 'none' }).catch(() => undefined);
    assert.deepEqual(asked, []);
  });
});
