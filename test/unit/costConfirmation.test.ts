// When Pixelsmith asks before spending money: unknown prices, the threshold, and provider or model chosen by a workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchCostQuestion, billedEstimate, costQuestion, workspaceOverrides, type ChoiceSettings } from '../../src/core/costConfirmation';
import { estimateCost, formatUsd } from '../../src/core/cost';
import type { ImageRequest } from '../../src/core/types';

const req = (over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt: 'a lighthouse', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'low',
  background: 'auto', outputFormat: 'png', ...over,
});
const userOnly: ChoiceSettings = { provider: { user: 'auto' }, model: { user: 'gpt-image-2' } };

describe('costQuestion', () => {
  it('a priced request below the threshold goes without a question; above it asks with the estimate', () => {
    assert.equal(costQuestion(req(), 0.5), undefined);
    const q = costQuestion(req({ n: 8, quality: 'high', size: '3840x2160' }), 0.5);
    assert.match(q?.message ?? '', /estimated at \$\d/);
    assert.match(q?.detail ?? '', /above your threshold of \$0\.50/);
  });

  for (const model of ['future-image-model-9', 'my-azure-deployment', 'some/typed-model-id']) {
    it(`an unknown price (${model}) asks whatever the threshold, naming n, size and model`, () => {
      const q = costQuestion(req({ model, n: 8, size: '3840x2160', provider: model === 'my-azure-deployment' ? 'azure' : 'openai' }), 1e9);
      assert.ok(q, 'asked');
      assert.match(q.message, /price is unknown/);
      for (const part of ['8 image(s)', '3840x2160', model]) assert.ok(q.message.includes(part) && q.detail.includes(part), `${part} named`);
    });
  }

  it('the offline placeholder never asks: it costs nothing', () => {
    assert.equal(costQuestion(req({ provider: 'offline', model: 'anything', n: 8 }), 0), undefined);
  });

  it('a provider or model chosen by the workspace asks even below the threshold, naming the setting and .vscode/settings.json', () => {
    const settings: ChoiceSettings = { provider: { user: 'auto', workspace: 'fal' }, model: { user: 'gpt-image-2', workspace: 'gpt-image-1.5' } };
    const r = req({ provider: 'fal', model: 'gpt-image-1.5' });
    const overrides = workspaceOverrides(r, settings);
    assert.deepEqual(overrides.map((o) => o.setting), ['pixelsmith.provider', 'pixelsmith.model']);
    const q = costQuestion(r, 1e9, overrides);
    assert.ok(q, 'asked below the threshold');
    for (const part of ['pixelsmith.provider = "fal"', 'pixelsmith.model = "gpt-image-1.5"', '.vscode/settings.json']) assert.ok(q.detail.includes(part), part);
    assert.match(q.message, /settings from this workspace/);
  });
});

describe('workspaceOverrides', () => {
  it('none when the workspace sets nothing, sets what the user has, or the request did not use its value', () => {
    assert.deepEqual(workspaceOverrides(req(), userOnly), []);
    assert.deepEqual(workspaceOverrides(req(), { provider: { user: 'openai', workspace: 'openai' }, model: { user: 'gpt-image-2', workspace: 'gpt-image-2' } }), []);
    assert.deepEqual(workspaceOverrides(req({ model: 'gpt-image-2' }), { ...userOnly, model: { user: 'gpt-image-2', workspace: 'gpt-image-1' } }), []);
  });

  it('a workspace "auto" over the user\'s own provider chose whichever provider it resolved to', () => {
    const o = workspaceOverrides(req({ provider: 'openai' }), { provider: { user: 'offline', workspace: 'auto' }, model: { user: 'gpt-image-2' } });
    assert.deepEqual(o, [{ setting: 'pixelsmith.provider', value: 'auto', userValue: 'offline' }]);
  });
});

