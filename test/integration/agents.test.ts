// The Copilot language model tools in a real VS Code against the fake provider: listed with their schemas,
// generateImage saves an image with its sidecar and answers text and an image part, cancelling the token aborts
// the provider call and keeps what arrived, an invalid size answers the allowed sizes and sends nothing,
// findAssets finds the image by a word of its prompt.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fake } from './support/fake';
import { clearProviders, historyIds, historyRoot, readRecord, sha256, TEST_KEYS, useFake, waitFor } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};

const invoke = (name: string, input: object, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelToolResult> =>
  vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);

const textOf = (r: vscode.LanguageModelToolResult): string =>
  r.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('\n');

/** The image parts (LanguageModelDataPart, VS Code 1.106+) of a result. */
const imagesOf = (r: vscode.LanguageModelToolResult): { mimeType: string; data: Uint8Array }[] =>
  (r.content as unknown[]).filter((p): p is { mimeType: string; data: Uint8Array } =>
    typeof p === 'object' && p !== null && typeof (p as { mimeType?: unknown }).mimeType === 'string' && (p as { mimeType: string }).mimeType.startsWith('image/'));

/** Width and height from a PNG's IHDR. */
const pngSize = (b: Uint8Array): [number, number] => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return [v.getUint32(16), v.getUint32(20)];
};

