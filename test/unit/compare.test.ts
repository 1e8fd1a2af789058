// Compare Models without VS Code: the arguments against their one declaration, one cost question for the sum,
// columns started together and answered in the order asked, a refused column kept as failed, settings fitted to each model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors';
import type { GenerationEvent } from '../../src/core/engine';
import type { GenerationRecord } from '../../src/core/history';
import type { ImageRequest } from '../../src/core/types';
import { parseCompareArgs } from '../../src/services/compareArgs';
import { fitColumn } from '../../src/services/compareFit';
import { CompareService } from '../../src/services/compareService';
import type { StartOptions } from '../../src/services/generationService';

const req = (provider: ImageRequest['provider'], model: string): ImageRequest => fitColumn({
  prompt: 'a fox', provider, model, n: 1, size: 'auto', quality: 'medium', background: 'auto', outputFormat: 'webp',
});

function record(id: string, r: ImageRequest, images: number): GenerationRecord {
  return {
    schemaVersion: 1, id, createdAt: new Date().toISOString(), status: 'complete', provider: r.provider, model: r.model, request: { ...r, references: [] },
    images: Array.from({ length: images }, (_, index) => ({ index, file: `${index}.png`, format: 'png', width: 1, height: 1, sha256: '0'.repeat(64), bytes: 1, contentCredentials: false, receivedAt: '' })),
    errors: [], partials: [], saved: [], requestIds: [], costUsd: 0.01,
  } as unknown as GenerationRecord;
}

describe('pixelsmith.compare arguments', () => {
  const models = [{ provider: 'openai', model: 'gpt-image-2' }, { provider: 'gemini', model: 'gemini-3.1-flash-image' }];
  const fails = (raw: unknown, field: string, message: RegExp) =>
    assert.throws(() => parseCompareArgs(raw), (e: unknown) => e instanceof ValidationError && e.field === field && message.test(e.message));
  it('accepts the declared ones; save defaults to none', () => {
    const a = parseCompareArgs({ prompt: 'x', models, n: 2, save: 'all', folder: 'out' });
    assert.equal(a.models.length, 2);
    assert.equal(parseCompareArgs({ prompt: 'x', models }).save, 'none');
  });
  it('names what is wrong', () => {
    fails({ prompt: 'x', models, quality: 'high' }, 'quality', /Unknown argument "quality"\. Allowed: prompt, models, n, references, save, folder, skipCostConfirmation\./);
    fails({ prompt: 'x', models: models.slice(0, 1) }, 'models', /2 to 4/);
    fails({ prompt: 'x', models: [...models, ...models, models[0]] }, 'models', /2 to 4/);
    fails({ prompt: 'x', models: [models[0], { provider: 'acme', model: 'm' }] }, 'models[1].provider', /unknown provider/);
    fails({ prompt: 'x', models: [models[0], { provider: 'gemini', model: 'm', size: '1x1' }] }, 'models[1].size', /unknown key/);
    fails({ prompt: 'x', models: [models[0], 'gemini'] }, 'models[1]', /must be an object/);
    fails('x', 'args', /one object argument/);
  });
});

describe('fitColumn', () => {
  it('gives each model settings it takes', () => {
    assert.deepEqual([req('gemini', 'gemini-3.1-flash-image').quality, req('gemini', 'gemini-3.1-flash-image').outputFormat], ['auto', 'png']);
    assert.deepEqual([req('bfl', 'flux-2-pro').quality, req('bfl', 'flux-2-pro').outputFormat], ['auto', 'png']);
    assert.deepEqual([req('openai', 'gpt-image-2').quality, req('openai', 'gpt-image-2').outputFormat], ['medium', 'webp']);
  });
});

describe('CompareService', () => {
  it('asks once for all columns, starts them together, answers in order; a refused column is failed, the others run', async () => {
    const asked: number[] = [];
    const started: string[] = [];
    const finish: (() => void)[] = [];
    let clock = 0;
    const service = new CompareService({
      confirmBatch: async (reqs) => { asked.push(reqs.length); return true; },
      now: () => clock,
      generation: {
        start: async (r: ImageRequest, o: StartOptions) => {
          assert.equal(o.skipCostConfirmation, true, 'the columns are not asked again');
          if (r.provider === 'bfl') throw new ValidationError('model', 'no key for Black Forest Labs');
          const id = `20260101-000000-00000${started.length}`;
          started.push(r.model);
          const rec = record(id, r, 1);
          const done = new Promise<GenerationRecord>((resolve) => finish.push(() => {
            o.onEvent?.({ kind: 'image', generationId: id } as unknown as GenerationEvent);
            resolve(rec);
          }));
          return { generationId: id, done };
        },
      },
    });
    const reqs = [req('openai', 'gpt-image-2'), req('bfl', 'flux-2-pro'), req('gemini', 'gemini-3.1-flash-image')];
    const pending = service.run(reqs, { origin: 'command' });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(started, ['gpt-image-2', 'gemini-3.1-flash-image'], 'both started before either finished');
    clock = 1500; finish[1]!();
    await new Promise((r) => setTimeout(r, 5));
    clock = 2500; finish[0]!();
    const columns = await pending;
    assert.deepEqual(asked, [3], 'one question for the sum');
    assert.deepEqual(columns.map((c) => [c.model, c.status, c.firstImageMs, c.totalMs]), [
      ['gpt-image-2', 'complete', 2500, 2500], ['flux-2-pro', 'failed', null, null], ['gemini-3.1-flash-image', 'complete', 1500, 1500],
    ]);
    assert.match(columns[1]!.error!.message, /no key for Black Forest Labs/);
    assert.equal(columns[1]!.generationId, null);
  });

  it('a declined confirmation or an invalid column sends nothing', async () => {
    let starts = 0;
    const service = (ok: boolean) => new CompareService({ confirmBatch: async () => ok, generation: { start: async () => { starts++; throw new Error('not reached'); } } });
    await assert.rejects(service(false).run([req('openai', 'gpt-image-2'), req('gemini', 'gemini-3-pro-image')], { origin: 'command' }), /chose not to go ahead/);
    await assert.rejects(service(true).run([req('openai', 'gpt-image-2'), { ...req('gemini', 'gemini-3-pro-image'), size: '1536x1024' }], { origin: 'command' }),
      (e: unknown) => e instanceof ValidationError && e.field === 'models[1].size');
    assert.equal(starts, 0);
  });
});
