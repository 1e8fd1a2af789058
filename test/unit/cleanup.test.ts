// The background cleanup: each thing Pixelsmith stores is pruned after its retention, and nothing younger.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ATOMIC_TEMP_NAME, atomicTempPath } from '../../src/core/atomic';
import { HistoryStore, type GenerationRecord } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import { pruneStagedReferences } from '../../src/core/stagedReferences';
import { runCleanup } from '../../src/platform/cleanup';

const DAY = 86_400_000;
const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

async function tempRoot(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-cleanup-'));
  roots.push(root);
  return root;
}

/** A file (or folder) last modified `daysAgo` days before now. */
async function aged(p: string, daysAgo: number, content?: string): Promise<string> {
  if (content === undefined) await fs.mkdir(p, { recursive: true });
  else { await fs.mkdir(path.dirname(p), { recursive: true }); await fs.writeFile(p, content); }
  const t = new Date(Date.now() - daysAgo * DAY);
  await fs.utimes(p, t, t);
  return p;
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);

function record(id: string, createdAt: string): GenerationRecord {
  return {
    schemaVersion: 1, id, createdAt, status: 'complete', provider: 'offline', model: 'gpt-image-2',
    request: { prompt: 'p', model: 'gpt-image-2', provider: 'offline', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    estimate: { usd: 0, perImage: 0 }, costUsd: 0, images: [], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
  };
}

describe('cleanup', () => {
  it('prunes staged references not used for the retention, and nothing else in their folder', async () => {
    const root = await tempRoot();
    const old = await aged(path.join(root, 'references', `${'a'.repeat(64)}.png`), 31, 'x');
    const fresh = await aged(path.join(root, 'references', `${'b'.repeat(64)}.webp`), 29, 'x');
    const other = await aged(path.join(root, 'references', 'notes.txt'), 90, 'x');
    assert.equal(await pruneStagedReferences(root, 30), 1);
    assert.deepEqual([await exists(old), await exists(fresh), await exists(other)], [false, true, true]);
    assert.equal(await pruneStagedReferences(path.join(root, 'missing'), 30), 0, 'no folder, nothing to do');
  });

  it('prunes history folders whose record is missing or corrupt once the folder is older than the retention', async () => {
    const root = await tempRoot();
    const store = new HistoryStore(root);
    const missing = await aged(path.join(root, '20250101-000000-aaaaaa'), 40);
    const corrupt = path.join(root, '20250101-000000-bbbbbb');
    await aged(path.join(corrupt, 'generation.json'), 40, '{ "id": "20250101-0');
    await aged(corrupt, 40);
    const young = await aged(path.join(root, '20250101-000000-cccccc'), 1);
    const kept = await store.create(record('20250101-000000-dddddd', new Date(Date.now() - DAY).toISOString()), {});
    assert.equal(await store.prune(30), 2);
    assert.deepEqual([await exists(missing), await exists(corrupt), await exists(young), await exists(store.dir(kept.id))], [false, false, true, true]);
  });

  it('prunes temporary and lock files that interrupted writes left, not younger ones and not images', async () => {
    const root = await tempRoot();
    const store = new HistoryStore(root);
    const rec = await store.create(record(HistoryStore.newId(), new Date().toISOString()), {});
    const dir = store.dir(rec.id);
    const leftTmp = await aged(path.join(dir, '.01.png.0123abcd.tmp'), 1, 'half an image');
    const leftLock = await aged(path.join(dir, 'generation.json.lock'), 1, '1@host token');
    const rootTmp = await aged(path.join(root, '.x.json.89abcdef.tmp'), 1, '{');
    const image = await aged(path.join(dir, '01.png'), 1, 'png');
    const writing = path.join(dir, '.02.png.fedcba98.tmp');
    await fs.writeFile(writing, 'being written');
    assert.equal(await store.pruneLeftovers(), 3);
    assert.deepEqual([await exists(leftTmp), await exists(leftLock), await exists(rootTmp), await exists(image), await exists(writing)], [false, false, false, true, true]);
    assert.match(path.basename(atomicTempPath(path.join(dir, 'generation.json'))), ATOMIC_TEMP_NAME, 'the pattern is the one writeFileAtomic uses');
  });

  it('runs every prune with its retention and reports what each removed', async () => {
    const root = await tempRoot();
    const store = new HistoryStore(root);
    await store.create(record('20250101-000000-eeeeee', new Date(Date.now() - 40 * DAY).toISOString()), {});
    await aged(path.join(root, '20250101-000000-ffffff'), 40);
    await aged(path.join(root, 'references', `${'c'.repeat(64)}.jpg`), 40, 'x');
    await aged(path.join(root, '.y.json.00000000.tmp'), 1, '{');
    assert.deepEqual(await runCleanup(store, silentLogger, 30), { generations: 2, references: 1, leftovers: 1 });
    assert.deepEqual(await runCleanup(store, silentLogger, 30), { generations: 0, references: 0, leftovers: 0 });
  });
});
