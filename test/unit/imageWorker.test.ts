// The image worker thread: the same bytes as the work done in place, jobs in a queue, cancellation by AbortSignal.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { makePngThumbnail } from '../../src/core/gallery/thumbnail';
import { encodePng } from '../../src/core/imaging/png';
import { decodePng } from '../../src/core/imaging/png-decode';
import { renderPlaceholder } from '../../src/core/placeholder';
import { ImageWorker } from '../../src/core/work/imageWorkerClient';
import { imageWorkerScript } from '../fake-provider/engine-rig';
import { pngBomb } from './pngBomb';

const workers: ImageWorker[] = [];
after(() => { for (const w of workers) w.dispose(); });
function worker(): ImageWorker {
  const w = new ImageWorker(imageWorkerScript());
  workers.push(w);
  return w;
}

function picture(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < px.length; i += 4) { px[i] = (i >> 2) % 251; px[i + 1] = (i >> 4) & 255; px[i + 2] = 90; px[i + 3] = (i >> 2) % 7 ? 255 : 0; }
  return px;
}
const request = (width: number, height: number, index = 0) => ({ prompt: 'a lighthouse at dusk', width, height, index, n: 4, transparent: false });

describe('image worker', () => {
  it('makes the same thumbnail as the code run in place, with the sha256 of the source, and leaves the caller its bytes', async () => {
    const png = encodePng(picture(400, 200), 400, 200, { alpha: true, level: 1 });
    const out = await worker().run({ kind: 'thumbnail', bytes: png, hash: true });
    assert.ok(out.ok);
    assert.equal(out.sha256, createHash('sha256').update(png).digest('hex'));
    assert.deepEqual([out.thumbnail.width, out.thumbnail.height], [192, 96]);
    assert.deepEqual(Buffer.from(out.thumbnail.png), Buffer.from(makePngThumbnail(png).png));
    assert.equal(decodePng(out.thumbnail.png).width, 192);
    assert.equal(png.byteLength > 0 && png[0], 0x89, 'the caller\'s bytes were detached');
  });

  it('renders and encodes an offline placeholder exactly as in place', async () => {
    const bytes = await worker().run({ kind: 'placeholder', request: request(320, 200), encode: { format: 'png', alpha: false } });
    const px = renderPlaceholder(request(320, 200));
    assert.deepEqual(Buffer.from(bytes), Buffer.from(encodePng(px.rgba, 320, 200, { alpha: false })));
  });

  it('refuses a decompression bomb from its header, with the hash, without failing the worker', async () => {
    const w = worker();
    const bomb = pngBomb(8000, 8000);
    const out = await w.run({ kind: 'thumbnail', bytes: bomb, hash: true });
    assert.deepEqual(out, { ok: false, code: 'too-large', reason: 'PNG declares 8000x8000 (64 MP): over the 50 MP limit', sha256: createHash('sha256').update(bomb).digest('hex') });
    assert.ok((await w.run({ kind: 'thumbnail', bytes: encodePng(picture(8, 8), 8, 8), hash: false })).ok);
    assert.equal(w.threadsStarted, 1);
  });

  it('runs queued jobs in order on one thread, started on the first job', async () => {
    const w = worker();
    assert.equal(w.threadsStarted, 0);
    const sizes = await Promise.all([1, 2, 3].map((i) => w.run({ kind: 'placeholder', request: request(64 * i, 32, i), encode: { format: 'png', alpha: false } })));
    assert.deepEqual(sizes.map((b) => decodePng(b).width), [64, 128, 192]);
    assert.equal(w.threadsStarted, 1);
  });

  it('a cancelled job rejects with the abort reason, queued or running; the worker carries on', async () => {
    const w = worker();
    const running = new AbortController();
    const queued = new AbortController();
    const big = w.run({ kind: 'placeholder', request: request(3840, 2160), encode: { format: 'png', alpha: false } }, running.signal);
    const next = w.run({ kind: 'placeholder', request: request(3840, 2160, 1), encode: { format: 'png', alpha: false } }, queued.signal);
    const kept = w.run({ kind: 'placeholder', request: request(32, 32), encode: { format: 'png', alpha: false } });
    queued.abort(new Error('queued one cancelled'));
    running.abort(new Error('running one cancelled'));
    await assert.rejects(big, /running one cancelled/);
    await assert.rejects(next, /queued one cancelled/);
    assert.equal(decodePng(await kept).width, 32);
    assert.equal(w.threadsStarted, 2, 'the running job was stopped by restarting the thread');
    await assert.rejects(w.run({ kind: 'thumbnail', bytes: new Uint8Array(8), hash: false }, AbortSignal.abort(new Error('already'))), /already/);
  });

  it('an error in a job arrives with its type; dispose rejects what is pending', async () => {
    const w = worker();
    await assert.rejects(w.run({ kind: 'placeholder', request: request(0, 10), encode: { format: 'png', alpha: false } }), RangeError);
    const pending = w.run({ kind: 'placeholder', request: request(2048, 2048), encode: { format: 'png', alpha: false } });
    w.dispose();
    await assert.rejects(pending, /disposed/);
    await assert.rejects(w.run({ kind: 'thumbnail', bytes: new Uint8Array(8), hash: false }), /disposed/);
  });
});
