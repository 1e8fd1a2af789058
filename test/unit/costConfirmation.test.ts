// When Pixelsmith asks before spending money: unknown prices, the threshold, and provider or model chosen by a workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costQuestion, workspaceOverrides, type ChoiceSettings } from '../../src/core/costConfirmation';
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
