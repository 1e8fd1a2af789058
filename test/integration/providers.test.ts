// Each provider end to end through the automation API, against the fake provider over real HTTP (the
// offline placeholder with no key and no network): the bytes kept in the history are the bytes served,
// C2PA `caBX` chunk included, and each provider's own URL and credential header were used.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { assertCompleteAsServed } from './support/assertions';
import { fake, type RecordedRequest } from './support/fake';
import {
  clearProviders, generate, historyFiles, readHistoryFile, readRecord, setKey, setUserSetting, sha256, TEST_KEYS, useFake, useFakeProviders, waitFor,
} from './support/pixelsmith';
import { pngChunks } from './support/png';

function only(requests: RecordedRequest[], route: string): RecordedRequest[] {
  return requests.filter((q) => q.route === route);
}

describe('providers end to end (automation API)', function () {
  this.timeout(60_000);

  useFakeProviders();

  it('offline: no key, no network; placeholder images of the asked size and format, said to be placeholders', async () => {
    await clearProviders();
    try {
      const r = await generate({ prompt: 'a lighthouse at dusk, 灯台', provider: 'offline', n: 2, size: '1536x1024', outputFormat: 'webp' });
      assert.equal(r.status, 'complete');
      assert.equal(r.images.length, 2);
      const record = await readRecord(r.generationId);
      assert.equal(record.provider, 'offline');
      assert.equal(record.request.prompt, 'a lighthouse at dusk, 灯台', 'prompt kept unchanged');
      for (const img of r.images) {
        assert.deepEqual([img.width, img.height, img.format], [1536, 1024, 'webp']);
        const bytes = await readHistoryFile(r.generationId, img.uri.path.split('/').pop()!);
        assert.equal(sha256(bytes), img.sha256);
        assert.equal(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 12)), 'RIFFWEBP');
      }
      assert.match(record.images[0]!.revisedPrompt ?? '', /placeholder/i);
      assert.deepEqual(await fake.requests(), [], 'the offline provider sent nothing');
      assert.deepEqual((await historyFiles(r.generationId)).filter((f) => /^\d\d\./.test(f)), ['01.webp', '02.webp']);
    } finally {
      await useFake();
    }
  });

  it('offline: transparent PNG when the model allows it', async () => {
    const r = await generate({ prompt: 'app icon', provider: 'offline', model: 'gpt-image-1.5', size: '1024x1024', background: 'transparent' });
    const chunks = pngChunks(await readHistoryFile(r.generationId, '01.png'));
    assert.equal(chunks[0]!.type, 'IHDR');
    assert.equal(r.images[0]!.format, 'png');
  });

  it('OpenAI: images.generate with a Bearer key to pixelsmith.openai.baseUrl; served bytes kept with caBX', async () => {
    const r = await generate({ prompt: 'a red fox in snow', provider: 'openai', n: 2, size: '1024x1024', quality: 'low' });
    const reqs = await fake.requests();
    assert.equal(reqs.length, 1);
    const q = reqs[0]!;
    assert.equal(q.route, 'openai.generate');
    assert.equal(q.headers.authorization, `Bearer <redacted:${TEST_KEYS.openai.length}>`);
    assert.deepEqual(pick(q.json, ['model', 'prompt', 'n', 'size', 'quality', 'output_format']),
      { model: 'gpt-image-2', prompt: 'a red fox in snow', n: 2, size: '1024x1024', quality: 'low', output_format: 'png' });
    await assertCompleteAsServed(r, await fake.served());
    const record = await readRecord(r.generationId);
    assert.equal(record.provider, 'openai');
    assert.deepEqual(record.requestIds, [q.id], 'the provider request id is kept');
    assert.ok(record.usage?.outputTokens, 'usage from the response');
    assert.equal(typeof r.costUsd, 'number');
  });

  it('OpenAI: OPENAI_API_KEY is used when no key is stored', async () => {
    const envKey = 'sk-env-integration0123456789';
    await setKey('openai', ''); // no stored key
    process.env.OPENAI_API_KEY = envKey;
    try {
      const r = await generate({ prompt: 'env key', provider: 'openai', size: '1024x1024', outputFormat: 'jpeg' });
      const [q] = await fake.requests('openai');
      assert.equal(q!.headers.authorization, `Bearer <redacted:${envKey.length}>`);
      await assertCompleteAsServed(r, await fake.served());
    } finally {
      delete process.env.OPENAI_API_KEY;
      await setKey('openai');
    }
  });

  it('Azure OpenAI: deployment URL, api-version 2026-04-01-preview by default, api-key header', async () => {
    const r = await generate({ prompt: 'a harbour at night', provider: 'azure', n: 2, size: '1536x1024', outputFormat: 'png' });
    const [q, ...rest] = await fake.requests();
    assert.equal(rest.length, 0);
    assert.equal(q!.route, 'azure.generate');
    assert.equal(q!.path, '/openai/deployments/gpt-image-2/images/generations');
    assert.equal(q!.query['api-version'], '2026-04-01-preview');
    assert.equal(q!.headers['api-key'], `<redacted:${TEST_KEYS.azure.length}>`);
    assert.equal(q!.headers.authorization, undefined, 'no bearer token with an API key');
    await assertCompleteAsServed(r, await fake.served());
    assert.equal((await readRecord(r.generationId)).provider, 'azure');
  });

  it('Azure OpenAI: deployment and api-version settings are honoured', async () => {
    await setUserSetting('azure.deployment', 'my-image-deploy');
    await setUserSetting('azure.apiVersion', '2025-04-01-preview');
    try {
      const r = await generate({ prompt: 'settings honoured', provider: 'azure', size: '1024x1024' });
      const [q] = await fake.requests();
      assert.equal(q!.path, '/openai/deployments/my-image-deploy/images/generations');
      assert.equal(q!.query['api-version'], '2025-04-01-preview');
      await assertCompleteAsServed(r, await fake.served());
    } finally {
      await setUserSetting('azure.deployment', undefined);
      await setUserSetting('azure.apiVersion', undefined);
    }
  });

  it('a workspace cannot redirect keys: base URL and endpoint in .vscode/settings.json are ignored', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    const quality = () => vscode.workspace.getConfiguration('pixelsmith').get<string>('defaults.quality');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({
      'pixelsmith.openai.baseUrl': 'http://127.0.0.1:9/stolen/v1', 'pixelsmith.azure.endpoint': 'http://127.0.0.1:9',
      'pixelsmith.fal.baseUrl': 'http://127.0.0.1:9', 'pixelsmith.defaults.quality': 'high',
    })));
    try {
      // The window-scoped setting in the same file shows that the file has been read.
      await waitFor('the workspace settings to load', async () => quality() === 'high');
      for (const provider of ['openai', 'azure', 'fal'] as const) {
        const r = await generate({ prompt: `workspace settings ignored by ${provider}`, provider, size: '1024x1024' });
        assert.equal(r.status, 'complete', `${provider}: ${JSON.stringify(r.errors)}`);
      }
      const reqs = (await fake.requests()).filter((q) => q.route && q.route !== 'file' && q.route !== 'fal.status' && q.route !== 'fal.result');
      assert.deepEqual(reqs.map((q) => q.route), ['openai.generate', 'azure.generate', 'fal.submit'], 'every key went to the user-set URL');
      assert.equal((reqs[0]!.json as { quality: string }).quality, 'high', 'the workspace file was in effect');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.vscode'), { recursive: true, useTrash: false });
      await waitFor('the workspace settings to unload', async () => quality() !== 'high');
    }
  });

  it('Set API Key from automation: stores, removes, and rejects a key that is not a string', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'fal', key: '  ' }), { provider: 'fal', stored: false });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'fal', key: 42 })), /key must be a string/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'offline', key: 'x' })), /takes no key/);
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: 'fal', key: ` ${TEST_KEYS.fal} ` }), { provider: 'fal', stored: true });
    await generate({ prompt: 'trimmed key', provider: 'fal', size: '1024x1024' });
    const [submit] = await fake.requests('fal.submit');
    assert.equal(submit!.headers.authorization, `Key <redacted:${TEST_KEYS.fal.length}>`, 'the key is stored trimmed');
  });

  it('fal.ai: queue submit with Key auth, status polls, result, image downloads; served bytes kept', async () => {
    const r = await generate({ prompt: 'a paper crane', provider: 'fal', n: 2, size: '1024x1024', quality: 'medium' });
    const reqs = await fake.requests();
    const [submit, ...moreSubmits] = only(reqs, 'fal.submit');
    assert.equal(moreSubmits.length, 0);
    assert.equal(submit!.path, '/openai/gpt-image-2');
    assert.equal(submit!.headers.authorization, `Key <redacted:${TEST_KEYS.fal.length}>`);
    assert.deepEqual(pick(submit!.json, ['prompt', 'num_images', 'image_size', 'output_format']),
      { prompt: 'a paper crane', num_images: 2, image_size: '1024x1024', output_format: 'png' });
    assert.ok(only(reqs, 'fal.status').length >= 2, 'status was polled while queued');
    assert.equal(only(reqs, 'fal.result').length, 1);
    assert.equal(only(reqs, 'file').length, 2, 'both images downloaded');
    await assertCompleteAsServed(r, await fake.served());
    assert.equal((await readRecord(r.generationId)).provider, 'fal');
  });
});

function pick(v: unknown, keys: readonly string[]): Record<string, unknown> {
  const o = v as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
