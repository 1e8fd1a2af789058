// The GenerationService: one way to run a generation, one registry of runs (any caller's run can be cancelled),
// the cost confirmation injected and asked before anything is stored or sent, saving injected.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GenerationEngine } from '../../src/core/engine';
import { PixelsmithError } from '../../src/core/errors';
import { HistoryStore } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { silentLogger } from '../../src/core/log';
import type { ImageRequest, ProviderCall, ProviderResult } from '../../src/core/types';
import { GenerationService, type SaveRequest } from '../../src/services/generationService';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

const png = (seed: number) => encodePng(new Uint8Array(1024 * 1024 * 4).fill(seed), 1024, 1024);
const request = (over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt: 'a lighthouse at dusk', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024',
  quality: 'low', background: 'auto', outputFormat: 'png', ...over,
});

/** Each call answers one image, except the ones `hang` picks: those wait for their abort. */
async function rig(o: { confirm?: boolean; hang?: (callNumber: number) => boolean } = {}) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-service-'));
  roots.push(root);
  const history = new HistoryStore(root);
  const calls: ProviderCall[] = [];
  const asked: ImageRequest[] = [];
  const saves: SaveRequest<string>[] = [];
  const provider = {
    id: 'openai' as const,
    call: async (c: ProviderCall): Promise<ProviderResult> => {
      calls.push(c);
      if (o.hang?.(calls.length)) {
        await new Promise((_, reject) => c.signal.addEventListener('abort', () => reject(new PixelsmithError('cancelled', 'aborted'))));
      }
      return { images: Array.from({ length: c.n }, (_, i) => ({ bytes: png(calls.length * 10 + i) })) };
    },
  };
  const engine = new GenerationEngine({ history, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 1, maxRetries: () => 0, retryBaseDelayMs: 1 });
  const service = new GenerationService<string, string>({
    engine, log: silentLogger,
    confirmCost: async (req) => { asked.push(req); return o.confirm ?? true; },
    save: async (s) => { saves.push(s); return s.indices.map((i) => `saved-${i}`); },
  });
  return { history, calls, asked, saves, service };
}

describe('GenerationService', () => {
  it('a declined cost confirmation stores and sends nothing', async () => {
    const r = await rig({ confirm: false });
    await assert.rejects(r.service.start(request({ n: 4 }), { origin: 'command' }), (e: PixelsmithError) => e.code === 'cancelled' && /threshold/.test(e.message));
    assert.equal(r.asked.length, 1);
    assert.equal(r.calls.length, 0);
    assert.deepEqual(await r.history.ids(), []);
  });

  it('an invalid request is refused naming its field, before the confirmation is asked', async () => {
    const r = await rig();
    await assert.rejects(r.service.start(request({ size: '1000x1000' }), { origin: 'panel' }), (e: PixelsmithError) => e.field === 'size');
    assert.equal(r.asked.length, 0);
    assert.equal(r.calls.length, 0);
  });

  it('cancel() without an id reaches runs of every origin; what arrived is kept', async () => {
    const r = await rig({ hang: (n) => n > 1 });
    const changes: number[] = [];
    r.service.runs.onDidChange((n) => changes.push(n));
    const fromPanel = await r.service.start(request({ n: 3, partialImages: 1 }), { origin: 'panel', skipCostConfirmation: true });
    const fromCommand = await r.service.start(request({ n: 2, partialImages: 1 }), { origin: 'command', skipCostConfirmation: true });
    assert.deepEqual(r.service.runs.list().map((x) => x.origin).sort(), ['command', 'panel']);
    // Wait until the panel's first image is in, then cancel everything as Cancel Generation does.
    for (let i = 0; i < 400 && (await r.history.get(fromPanel.generationId))?.images.length !== 1; i++) await new Promise((res) => setTimeout(res, 5));
    assert.deepEqual(r.service.cancel().sort(), [fromPanel.generationId, fromCommand.generationId].sort());
    const [panel, command] = await Promise.all([fromPanel.done, fromCommand.done]);
    assert.equal(panel.status, 'cancelled');
    assert.equal(panel.images.length, 1, 'the image received before the cancel is kept');
    assert.equal(command.status, 'cancelled');
    assert.equal(r.service.runs.size, 0);
    assert.deepEqual(changes, [1, 2, 1, 0].slice(0, changes.length));
    assert.equal(changes.at(-1), 0);
  });

  it('cancel(id) stops only that run and answers nothing for a finished one', async () => {
    const r = await rig({ hang: () => true });
    const a = await r.service.start(request(), { origin: 'agent', skipCostConfirmation: true });
    const b = await r.service.start(request(), { origin: 'markdown', skipCostConfirmation: true });
    assert.deepEqual(r.service.cancel(a.generationId), [a.generationId]);
    assert.equal((await a.done).status, 'cancelled');
    assert.equal(r.service.runs.isRunning(b.generationId), true);
    assert.deepEqual(r.service.cancel(a.generationId), []);
    r.service.cancel(b.generationId);
    await b.done;
  });

  it('a call still queued when the run is cancelled is never sent (nothing billed after Cancel)', async () => {
    const r = await rig({ hang: (n) => n === 2 });
    const run = await r.service.start(request({ n: 3, partialImages: 1 }), { origin: 'panel', skipCostConfirmation: true });
    for (let i = 0; i < 400 && r.calls.length < 2; i++) await new Promise((res) => setTimeout(res, 5));
    r.service.cancel(run.generationId);
    const rec = await run.done;
    assert.equal(rec.status, 'cancelled');
    assert.equal(r.calls.length, 2, 'the third image\'s call was queued (one call at a time) and must not be sent');
    assert.equal(rec.images.length, 1);
  });

  it('an outside signal (a progress notification\'s Cancel) stops the run too', async () => {
    const r = await rig({ hang: () => true });
    const ctl = new AbortController();
    const run = await r.service.start(request(), { origin: 'command', signal: ctl.signal, skipCostConfirmation: true });
    ctl.abort();
    assert.equal((await run.done).status, 'cancelled');
  });

  it('generate() saves what was asked, with the preset and destination, through the injected saver', async () => {
    const r = await rig();
    const { record, saved } = await r.service.generate(request({ n: 3, preset: 'icon' }), { origin: 'command', save: [0, 2], folder: 'assets/x' });
    assert.equal(record.status, 'complete');
    assert.deepEqual(saved, ['saved-0', 'saved-2']);
    assert.deepEqual(r.saves, [{ generationId: record.id, indices: [0, 2], preset: 'icon', folder: 'assets/x' }]);
    const none = await r.service.generate(request(), { origin: 'command', save: 'none' });
    assert.deepEqual(none.saved, []);
    assert.equal(r.saves.length, 1);
  });
});
