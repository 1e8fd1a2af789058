// The spend ledger: counted from the history records (finished ones only), by month (UTC), workspace folder and
// provider; read without holding the event loop, brought up to date incrementally, its cache surviving pruning.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { GenerationRecord } from '../../src/core/history';
import { HistoryStore } from '../../src/core/history';
import { silentLogger, type Logger } from '../../src/core/log';
import { TimeSlicer } from '../../src/core/timeSlice';
import { NO_WORKSPACE, spendEntryOf } from '../../src/services/spendEntry';
import { SpendLedger } from '../../src/services/spendLedger';
import { spendMarkdown, statusText } from '../../src/services/spendReport';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

let seq = 0;
function record(over: Partial<GenerationRecord> & { at: string }): GenerationRecord {
  const { at, ...rest } = over;
  const d = new Date(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const id = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${(seq++).toString(16).padStart(6, '0')}`;
  return {
    schemaVersion: 1, id, createdAt: d.toISOString(), status: 'complete', provider: 'openai', model: 'gpt-image-2',
    request: { prompt: 'p', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    estimate: { usd: 0.01, perImage: 0.01 }, costUsd: 0.01, images: [], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
    ...rest,
  };
}

async function rig(records: GenerationRecord[]) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-spend-'));
  roots.push(root);
  const history = new HistoryStore(path.join(root, 'history'));
  await write(history, records);
  const reads: string[] = [];
  const counting = { ids: () => history.ids(), get: (id: string) => { reads.push(id); return history.get(id); } };
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
  const cacheFile = path.join(root, 'spend.json');
  const make = (slicer?: TimeSlicer) => new SpendLedger({ history: counting, cacheFile, log, persistDelayMs: 0, now: () => new Date('2026-12-02T10:00:00Z'), ...(slicer ? { slicer } : {}) });
  return { root, history, reads, warnings, cacheFile, make };
}

async function write(history: HistoryStore, records: GenerationRecord[]): Promise<void> {
  for (const r of records) {
    await fs.mkdir(history.dir(r.id), { recursive: true });
    await fs.writeFile(path.join(history.dir(r.id), 'generation.json'), JSON.stringify(r));
  }
}

describe('spendEntryOf', () => {
  it('counts a finished record in the UTC month it started, by its workspace folder and provider', () => {
    const r = record({ at: '2026-11-30T23:59:00Z', provider: 'fal', costUsd: 0.2, context: { workspace: '/w/site' } });
    assert.deepEqual(spendEntryOf(r), { id: r.id, month: '2026-11', workspace: '/w/site', provider: 'fal', usd: 0.2 });
  });

  it('skips running records and damaged ones; no folder and an unknown price are said, the offline placeholder is free', () => {
    assert.equal(spendEntryOf(record({ at: '2026-12-01T00:00:00Z', status: 'running' })), undefined);
    assert.equal(spendEntryOf({ ...record({ at: '2026-12-01T00:00:00Z' }), createdAt: 'yesterday' }), undefined);
    assert.equal(spendEntryOf(undefined as unknown as GenerationRecord), undefined);
    assert.equal(spendEntryOf(record({ at: '2026-12-01T00:00:00Z' }))?.workspace, NO_WORKSPACE);
    assert.equal(spendEntryOf(record({ at: '2026-12-01T00:00:00Z', costUsd: null }))?.usd, null);
    assert.equal(spendEntryOf(record({ at: '2026-12-01T00:00:00Z', provider: 'offline', costUsd: null }))?.usd, 0);
  });
});

describe('SpendLedger', () => {
  it('sums the history by month, workspace folder and provider; running generations wait, failed cost nothing', async () => {
    const r = await rig([
      record({ at: '2026-12-01T08:00:00Z', costUsd: 0.25, context: { workspace: '/w/a' } }),
      record({ at: '2026-12-02T09:00:00Z', provider: 'fal', costUsd: 0.5, context: { workspace: '/w/b' } }),
      record({ at: '2026-11-15T12:00:00Z', provider: 'azure', costUsd: 1, context: { workspace: '/w/a' } }),
      record({ at: '2026-12-02T09:30:00Z', provider: 'openai', costUsd: null }),
      record({ at: '2026-12-02T09:40:00Z', status: 'failed', costUsd: 0 }),
      record({ at: '2026-12-02T09:50:00Z', status: 'running', costUsd: null }),
      record({ at: '2026-12-02T09:55:00Z', provider: 'offline', costUsd: 0 }),
    ]);
    const ledger = r.make();
    await ledger.ready();
    const s = ledger.summary();
    assert.equal(s.month, '2026-12');
    assert.equal(s.thisMonth, 0.75);
    assert.deepEqual(s.byMonth, { '2026-12': 0.75, '2026-11': 1 });
    assert.deepEqual(s.byWorkspace, { '/w/a': 1.25, '/w/b': 0.5, [NO_WORKSPACE]: 0 });
    assert.deepEqual(s.byProvider, { openai: 0.25, fal: 0.5, azure: 1, offline: 0 });
    assert.equal(s.unpriced, 1);
    assert.equal(s.paid, true);
    assert.equal(statusText(s, 0), '$0.75');
    assert.equal(statusText(s, 10), '$0.75 / $10.00');
    const md = spendMarkdown(s, 10, { title: 'Spend', fullPaths: true });
    for (const part of ['**$0.75** spent in 2026-12 (UTC) of a $10.00 budget (8%)', '| 2026-11 | $1.00 |', '| a (/w/a) | $1.25 |', '| fal.ai | $0.50 |', '1 generation has an unknown price']) {
      assert.ok(md.includes(part), `${part} in:\n${md}`);
    }
    await ledger.dispose();
  });

  it('only the offline placeholder used: nothing paid (the status bar stays hidden)', async () => {
    const r = await rig([record({ at: '2026-12-01T08:00:00Z', provider: 'offline', costUsd: 0 }), record({ at: '2026-12-01T08:00:01Z', costUsd: 0, status: 'failed' })]);
    const ledger = r.make();
    await ledger.ready();
    assert.equal(ledger.summary().paid, false);
    await ledger.dispose();
  });

  it('reads thousands of records giving the event loop turns, and the totals are exact', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => record({ at: `2026-${i % 2 ? '12' : '11'}-01T00:00:00Z`, costUsd: 0.011, context: { workspace: `/w/${i % 3}` } }));
    const r = await rig(records);
    const slicer = new TimeSlicer(0);
    const ledger = r.make(slicer);
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    await ledger.ready();
    clearInterval(timer);
    assert.ok(slicer.yields > 10, `yielded ${slicer.yields} times`);
    assert.ok(ticks > 0, 'timers ran while the history was read');
    const s = ledger.summary();
    assert.equal(s.thisMonth, 16.5);
    assert.deepEqual(s.byMonth, { '2026-11': 16.5, '2026-12': 16.5 });
    assert.deepEqual(s.byWorkspace, { '/w/0': 11, '/w/1': 11, '/w/2': 11 });
    assert.equal(r.reads.length, 3000);
    await ledger.dispose();
  });

  it('updates incrementally: a finished generation is added without reading; a refresh reads only new records', async () => {
    const first = record({ at: '2026-12-01T08:00:00Z', costUsd: 0.1 });
    const r = await rig([first]);
    const ledger = r.make();
    const changes: number[] = [];
    ledger.onDidChange(() => changes.push(ledger.summary().thisMonth));
    await ledger.ready();
    assert.equal(r.reads.length, 1);
    const running = record({ at: '2026-12-02T08:00:00Z', status: 'running', costUsd: null, estimate: { usd: 0.3, perImage: 0.3 } });
    ledger.started(running);
    assert.deepEqual(await ledger.monthSpend(), { spentUsd: 0.1, runningUsd: 0.3 });
    const done = { ...running, status: 'complete' as const, costUsd: 0.28 };
    await write(r.history, [done]);
    ledger.finished(done);
    assert.deepEqual(await ledger.monthSpend(), { spentUsd: 0.38, runningUsd: 0 });
    const other = record({ at: '2026-12-02T09:00:00Z', costUsd: 0.02 }); // another window's
    await write(r.history, [other]);
    await ledger.refresh();
    assert.deepEqual(r.reads, [first.id, other.id], 'the finished one was not read again');
    assert.equal(ledger.summary().thisMonth, 0.4, 'nothing counted twice');
    assert.deepEqual(changes.slice(-2), [0.38, 0.4]);
    await ledger.dispose();
  });

  it('keeps what it counted in its cache: the next window reads only new records, and pruned generations still count', async () => {
    const kept = record({ at: '2026-12-01T08:00:00Z', costUsd: 0.5 });
    const pruned = record({ at: '2026-11-01T08:00:00Z', costUsd: 2 });
    const r = await rig([kept, pruned]);
    const one = r.make();
    await one.ready();
    await one.dispose();
    const cache = JSON.parse(await fs.readFile(r.cacheFile, 'utf8')) as { version: number; entries: unknown[] };
    assert.equal(cache.version, 1);
    assert.equal(cache.entries.length, 2);
    await fs.rm(r.history.dir(pruned.id), { recursive: true });
    const fresh = record({ at: '2026-12-02T08:00:00Z', costUsd: 0.25 });
    await write(r.history, [fresh]);
    r.reads.length = 0;
    const two = r.make();
    await two.ready();
    assert.deepEqual(r.reads, [fresh.id]);
    assert.deepEqual(two.summary().byMonth, { '2026-12': 0.75, '2026-11': 2 });
    await two.dispose();
  });

  it('a damaged cache is said and the history counted again', async () => {
    const r = await rig([record({ at: '2026-12-01T08:00:00Z', costUsd: 0.5 })]);
    await fs.writeFile(r.cacheFile, '{"version":1,"entries":[[');
    const ledger = r.make();
    await ledger.ready();
    assert.equal(ledger.summary().thisMonth, 0.5);
    assert.match(r.warnings.join('\n'), /spend\.json is unreadable/);
    await ledger.dispose();
    assert.equal((JSON.parse(await fs.readFile(r.cacheFile, 'utf8')) as { entries: unknown[] }).entries.length, 1, 'rewritten');
  });
});
