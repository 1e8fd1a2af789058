// The gallery's thumbnail cache on a real folder: thumbnails made once and reused, a decompression bomb recorded
// as "too large" so no later session decodes it again, and the background prune of old entries and stale .tmp files.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEMP_RETENTION_MS, THUMBNAIL_RETENTION_MS, ThumbnailCache } from '../../src/core/gallery/thumbnailCache';
import { encodePng } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { silentLogger } from '../../src/core/log';
import { ImageWorker } from '../../src/core/work/imageWorkerClient';
import type { ImageJob, ImageJobResult } from '../../src/core/work/imageJobs';
import { imageWorkerScript } from '../fake-provider/engine-rig';
import { nodeThumbnailFs } from './nodeThumbnailFs';
import { pngBomb } from './pngBomb';

/** The real worker, counting the jobs it is given. */
class CountingWorker extends ImageWorker {
  jobs = 0;
  override run<J extends ImageJob>(job: J, signal?: AbortSignal): Promise<ImageJobResult<J>> {
    this.jobs++;
    return super.run(job, signal);
  }
}

const cleanup: (() => Promise<void> | void)[] = [];
after(async () => { for (const c of cleanup) await c(); });

async function setup() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-thumbs-'));
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
  const cacheDir = path.join(dir, 'thumbnails');
  const session = () => {
    const images = new CountingWorker(imageWorkerScript());
    cleanup.push(() => images.dispose());
    return { images, cache: new ThumbnailCache(nodeThumbnailFs(cacheDir), images, silentLogger) };
  };
  const file = async (name: string, bytes: Uint8Array) => { const p = path.join(dir, name); await fs.writeFile(p, bytes); return p; };
  return { dir, cacheDir, session, file };
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = () => encodePng(new Uint8Array(300 * 300 * 4).map((_, i) => (i * 13) & 255), 300, 300, { alpha: true, level: 1 });

describe('thumbnail cache', () => {
  it('makes a thumbnail once, filed by content hash, and the next session serves it without any work', async () => {
    const { cacheDir, session, file } = await setup();
    const png = photo();
    const src = await file('a.png', png);
    const first = session();
    await first.cache.prepare();
    assert.deepEqual(await first.cache.ensure(sha(png), src, true), { state: 'ready', key: sha(png) });
    assert.equal(decodePng(await fs.readFile(path.join(cacheDir, ThumbnailCache.fileOf(sha(png))))).width, 192);
    const next = session();
    await next.cache.prepare();
    assert.equal(next.cache.state(sha(png)), 'ready');
    assert.deepEqual(await next.cache.ensure(sha(png), src, true), { state: 'ready', key: sha(png) });
    assert.equal(next.images.jobs, 0);
  });

  it('a decompression bomb is "too large", and stays so after a reload without being read or decoded again', async () => {
    const { cacheDir, session, file } = await setup();
    const bomb = pngBomb(8000, 8000);
    const src = await file('bomb.png', bomb);
    const first = session();
    await first.cache.prepare();
    assert.deepEqual(await first.cache.ensure(sha(bomb), src, true), { state: 'too-large', key: sha(bomb) });
    assert.equal(await fs.readFile(path.join(cacheDir, `${sha(bomb)}.too-large`), 'utf8'), 'PNG declares 8000x8000 (64 MP): over the 50 MP limit');
    const reloaded = session();
    await reloaded.cache.prepare();
    assert.equal(reloaded.cache.state(sha(bomb)), 'too-large');
    assert.deepEqual(await reloaded.cache.ensure(sha(bomb), src, true), { state: 'too-large', key: sha(bomb) });
    assert.equal(reloaded.images.jobs, 0);
    // Without a sidecar the key is the file's identity: the marker is filed under it.
    const key = ThumbnailCache.keyFor(undefined, `${src}|${bomb.length}|1`);
    assert.equal((await reloaded.cache.ensure(key, src, false)).state, 'too-large');
    const again = session();
    await again.cache.prepare();
    assert.equal(again.cache.state(key), 'too-large');
  });

  it('a sidecar that lies about the hash cannot file its picture or a "too large" under another image', async () => {
    const { cacheDir, session, file } = await setup();
    const other = sha(photo());
    const bomb = pngBomb(9000, 9000);
    const { cache } = session();
    await cache.prepare();
    assert.deepEqual(await cache.ensure(other, await file('liar.png', bomb), true), { state: 'too-large', key: sha(bomb) });
    assert.equal(cache.state(other), undefined);
    assert.deepEqual((await fs.readdir(cacheDir)).sort(), [`${sha(bomb)}.too-large`]);
  });

  it('prunes entries unused for the retention period and stale .tmp files, keeping recent, in-use and live ones', async () => {
    const { cacheDir, session, file } = await setup();
    const old = session();
    const a = photo();
    const bomb = pngBomb(8000, 8000);
    await old.cache.ensure(sha(a), await file('a.png', a), true);
    await old.cache.ensure(sha(bomb), await file('b.png', bomb), true);
    const now = Date.now();
    const ago = async (name: string, ms: number) => { const t = new Date(now - ms); await fs.writeFile(path.join(cacheDir, name), 'x'); await fs.utimes(path.join(cacheDir, name), t, t); };
    const days = 24 * 3600 * 1000;
    const recent = `${'1'.repeat(64)}.png`;
    const inUse = `${'2'.repeat(64)}.png`;
    await ago(ThumbnailCache.fileOf(sha(a)), THUMBNAIL_RETENTION_MS + days);
    await ago(`${sha(bomb)}.too-large`, THUMBNAIL_RETENTION_MS + days);
    await ago(recent, days);
    await ago(inUse, THUMBNAIL_RETENTION_MS + days);
    await ago(`${sha(a)}.123.456.tmp`, TEMP_RETENTION_MS + 60_000);
    await ago(`${sha(a)}.123.789.tmp`, 60_000);
    await ago('unrelated.txt', THUMBNAIL_RETENTION_MS + days);
    const { cache } = session();
    await cache.prepare();
    assert.equal(cache.state('2'.repeat(64)), 'ready'); // shown in this session
    assert.deepEqual(await cache.prune(now), { thumbnails: 2, temporary: 1 });
    assert.deepEqual((await fs.readdir(cacheDir)).sort(), [recent, inUse, `${sha(a)}.123.789.tmp`, 'unrelated.txt'].sort());
    assert.equal(cache.state(sha(a)), undefined, 'a pruned thumbnail is made again when asked');
  });
});
