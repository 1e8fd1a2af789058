// The engine against an in-process provider: splitting, sequences, cancel, bad images, retries, and a history that loses nothing.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GenerationEngine, type GenerationEvent } from '../../src/core/engine';
import { PixelsmithError } from '../../src/core/errors';
import { HistoryStore, sha256 } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { silentLogger } from '../../src/core/log';
import { RetryableHttpError } from '../../src/core/providers/translate';
import type { ImageProvider, ImageRequest, ProviderCall, ProviderId, ProviderResult } from '../../src/core/types';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

function png(w: number, h: number, alpha = false, seed = 0): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < px.length; i += 4) { px[i] = (i / 4 + seed) % 256; px[i + 1] = seed * 40 % 256; px[i + 2] = 128; px[i + 3] = alpha ? (i % 8 ? 255 : 0) : 255; }
  return encodePng(px, w, h, { alpha });
}

type Handler = (call: ProviderCall, calls: ProviderCall[]) => Promise<ProviderResult>;

async function setup(handler: Handler, id: ProviderId = 'openai') {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-engine-'));
  roots.push(root);
  const history = new HistoryStore(root);
  const calls: ProviderCall[] = [];
  const provider: ImageProvider = { id, call: (c) => { calls.push(c); return handler(c, calls); } };
  const engine = new GenerationEngine({ history, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 4, maxRetries: () => 2, retryBaseDelayMs: 1 });
  return { root, history, engine, calls };
}

const request = (over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt: 'a lighthouse at dusk', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024',
  quality: 'low', background: 'auto', outputFormat: 'png', ...over,
});

const images = (c: ProviderCall, w = 1024, h = 1024, alpha = false) => ({ images: Array.from({ length: c.n }, (_, i) => ({ bytes: png(w, h, alpha, i) })) });

