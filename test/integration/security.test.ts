// Keys and money inside a real VS Code: the cost confirmation asks for unknown prices and for a provider or
// model a workspace chose, ignores a workspace's threshold; keys in use are redacted whatever their shape;
// OPENAI_BASE_URL is said in the log and in the provider status.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { CostQuestion } from '../../src/core/costConfirmation';
import type { ImageRequest } from '../../src/core/types';
import { confirmCost } from '../../src/platform/confirmCost';
import { KeyStore } from '../../src/platform/keys';
import { ProviderHost } from '../../src/platform/providers';
import { workspaceFolderOf } from '../../src/platform/workspaceUri';
import { fake, fakeUrl } from './support/fake';
import {
  clearProviders, generate, generateError, historyIds, historyRoot, pixelsmithLogFiles, readRecord, setKey, setUserSetting, useFake, waitFor,
} from './support/pixelsmith';

const request = (over: Partial<ImageRequest> = {}): ImageRequest => ({
  prompt: 'a lighthouse', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'low',
  background: 'auto', outputFormat: 'png', ...over,
});

/** confirmCost with the question recorded and answered `answer`, instead of a modal nobody can click here. */
async function confirmed(req: ImageRequest, answer: boolean): Promise<{ go: boolean; asked: CostQuestion[] }> {
  const asked: CostQuestion[] = [];
  const go = await confirmCost(req, (q) => { asked.push(q); return Promise.resolve(answer); });
  return { go, asked };
}

async function setWorkspaceSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('pixelsmith').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function logText(): Promise<string> {
  const texts = await Promise.all((await pixelsmithLogFiles()).map((f) => fs.readFile(f, 'utf8')));
  return texts.join('\n');
}

describe('security: the cost confirmation', function () {
  this.timeout(60_000);
  // Workspace and user values these tests set are removed after each.
  afterEach(async () => {
    for (const k of ['costConfirmationThreshold', 'provider', 'model']) await setWorkspaceSetting(k, undefined);
    await setUserSetting('costConfirmationThreshold', undefined);
  });

  it('a model with no known price asks, naming n, size and model, even under a huge threshold', async () => {
    await setUserSetting('costConfirmationThreshold', 1e9);
    const { go, asked } = await confirmed(request({ model: 'future-image-model-9', n: 8, size: '3840x2160' }), false);
    assert.equal(asked.length, 1, 'asked once');
    assert.equal(go, false, 'declining stops the generation');
    const q = asked[0]!;
    for (const part of ['8 image(s)', '3840x2160', 'future-image-model-9']) assert.ok(q.message.includes(part), `${part} in "${q.message}"`);
    assert.match(q.detail, /price of future-image-model-9 is unknown/);
  });

  it('an Azure deployment name with no price asks too', async () => {
    const { asked } = await confirmed(request({ provider: 'azure', model: 'my-image-deployment' }), true);
    assert.equal(asked.length, 1);
  });

  it('a workspace threshold is ignored: the user\'s (default) threshold decides', async () => {
    await setWorkspaceSetting('costConfirmationThreshold', 1e9);
    const expensive = request({ n: 8, quality: 'high', size: '3840x2160' });
    const { asked } = await confirmed(expensive, true);
    assert.equal(asked.length, 1, 'asked although the workspace threshold is a billion');
    assert.match(asked[0]!.detail, /above your threshold of \$0\.50/);
    assert.deepEqual((await confirmed(request(), true)).asked, [], 'a cheap request still goes without a question');
  });

  it('a provider and model chosen by the workspace are named before anything is sent, even below the threshold', async () => {
    await setWorkspaceSetting('provider', 'fal');
    await setWorkspaceSetting('model', 'gpt-image-1.5');
    const { asked } = await confirmed(request({ provider: 'fal', model: 'gpt-image-1.5' }), true);
    assert.equal(asked.length, 1);
    for (const part of ['pixelsmith.provider = "fal"', 'pixelsmith.model = "gpt-image-1.5"', '.vscode/settings.json']) assert.ok(asked[0]!.detail.includes(part), part);
  });

  it('the offline placeholder never asks', async () => {
    await setWorkspaceSetting('provider', 'offline');
    assert.deepEqual((await confirmed(request({ provider: 'offline', model: 'whatever', n: 8 }), false)).asked, []);
  });
});

