// Pixelsmith: Check Setup against the fake provider over real HTTP: a missing key, a working key (and the model
// it lists), a rejected key and an unreachable endpoint are each reported as such; only free model-list calls
// are made, and no key appears in the report.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SetupReport } from '../../src/services/setupCheck/report';
import { fake } from './support/fake';
import { TEST_KEYS, clearProviders, historyRoot, setKey, setUserSetting, useFake, waitFor } from './support/pixelsmith';

const check = async (args: Record<string, unknown> = {}) =>
  (await vscode.commands.executeCommand<SetupReport>('pixelsmith.checkSetup', { show: false, ...args }))!;
const of = (r: SetupReport, id: string) => r.providers.find((p) => p.provider === id)!;

describe('check setup', function () {
  this.timeout(60_000);
  before(async () => { await historyRoot(); await useFake(); });
  after(async () => { await setUserSetting('model', undefined); await clearProviders(); });
  beforeEach(() => fake.reset());

  it('a working key: key accepted (from secret storage), endpoint answers, model available — with free calls only', async () => {
    const r = await check();
    const openai = of(r, 'openai');
    assert.deepEqual([openai.key.ok, openai.key.present, openai.key.source], [true, true, 'secret storage'], openai.key.text);
    assert.equal(openai.endpoint.ok, true, openai.endpoint.text);
    assert.equal(openai.endpoint.status, 200);
    assert.deepEqual([openai.model.ok, openai.model.id], [true, 'gpt-image-2'], openai.model.text);
    assert.deepEqual(openai.actions, []);
    const fal = of(r, 'fal');
    assert.deepEqual([fal.key.ok, fal.endpoint.ok, fal.model.ok, fal.model.id], [true, true, true, 'openai/gpt-image-2'], JSON.stringify(fal));
    const azure = of(r, 'azure');
    assert.deepEqual([azure.key.ok, azure.endpoint.ok, azure.model.ok], [true, true, null], JSON.stringify(azure));
    assert.match(azure.model.text, /no free call that shows a deployment/);
    assert.equal(of(r, 'offline').key.ok, true);
    const routes = (await fake.requests()).map((q) => `${q.method} ${q.route}`).sort();
    assert.deepEqual(routes, ['GET azure.models', 'GET fal.models', 'GET openai.models'], 'one free model-list call per keyed provider, nothing paid');
    const q = (await fake.requests('openai.models'))[0]!;
    assert.equal(q.headers.authorization, `Bearer <redacted:${TEST_KEYS.openai.length}>`);
    const text = JSON.stringify(r);
    for (const key of Object.values(TEST_KEYS)) assert.ok(!text.includes(key), 'no key in the report');
  });

  it('a missing key: said, with what to do, and nothing is sent', async () => {
    await setKey('openai', '');
    try {
      const openai = of(await check({ providers: ['openai'] }), 'openai');
      assert.deepEqual([openai.key.ok, openai.key.present], [false, false]);
      assert.match(openai.key.text, /No key: none in secret storage and OPENAI_API_KEY is not set/);
      assert.equal(openai.endpoint.ok, null);
      assert.match(openai.actions.join(' '), /Pixelsmith: Set API Key…/);
      assert.deepEqual(await fake.requests(), []);
    } finally {
      await setKey('openai');
    }
  });

  it('a rejected key: the endpoint answers, the key is not accepted', async () => {
    await fake.on('openai.models', { kind: 'status', status: 401 });
    const openai = of(await check({ providers: ['openai'] }), 'openai');
    assert.equal(openai.endpoint.ok, true);
    assert.equal(openai.key.ok, false);
    assert.match(openai.key.text, /rejected \(401\)/);
    assert.match(openai.actions.join(' '), /Set API Key/);
  });

  it('an unreachable endpoint: named by host only, key not verified, what to check', async () => {
    await setUserSetting('openai.baseUrl', 'http://127.0.0.1:9/v1/secret-path');
    try {
      const openai = of(await check({ providers: ['openai'] }), 'openai');
      assert.equal(openai.endpoint.ok, false, openai.endpoint.text);
      assert.match(openai.endpoint.text, /^http:\/\/127\.0\.0\.1:9 did not answer \(/);
      assert.ok(!openai.endpoint.text.includes('secret-path'), 'no path in the report');
      assert.equal(openai.key.ok, null);
      assert.match(openai.actions.join(' '), /pixelsmith\.openai\.baseUrl \(now http:\/\/127\.0\.0\.1:9\)/);
    } finally {
      await useFake();
    }
  });

  it('a model the key cannot use is reported with models it can; the report opens in the markdown preview', async () => {
    await setUserSetting('model', 'gpt-image-9-unreleased');
    try {
      const r = await check({ providers: ['openai', 'offline'], show: true });
      const openai = of(r, 'openai');
      assert.equal(openai.model.ok, false);
      assert.match(openai.model.text, /gpt-image-9-unreleased is not among the \d+ models this key can use \(e\.g\. gpt-image-2/);
      const tab = await waitFor('the report in the markdown preview', async () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes('Pixelsmith Setup.md')));
      assert.match(tab.label, /Preview/);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'pixelsmith-report', path: '/Pixelsmith Setup.md' }));
      assert.match(doc.getText(), /^# Pixelsmith setup/);
      assert.match(doc.getText(), /## OpenAI.* — needs attention/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      await setUserSetting('model', undefined);
    }
  });

  it('bad arguments are refused naming the field', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.checkSetup', { providers: ['openia'] })), (e: Error & { field?: string }) => /providers must be/.test(e.message));
  });
});
