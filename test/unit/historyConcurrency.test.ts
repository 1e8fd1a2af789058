// The history shared by two windows: writers in two Node processes (and two stores in one) saving the same
// generation at once keep every save; the lock file is broken when its holder is gone or stale, and waited for otherwise.
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GenerationEngine } from '../../src/core/engine';
import { withFileLock } from '../../src/core/fileLock';
import { HistoryStore, type GenerationRecord } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { silentLogger } from '../../src/core/log';
import type { ImageProvider } from '../../src/core/types';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

async function tempRoot(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-history-'));
  roots.push(root);
  return root;
}

function newRecord(status: GenerationRecord['status'] = 'complete'): GenerationRecord {
  return {
    schemaVersion: 1, id: HistoryStore.newId(), createdAt: new Date().toISOString(), status, provider: 'offline', model: 'gpt-image-2',
    request: { prompt: 'a lighthouse', model: 'gpt-image-2', provider: 'offline', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    estimate: { usd: 0, perImage: 0 }, costUsd: 0, images: [], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
  };
}

/** A save recorded as the gallery and the panel do: through a fresh copy read from disk. */
async function saveThroughCopy(store: HistoryStore, id: string, p: string): Promise<void> {
  const copy = await store.get(id);
  assert.ok(copy, 'the record is on disk');
  await store.update(copy, (r) => { r.saved.push({ index: 0, path: p, at: new Date().toISOString() }); });
}

/** A HistoryStore in another Node process, started and released together with the others. */
function writer(root: string, id: string, tag: string, count: number) {
  const child = fork(path.join(__dirname, 'support', 'historyWriter.js'), [root, id, tag, String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve, reject) => { child.once('message', () => resolve()); child.once('error', reject); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { go: () => child.send('go'), ready, exited };
}

describe('HistoryStore across windows', () => {
  it('two processes saving the same generation at once keep every save', async () => {
    const root = await tempRoot();
    const rec = await new HistoryStore(root).create(newRecord(), {});
    const count = 40;
    const writers = [writer(root, rec.id, 'a', count), writer(root, rec.id, 'b', count)];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    assert.deepEqual(await Promise.all(writers.map((w) => w.exited)), [0, 0]);
    const saved = (await new HistoryStore(root).get(rec.id))!.saved.map((s) => s.path).sort();
    const expected = ['a', 'b'].flatMap((t) => Array.from({ length: count }, (_, i) => `file:///${t}/${i}.png`)).sort();
    assert.deepEqual(saved, expected);
    await assert.rejects(fs.access(path.join(root, rec.id, 'generation.json.lock')), 'the lock is released');
  });

  it('two stores in one process saving at once keep every save', async () => {
    const root = await tempRoot();
    const [a, b] = [new HistoryStore(root), new HistoryStore(root)];
    const rec = await a.create(newRecord(), {});
    await Promise.all(Array.from({ length: 30 }, (_, i) => saveThroughCopy(i % 2 ? a : b, rec.id, `file:///ws/${i}.png`)));
    assert.equal((await a.get(rec.id))!.saved.length, 30);
  });

  it('a save made by another window while the generation runs survives the engine\'s later writes', async () => {
    const root = await tempRoot();
    const [engineWindow, otherWindow] = [new HistoryStore(root), new HistoryStore(root)];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let calls = 0;
    const png = encodePng(new Uint8Array(1024 * 1024 * 4).fill(255), 1024, 1024);
    const provider: ImageProvider = { id: 'openai', call: async (c) => { if (++calls > 1) await gate; return { images: Array.from({ length: c.n }, () => ({ bytes: png })), usage: { inputTokens: 1, outputTokens: 2 } }; } };
    const engine = new GenerationEngine({ history: engineWindow, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 1, maxRetries: () => 0 });
    const rec = await engine.generate({ prompt: 'a lighthouse', model: 'gpt-image-2', provider: 'openai', n: 2, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', partialImages: 1 }, {
      onEvent: (e) => {
        if (e.kind === 'image' && e.image.index === 0) void saveThroughCopy(otherWindow, e.generationId, 'file:///other/a.png').then(release);
      },
    });
    const onDisk = (await otherWindow.get(rec.id))!;
    assert.equal(onDisk.status, 'complete');
    assert.deepEqual(onDisk.images.map((i) => i.index), [0, 1]);
    assert.deepEqual(onDisk.saved.map((s) => s.path), ['file:///other/a.png']);
    assert.equal(onDisk.usage?.outputTokens, 4, 'the engine keeps its own fields');
  });

  it('a copy read before the generation finished does not turn it back to running', async () => {
    const root = await tempRoot();
    const store = new HistoryStore(root);
    const rec = await store.create(newRecord('running'), {});
    const early = (await new HistoryStore(root).get(rec.id))!;
    await store.update(rec, (r) => { r.status = 'complete'; r.finishedAt = new Date().toISOString(); });
    await new HistoryStore(root).update(early, (r) => { r.saved.push({ index: 0, path: 'file:///ws/x.png', at: new Date().toISOString() }); });
    const onDisk = (await store.get(rec.id))!;
    assert.equal(onDisk.status, 'complete');
    assert.equal(onDisk.saved.length, 1);
  });
});

describe('withFileLock', () => {
  it('lets one holder in at a time', async () => {
    const lock = path.join(await tempRoot(), 'x.lock');
    let inside = 0, peak = 0;
    await Promise.all(Array.from({ length: 20 }, () => withFileLock(lock, async () => {
      peak = Math.max(peak, ++inside);
      await new Promise((r) => setImmediate(r));
      inside--;
    })));
    assert.equal(peak, 1);
  });

  it('breaks a lock whose holder process is gone, without waiting for it to go stale', async () => {
    const lock = path.join(await tempRoot(), 'x.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await fs.writeFile(lock, `${dead}@${os.hostname()} 0123456789ab`);
    assert.equal(await withFileLock(lock, async () => 'in', { staleMs: 3_600_000, maxWaitMs: 3_600_000 }), 'in');
  });

  it('breaks a lock older than staleMs, even if its holder still runs', async () => {
    const lock = path.join(await tempRoot(), 'x.lock');
    await fs.writeFile(lock, `${process.pid}@${os.hostname()} 0123456789ab`);
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lock, old, old);
    assert.equal(await withFileLock(lock, async () => 'in', { staleMs: 10_000, maxWaitMs: 3_600_000 }), 'in');
  });

  it('waits for a fresh lock of a running holder, and gives up after maxWaitMs without breaking it', async () => {
    const lock = path.join(await tempRoot(), 'x.lock');
    const theirs = `${process.pid}@${os.hostname()} 0123456789ab`;
    await fs.writeFile(lock, theirs);
    await assert.rejects(withFileLock(lock, async () => 'in', { staleMs: 3_600_000, maxWaitMs: 50 }), /held/);
    assert.equal(await fs.readFile(lock, 'utf8'), theirs);
    const waiting = withFileLock(lock, async () => 'in', { staleMs: 3_600_000, maxWaitMs: 3_600_000 });
    await fs.rm(lock);
    assert.equal(await waiting, 'in');
  });
});
