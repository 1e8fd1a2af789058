// Google Gemini and OpenRouter end to end through the automation API (`pixelsmith.generate`) against the fake
// provider over real HTTP: bytes saved equal bytes served, references reach the server in each provider's own form,
// a moderation block and a 401 each end in a clear message, and n=4 on Gemini makes four calls.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { assertCompleteAsServed } from './support/assertions';
import { fake } from './support/fake';
import { generate, generateError, readRecord, sha256, TEST_KEYS, useFakeProviders } from './support/pixelsmith';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function workspaceReference(name: string): Promise<string> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'refs', name);
  await vscode.workspace.fs.writeFile(uri, PNG_1x1);
  return `refs/${name}`;
}

describe('Google Gemini and OpenRouter end to end (automation API)', function () {
  this.timeout(60_000);

  useFakeProviders();

  it('Gemini: n=4 makes four generateContent calls with x-goog-api-key; bytes saved = bytes served; the sidecar records SynthID', async () => {
    const r = await generate({ prompt: 'a paper boat on a pond', provider: 'gemini', model: 'gemini-3.1-flash-image', quality: 'auto', n: 4, size: '1376x768', save: 'all', folder: 'saved/gemini' });
    const calls = await fake.requests('gemini.generate');
    assert.equal(calls.length, 4, 'one call per image');
    for (const q of calls) {
      assert.equal(q.path, '/v1beta/models/gemini-3.1-flash-image:generateContent');
      assert.equal(q.headers['x-goog-api-key'], `<redacted:${TEST_KEYS.gemini.length}>`);
      assert.deepEqual((q.json as { generationConfig: { imageConfig: unknown } }).generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '1K' });
    }
    await assertCompleteAsServed(r, await fake.served());
    for (const img of r.images) {
      assert.ok(img.savedUri && img.sidecarUri, 'saved with a sidecar');
      assert.equal(sha256(await fs.readFile(img.savedUri.fsPath)), img.sha256, 'the saved file is the served image');
      const sidecar = JSON.parse(await fs.readFile(img.sidecarUri.fsPath, 'utf8')) as { provider: string; watermark?: string };
      assert.equal(sidecar.provider, 'gemini');
      assert.equal(sidecar.watermark, 'synthid');
    }
    const record = await readRecord(r.generationId);
    assert.equal(record.requestIds.length, 4);
    assert.equal(typeof r.costUsd, 'number', 'usage priced the run');
  });

  it('Gemini: references reach the server as inlineData parts, byte for byte', async () => {
    const refs = [await workspaceReference('gemini-a.png'), await workspaceReference('gemini-b.png')];
    const r = await generate({ prompt: 'the same boat, at night', provider: 'gemini', model: 'gemini-3-pro-image', quality: 'auto', size: 'auto', references: refs });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const q = (await fake.requests('gemini.generate'))[0]!;
    assert.deepEqual(q.files?.map((f) => [f.field, f.contentType, f.sha256]), [
      ['contents.parts.inlineData', 'image/png', sha256(PNG_1x1)], ['contents.parts.inlineData', 'image/png', sha256(PNG_1x1)],
    ]);
  });

  it('Gemini: a blocked prompt ends in a moderation error naming the block reason', async () => {
    await fake.on('gemini.generate', { kind: 'moderation', reason: 'PROHIBITED_CONTENT' });
    const err = await generateError({ prompt: 'something refused', provider: 'gemini', model: 'gemini-3-pro-image', quality: 'auto', size: 'auto' });
    assert.equal(err.code, 'moderation', err.message);
    assert.match(err.message, /Gemini blocked the prompt \(blockReason PROHIBITED_CONTENT\)/);
  });

  it('Gemini: a 401 ends in an auth error pointing to Set API Key', async () => {
    await fake.on('gemini.generate', { kind: 'status', status: 401 });
    const err = await generateError({ prompt: 'key check', provider: 'gemini', model: 'gemini-3-pro-image', quality: 'auto', size: 'auto' });
    assert.equal(err.code, 'auth', err.message);
    assert.match(err.message, /Google Gemini rejected the API key \(401\)/);
    assert.match(err.hint ?? '', /Set API Key/);
    assert.equal((await fake.requests('gemini.generate')).length, 1, 'not retried');
  });

  it('OpenRouter: chat/completions with a Bearer key; data-URL images saved as served; references as image_url parts; usage.cost is the cost', async () => {
    const refs = [await workspaceReference('openrouter-a.png')];
    const r = await generate({ prompt: 'a kite over dunes', provider: 'openrouter', model: 'google/gemini-3.1-flash-image-preview', quality: 'auto', n: 2, size: '1024x1024', references: refs });
    await assertCompleteAsServed(r, await fake.served());
    const chats = await fake.requests('openrouter.chat');
    assert.equal(chats.length, 2);
    const q = chats[0]!;
    assert.equal(q.path, '/api/v1/chat/completions');
    assert.equal(q.headers.authorization, `Bearer <redacted:${TEST_KEYS.openrouter.length}>`);
    const body = q.json as { model: string; modalities: string[]; image_config: unknown; messages: { content: { type: string }[] }[] };
    assert.equal(body.model, 'google/gemini-3.1-flash-image-preview');
    assert.deepEqual(body.modalities, ['image', 'text']);
    assert.deepEqual(body.image_config, { aspect_ratio: '1:1' });
    assert.deepEqual(body.messages[0]!.content.map((p) => p.type), ['text', 'image_url']);
    assert.deepEqual(q.files?.map((f) => [f.contentType, f.sha256]), [['image/png', sha256(PNG_1x1)]]);
    assert.equal(r.costUsd, 0.1344, 'the sum of the answers\' usage.cost');
  });

  it('OpenRouter: a moderation flag ends in a moderation error naming the reasons', async () => {
    await fake.on('openrouter.chat', { kind: 'moderation', reason: 'violence' });
    const err = await generateError({ prompt: 'something flagged', provider: 'openrouter', model: 'google/gemini-2.5-flash-image', quality: 'auto', size: 'auto' });
    assert.equal(err.code, 'moderation', err.message);
    assert.match(err.message, /OpenRouter blocked the request.*categories: violence/);
  });

  it('OpenRouter: a 401 ends in an auth error', async () => {
    await fake.on('openrouter.chat', { kind: 'status', status: 401 });
    const err = await generateError({ prompt: 'key check', provider: 'openrouter', model: 'google/gemini-2.5-flash-image', quality: 'auto', size: 'auto' });
    assert.equal(err.code, 'auth', err.message);
    assert.match(err.message, /OpenRouter rejected the API key \(401\): No auth credentials found/);
  });
});