describe('costQuestion: the monthly budget', () => {
  // gpt-image-2 1024x1024 low: a few cents, well under the default threshold.
  const cheap = req();
  const estimate = (r: ImageRequest) => estimateCost(r).usd ?? NaN;

  it('no budget (0) or a generation that stays within it: no question', () => {
    assert.equal(costQuestion(cheap, 0.5, [], { limitUsd: 0, spentUsd: 1000 }), undefined);
    assert.equal(costQuestion(cheap, 0.5, [], { limitUsd: 10, spentUsd: 5 }), undefined);
  });

  it('a generation that would cross the budget asks, naming the budget and what is spent, below the threshold', () => {
    const est = estimate(cheap);
    assert.ok(est > 0);
    const q = costQuestion(cheap, 0.5, [], { limitUsd: 0.5, spentUsd: 0.497 });
    assert.ok(q, 'asked');
    assert.match(q.message, /over your monthly budget of \$0\.50 \(\$0\.497 spent this month\)/);
    assert.ok(q.detail.includes(`Your monthly budget is $0.50: $0.497 spent this month (UTC); this one is estimated at ${formatUsd(est)}.`), q.detail);
    assert.ok(!/threshold/.test(q.detail), 'not about the threshold');
  });

  it('landing exactly on the budget is within it; the running generations count towards it', () => {
    const est = estimate(cheap);
    assert.equal(costQuestion(cheap, 0.5, [], { limitUsd: 1, spentUsd: 1 - est }), undefined);
    const q = costQuestion(cheap, 0.5, [], { limitUsd: 1, spentUsd: 0.5, runningUsd: 0.5 });
    assert.match(q?.detail ?? '', /\$0\.50 spent this month \(UTC\) and \$0\.50 in generations still running/);
  });

  it('an unknown price crosses it only once the budget is used up; the offline placeholder never does', () => {
    const unknown = req({ model: 'future-image-model-9' });
    assert.ok(!/budget/.test(costQuestion(unknown, 0.5, [], { limitUsd: 5, spentUsd: 1 })?.detail ?? ''), 'asked for the price, not the budget');
    assert.match(costQuestion(unknown, 0.5, [], { limitUsd: 5, spentUsd: 5 })?.detail ?? '', /monthly budget is \$5\.00.*price is unknown/s);
    assert.equal(costQuestion(req({ provider: 'offline', model: 'x' }), 0.5, [], { limitUsd: 1, spentUsd: 99 }), undefined);
  });
});

describe('batchCostQuestion: one question for a batch', () => {
  const one = (over: Partial<ImageRequest> = {}): ImageRequest => ({
    prompt: 'p', provider: 'openai', model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', ...over,
  });
  const five = Array.from({ length: 5 }, () => one());
  const total = estimateCost(one()).usd! * 5;

  it('is silent below the threshold and for the offline placeholder; asks above it with the total', () => {
    assert.equal(batchCostQuestion(five, 1, 'Build 5 assets'), undefined);
    assert.equal(batchCostQuestion(five.map((r) => ({ ...r, provider: 'offline' as const })), 0, 'Build 5 assets'), undefined);
    const q = batchCostQuestion(five, 0.01, 'Build 5 assets');
    assert.match(q!.message, new RegExp(`^Build 5 assets is estimated at ${formatUsd(total).replace('$', '\\$')}`));
  });

  it('asks when a price is unknown, naming the model', () => {
    assert.match(batchCostQuestion([...five, one({ model: 'my-deployment' })], 100, 'Build 6 assets')!.message, /price of my-deployment is unknown/);
  });

  it('requests going into a Batch API batch count at the batch price (priceFactor), so the total is not over-estimated', () => {
    const batched = five.map((r) => ({ ...r, priceFactor: 0.5 }));
    const q = batchCostQuestion(batched, 0.001, 'Build 5 assets');
    assert.match(q!.message, new RegExp(`estimated at ${formatUsd(total / 2).replace('$', '\\$')}`));
    assert.equal(billedEstimate(batched[0]!), Math.round(estimateCost(one()).usd! * 0.5 * 1e6) / 1e6);
  });

  it('asks when the batch would cross the monthly budget, saying what is spent', () => {
    assert.equal(batchCostQuestion(five, 100, 'Build 5 assets', { limitUsd: 10, spentUsd: 1 }), undefined);
    const q = batchCostQuestion(five, 100, 'Build 5 assets', { limitUsd: 10, spentUsd: 9.99, runningUsd: 0 });
    assert.match(q!.message, /past your budget of \$10/);
    assert.match(q!.detail, /Spent this month: \$9\.99 of \$10/);
  });
});