describe('GenerationEngine', () => {
  it('rejects an invalid request before anything is stored or sent', async () => {
    const { engine, root, calls } = await setup(async (c) => images(c));
    await assert.rejects(engine.generate(request({ size: '1000x1000' })), (e: PixelsmithError) => e.code === 'invalid-request' && e.field === 'size');
    await assert.rejects(engine.generate(request({ background: 'transparent', outputFormat: 'jpeg' })), (e: PixelsmithError) => e.field !== undefined);
    assert.deepEqual(await fs.readdir(root), []);
    assert.equal(calls.length, 0);
  });

  it('keeps every image byte for byte with a record, and emits events as they arrive', async () => {
    const served: Uint8Array[] = [];
    const { engine, history } = await setup(async (c) => { const r = images(c); served.push(...r.images.map((i) => i.bytes)); return { ...r, usage: { inputTokens: 10, outputTokens: 100 }, requestId: 'req_1' }; });
    const events: GenerationEvent['kind'][] = [];
    const rec = await engine.generate(request({ n: 3 }), { onEvent: (e) => events.push(e.kind) });
    assert.equal(rec.status, 'complete');
    assert.equal(rec.images.length, 3);
    for (const img of rec.images) {
      const bytes = await fs.readFile(history.imagePath(rec.id, img.file));
      assert.equal(sha256(bytes), img.sha256);
      assert.ok(served.some((s) => sha256(s) === img.sha256));
    }
    const onDisk = JSON.parse(await fs.readFile(path.join(history.dir(rec.id), 'generation.json'), 'utf8'));
    assert.equal(onDisk.status, 'complete');
    assert.deepEqual(onDisk.requestIds, ['req_1']);
    assert.equal(events[0], 'started');
    assert.equal(events.filter((k) => k === 'image').length, 3);
    assert.equal(events.at(-1), 'finished');
    assert.ok(typeof rec.costUsd === 'number' && rec.costUsd > 0);
  });

  it('splits n beyond one call\'s limit into parallel calls (fal: 4 per call)', async () => {
    let inFlight = 0, peak = 0;
    const { engine, calls } = await setup(async (c) => { inFlight++; peak = Math.max(peak, inFlight); await new Promise((r) => setTimeout(r, 20)); inFlight--; return images(c); }, 'fal');
    const rec = await engine.generate(request({ provider: 'fal', n: 8 }));
    assert.deepEqual(calls.map((c) => c.n), [4, 4]);
    assert.equal(peak, 2);
    assert.deepEqual(rec.images.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('one image per call when partial previews stream, and keeps the partials', async () => {
    const { engine, calls, history } = await setup(async (c) => {
      c.onEvent?.({ kind: 'partial', index: 0, partialIndex: 0, bytes: png(64, 64) });
      await new Promise((r) => setTimeout(r, 5));
      return images(c);
    });
    const rec = await engine.generate(request({ n: 3, partialImages: 1 }));
    assert.deepEqual(calls.map((c) => c.n), [1, 1, 1]);
    const r = await history.get(rec.id);
    assert.equal(r?.partials.length, 3);
  });

  it('generates a 12-frame sequence in batches, each continuing from the last frame', async () => {
    const { engine, calls } = await setup(async (c) => images(c));
    const rec = await engine.generate(request({ n: 1, frames: 12, preset: 'sequence' }));
    assert.equal(rec.images.length, 12);
    assert.deepEqual(calls.map((c) => c.n), [8, 4]);
    assert.equal(calls[0]!.request.references, undefined);
    const ref = calls[1]!.request.references?.[0];
    assert.ok(ref, 'second batch has the previous frame as reference');
    assert.equal(sha256(ref.bytes), rec.images[7]!.sha256);
    assert.match(calls[1]!.request.prompt, /frames 9–12 of 12/);
  });

  it('a cancel keeps everything received before it', async () => {
    const ctl = new AbortController();
    const { engine, history } = await setup(async (c, all) => {
      if (all.length === 1) return images(c);
      await new Promise((_, reject) => c.signal.addEventListener('abort', () => reject(new PixelsmithError('cancelled', 'aborted'))));
      throw new Error('unreachable');
    });
    const done = engine.generate(request({ n: 3, partialImages: 1 }), { signal: ctl.signal, onEvent: (e) => { if (e.kind === 'image') setTimeout(() => ctl.abort(), 10); } });
    const rec = await done;
    assert.equal(rec.status, 'cancelled');
    assert.equal(rec.images.length, 1);
    const stored = await history.get(rec.id);
    assert.equal(stored?.images.length, 1);
    await fs.access(history.imagePath(rec.id, stored!.images[0]!.file));
  });

  it('a change made through another copy of a running record (a save) survives the engine\'s later writes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { engine, history } = await setup(async (c, all) => { if (all.length > 1) await gate; return images(c); });
    const done = engine.generate(request({ n: 2, partialImages: 1 }), {
      onEvent: (e) => {
        if (e.kind !== 'image' || e.image.index !== 0) return;
        void (async () => {
          const copy = (await history.get(e.generationId))!;
          await history.update(copy, (r) => { r.saved.push({ index: 0, path: 'file:///ws/a.png', at: new Date().toISOString() }); });
          release();
        })();
      },
    });
    const rec = await done;
    assert.equal(rec.images.length, 2);
    assert.deepEqual((await history.get(rec.id))?.saved.map((x) => x.path), ['file:///ws/a.png']);
  });

  it('a truncated or wrong image is an error for that image, never a stored file', async () => {
    const { engine, history } = await setup(async (c) => {
      const good = png(1024, 1024);
      return { images: [{ bytes: good }, { bytes: good.subarray(0, good.length - 20) }, { bytes: png(512, 512) }].slice(0, c.n) };
    });
    const rec = await engine.generate(request({ n: 3 }));
    assert.equal(rec.status, 'partial');
    assert.deepEqual(rec.images.map((i) => i.index), [0]);
    assert.deepEqual(rec.errors.map((e) => [e.index, e.code]), [[1, 'bad-image'], [2, 'bad-image']]);
    const files = await fs.readdir(history.dir(rec.id));
    assert.deepEqual(files.filter((f) => f.endsWith('.png')).sort(), ['01.png']);
  });

  it('asks for alpha when a transparent background was requested', async () => {
    const { engine } = await setup(async (c) => images(c, 1024, 1024, false));
    const rec = await engine.generate(request({ background: 'transparent', model: 'gpt-image-1.5' }));
    assert.equal(rec.status, 'failed');
    assert.match(rec.errors[0]!.message, /alpha|transparen/i);
  });

  it('retries 429 honouring retry-after, but never a timeout', async () => {
    const { engine, calls } = await setup(async (c, all) => {
      if (all.length === 1) throw new RetryableHttpError('rate-limit', 'slow down', 0.2, 'req_9');
      return images(c);
    });
    const waits: number[] = [];
    const rec = await engine.generate(request(), { onEvent: (e) => { if (e.kind === 'retry') waits.push(e.waitMs); } });
    assert.equal(rec.status, 'complete');
    assert.equal(calls.length, 2);
    assert.deepEqual(waits, [200], 'the retry waits what retry-after says, not the base delay');

    const t = await setup(async () => { throw new PixelsmithError('timeout', 'took too long', { retryable: false }); });
    const failed = await t.engine.generate(request());
    assert.equal(t.calls.length, 1);
    assert.equal(failed.errors[0]!.code, 'timeout');
  });

  it('prunes generations older than the retention', async () => {
    const { engine, history } = await setup(async (c) => images(c));
    const rec = await engine.generate(request());
    assert.equal(await history.prune(30), 0);
    assert.equal(await history.prune(30, Date.now() + 31 * 86_400_000), 1);
    assert.equal(await history.get(rec.id), undefined);
  });
});