describe('agents: Copilot language model tools', function () {
  this.timeout(60_000);

  before(async () => {
    await historyRoot();
    await useFake();
  });
  after(async () => {
    await clearProviders();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspace(), 'agent-out'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  beforeEach(() => fake.reset());

  it('vscode.lm.tools lists the three tools with the schemas from package.json', async () => {
    const ext = vscode.extensions.getExtension('pixelsmith.pixelsmith');
    assert.ok(ext);
    await ext.activate();
    const declared = (ext.packageJSON as { contributes: { languageModelTools: { name: string; inputSchema: object }[] } }).contributes.languageModelTools;
    for (const d of declared) {
      const tool = vscode.lm.tools.find((t) => t.name === d.name);
      assert.ok(tool, `${d.name} is listed`);
      assert.deepEqual(tool.inputSchema, d.inputSchema);
      assert.ok(tool.description.length > 100, 'a model description');
    }
    assert.deepEqual(declared.map((d) => d.name).sort(), ['pixelsmith_editImage', 'pixelsmith_findAssets', 'pixelsmith_generateImage']);
  });

  it('generateImage saves the image and its sidecar and answers text (path, link, cost, sha256, id) and an image preview', async () => {
    const r = await invoke('pixelsmith_generateImage', { prompt: 'a lighthouse on a cliff, zanzibarish style', provider: 'openai', size: '1536x1024', quality: 'low', folder: 'agent-out' });
    const text = textOf(r);
    const id = /Generation (\d{8}-\d{6}-[0-9a-f]{6})/.exec(text)?.[1];
    assert.ok(id, text);
    const saved = /saved as (agent-out\/[^\s]+\.png) /.exec(text)?.[1];
    assert.ok(saved, text);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), saved));
    assert.ok(text.includes(`sha256 ${sha256(bytes)}`), text);
    assert.ok(text.includes(`markdown: ![a lighthouse on a cliff, zanzibarish style](${saved})`), text);
    assert.match(text, /with gpt-image-2 on openai, cost \$\d/);
    assert.match(text, /1536x1024 png/);
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), `${saved}.json`)))) as { prompt: string; sha256: string };
    assert.equal(sidecar.prompt, 'a lighthouse on a cliff, zanzibarish style');
    assert.equal(sidecar.sha256, sha256(bytes));
    const [served] = await fake.served();
    assert.equal(served!.sha256, sha256(bytes), 'the saved file is the served bytes');
    const record = await readRecord(id);
    assert.equal(record.saved.length, 1);
    if (typeof (vscode as unknown as { LanguageModelDataPart?: unknown }).LanguageModelDataPart === 'function') {
      const images = imagesOf(r);
      assert.equal(images.length, 1, 'one image part');
      assert.equal(images[0]!.mimeType, 'image/png');
      assert.deepEqual(pngSize(images[0]!.data), [1024, 683], 'a preview of at most 1024 px');
    }
  });

  it('save "none" keeps the image in the history only, and says so', async () => {
    const before = new Set(await historyIds());
    const r = await invoke('pixelsmith_generateImage', { prompt: 'a candidate only', provider: 'offline', size: '1024x1024', save: 'none' });
    const text = textOf(r);
    assert.match(text, /not saved into the workspace/);
    assert.match(text, /gallery's candidates/);
    const fresh = (await historyIds()).filter((i) => !before.has(i));
    assert.equal(fresh.length, 1);
    assert.deepEqual((await readRecord(fresh[0]!)).saved, []);
  });

  it('cancelling the token aborts the provider call and keeps what arrived', async () => {
    // fal takes at most 4 images a call, so 5 images are two calls: the first one submitted is answered,
    // the other is never answered until the client aborts.
    await fake.rules([
      { route: 'fal.submit', behaviour: { kind: 'ok' }, times: 1 },
      { route: 'fal.submit', behaviour: { kind: 'hang' }, times: 'always' },
    ]);
    const known = new Set(await historyIds());
    const cts = new vscode.CancellationTokenSource();
    const pending = invoke('pixelsmith_generateImage', { prompt: 'cancel this agent run', provider: 'fal', n: 5, size: '1024x1024', quality: 'low', save: 'none' }, cts.token);
    const running = await waitFor('an image of the answered call in the history', async () => {
      for (const id of await historyIds()) {
        if (known.has(id)) continue;
        const rec = await readRecord(id).catch(() => undefined);
        if (rec && rec.status === 'running' && rec.images.length > 0) return rec;
      }
      return undefined;
    });
    const arrived = running.images.length;
    assert.equal((await fake.requests('fal.submit')).length, 2, 'two calls');
    cts.cancel();
    // VS Code rejects invokeTool as Canceled once the token is; the run itself ends in the history.
    await assert.rejects(Promise.resolve(pending), /Canceled/);
    const record = await waitFor('the run to end', async () => {
      const rec = await readRecord(running.id);
      return rec.status !== 'running' ? rec : undefined;
    });
    assert.equal(record.status, 'cancelled');
    assert.ok(record.images.length >= arrived && record.images.length < 5, `what arrived is kept (${record.images.length} of 5)`);
    assert.ok(record.errors.some((e) => e.code === 'cancelled'), JSON.stringify(record.errors));
    const served = new Set((await fake.served()).map((x) => x.sha256));
    for (const img of record.images) assert.ok(served.has(img.sha256), 'kept images are the served ones');
    // Ended by the abort (a hung call never ends otherwise), and not retried.
    assert.equal((await fake.requests('fal.submit')).length, 2);
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: running.id }), { cancelled: [] }, 'nothing left running');
  });

  it('an invalid size answers text naming the allowed sizes, and sends nothing', async () => {
    const known = await historyIds();
    const r = await invoke('pixelsmith_generateImage', { prompt: 'x', provider: 'openai', model: 'gpt-image-1.5', size: '1000x1000' });
    const text = textOf(r);
    assert.match(text, /^Error \(invalid-request\): .*size/, text);
    assert.match(text, /1024x1024/);
    assert.match(text, /1536x1024/);
    assert.match(text, /Nothing was sent/);
    assert.ok(!/\bat .+:\d+:\d+/.test(text), 'no stack trace');
    assert.equal(imagesOf(r).length, 0);
    assert.deepEqual(await fake.requests(), []);
    assert.deepEqual(await historyIds(), known);
  });

  it('a folder outside the workspace is refused before anything is sent', async () => {
    const r = await invoke('pixelsmith_generateImage', { prompt: 'x', provider: 'openai', folder: '../outside' });
    assert.match(textOf(r), /^Error \(outside-workspace\)/);
    assert.deepEqual(await fake.requests(), []);
  });

  it('findAssets finds the saved image by a word of its prompt', async () => {
    const r = await invoke('pixelsmith_findAssets', { text: 'zanzibarish' });
    const text = textOf(r);
    assert.match(text, /^1 asset\(s\), newest first:/, text);
    assert.match(text, /- agent-out\/[^\s]+\.png \(.*gpt-image-2\): "a lighthouse on a cliff, zanzibarish style"/);
    assert.match(textOf(await invoke('pixelsmith_findAssets', { limit: 0 })), /^Error \(invalid-request\): limit/);
  });

  it('Connect External Agents gives each agent this installation\'s server on the workspace, with no key; the server answers tools/list', async () => {
    const configs = await vscode.commands.executeCommand<{ id: string; text: string }[]>('pixelsmith.connectExternalAgents', { agent: 'all' });
    assert.deepEqual(configs.map((c) => c.id), ['claude', 'codex', 'cursor', 'vscode']);
    for (const c of configs) for (const key of Object.values(TEST_KEYS)) assert.ok(!c.text.includes(key), `${c.id}: no key`);
    const vs = JSON.parse(configs.find((c) => c.id === 'vscode')!.text) as { servers: { pixelsmith: { args: string[] } } };
    const args = vs.servers.pixelsmith.args;
    assert.ok(existsSync(args[0]!), `${args[0]} exists`);
    assert.equal(args[args.indexOf('--workspace') + 1], workspace().fsPath);
    assert.equal(args[args.indexOf('--history') + 1], await historyRoot(), 'the extension\'s history, so the gallery sees agents\' candidates');
    // Started as the definition does: VS Code's own Node.
    const client = new Client({ name: 'integration', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args, env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '' }, stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['edit_image', 'find_assets', 'generate_image']);
      const found = await client.callTool({ name: 'find_assets', arguments: { text: 'zanzibarish' } }) as { content: { type: string; text?: string }[] };
      assert.match(found.content[0]!.text ?? '', /^1 asset\(s\)/, 'the MCP server finds what the Copilot tool saved');
    } finally {
      await client.close();
    }
  });
});