describe('security: keys', function () {
  this.timeout(60_000);
  before(async () => { await historyRoot(); await useFake(); });
  after(clearProviders);
  beforeEach(() => fake.reset());

  it('a key of no known shape is redacted from the error, the history record and the log, because it is the key in use', async () => {
    const key = 'proxy_token_of_no_known_shape_42';
    await setKey('openai', key);
    try {
      await fake.on('openai.generate', { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } });
      const known = new Set(await historyIds());
      const err = await generateError({ prompt: 'redaction probe', provider: 'openai', size: '1024x1024', quality: 'low' });
      assert.equal(err.code, 'auth', err.message);
      assert.match(err.message, /Incorrect API key provided: <redacted>/);
      assert.ok(!`${err.message} ${err.hint ?? ''}`.includes(key), 'not in the error');
      const fresh = (await historyIds()).filter((id) => !known.has(id));
      assert.equal(fresh.length, 1);
      const record = JSON.stringify(await readRecord(fresh[0]!));
      assert.match(record, /Incorrect API key provided/);
      assert.ok(!record.includes(key), 'not in generation.json');
      const log = await waitFor('the log to show the failure', async () => { const t = await logText(); return t.includes(fresh[0]!) && t.includes('Incorrect API key') ? t : undefined; });
      assert.ok(!log.includes(key), 'not in the log');
    } finally {
      await setKey('openai');
    }
  });

  it('OPENAI_BASE_URL with an empty setting: still honoured, said once in the log and in the provider status', async () => {
    const envUrl = `${fakeUrl()}/v1`;
    await setUserSetting('openai.baseUrl', undefined);
    process.env.OPENAI_BASE_URL = envUrl;
    try {
      await generate({ prompt: 'env base url', provider: 'openai', size: '1024x1024', quality: 'low' });
      await generate({ prompt: 'env base url again', provider: 'openai', size: '1024x1024', quality: 'low' });
      assert.equal((await fake.requests('openai.generate')).length, 2, 'the key went where OPENAI_BASE_URL says');
      const host = new URL(envUrl).host;
      const line = `the OpenAI key is sent to http://${host}, from the OPENAI_BASE_URL environment variable`;
      const log = await waitFor('the log to say OPENAI_BASE_URL', async () => { const t = await logText(); return t.includes(line) ? t : undefined; });
      assert.equal(log.split(line).length - 1, 1, 'said once, not per generation');

      const memory = new Map<string, string>();
      const storage = {
        get: (k: string) => Promise.resolve(memory.get(k)), store: (k: string, v: string) => { memory.set(k, v); return Promise.resolve(); },
        delete: (k: string) => { memory.delete(k); return Promise.resolve(); }, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
      } as unknown as vscode.SecretStorage;
      const env = { OPENAI_API_KEY: 'sk-status-probe-0123456789', OPENAI_BASE_URL: envUrl };
      const registry = new ProviderHost(new KeyStore(storage, env), undefined, env);
      const status = (await registry.status()).find((s: { id: string }) => s.id === 'openai');
      assert.equal(status?.detail, `key from OPENAI_API_KEY; sent to http://${host} from OPENAI_BASE_URL`);
    } finally {
      delete process.env.OPENAI_BASE_URL;
      await useFake();
    }
  });
});

describe('security: URIs from webview messages stay in the workspace', function () {
  this.timeout(60_000);
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  it('a `..` URI that getWorkspaceFolder accepts is refused', async () => {
    const escape = vscode.Uri.parse(`${folder().uri.toString()}/../../../../etc/hostname`, true);
    assert.ok(escape.path.includes('/../'), 'the Uri keeps its dot segments');
    assert.ok(vscode.workspace.getWorkspaceFolder(escape), 'the string check the panel used lets it through');
    assert.equal(await workspaceFolderOf(escape), undefined);
    assert.equal(await workspaceFolderOf(vscode.Uri.parse(`${folder().uri.toString()}/./README.md`, true)), undefined);
  });

  it('a symlink inside the workspace that leads out is refused; real files inside, existing or not, are accepted', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-outside-'));
    await fs.writeFile(path.join(outside, 'secret.png'), 'x');
    const link = path.join(folder().uri.fsPath, 'linked-out');
    await fs.symlink(outside, link, 'dir');
    try {
      assert.equal(await workspaceFolderOf(vscode.Uri.file(path.join(link, 'secret.png'))), undefined);
      assert.equal(await workspaceFolderOf(vscode.Uri.file(path.join(link, 'new', 'file.png'))), undefined);
      assert.equal((await workspaceFolderOf(vscode.Uri.joinPath(folder().uri, 'README.md')))?.name, folder().name);
      assert.equal((await workspaceFolderOf(vscode.Uri.joinPath(folder().uri, 'not', 'yet', 'there.png')))?.name, folder().name);
      assert.equal(await workspaceFolderOf(vscode.Uri.file(path.join(outside, 'secret.png'))), undefined);
    } finally {
      await fs.rm(link, { force: true });
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
