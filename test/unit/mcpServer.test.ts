// The MCP server as an MCP client sees it: `node dist/mcp.js` spawned over stdio with the SDK's client, against the
// fake provider. tools/list shows the three tools; generate_image returns image content and writes the file and a
// sidecar that validates; find_assets finds it; a folder outside the workspace is refused before anything is sent;
// workspace settings choose folders and names only (never where a key goes); no key appears in its stderr.
// Needs `npm run build` first (it tests the bundle that ships).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Ajv2020 from 'ajv/dist/2020';
import { checkSidecar } from '../../src/core/sidecar';
import { toolInputSchema } from '../../src/core/toolSchemas';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const root = path.resolve(__dirname, '../../..');
const serverJs = path.join(root, 'dist', 'mcp.js');
const KEY = 'sk-proj-mcpTEST0123456789abcdefABCDEFghij';

let fake: FakeProvider;
let client: Client;
let workspace: string;
let stderr = '';

const textOf = (r: CallToolResult): string => r.content.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('\n');
const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => (await client.callTool({ name, arguments: args })) as CallToolResult;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

before(async () => {
  assert.ok(existsSync(serverJs), `${serverJs} is missing: run npm run build first`);
  fake = await startFakeProvider({ texture: 'flat' });
  workspace = mkdtempSync(path.join(tmpdir(), 'pixelsmith-mcp-ws-'));
  const history = mkdtempSync(path.join(tmpdir(), 'pixelsmith-mcp-history-'));
  await fs.mkdir(path.join(workspace, '.vscode'));
  // JSON with comments, as VS Code writes it: the folder and naming settings apply; the base URL must not.
  await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), `{
    // where icons go
    "pixelsmith.folders.icon": "media/icons",
    "pixelsmith.naming.pattern": "{preset}-{slug}",
    "pixelsmith.openai.baseUrl": "http://127.0.0.1:9/v1", /* a cloned repository's attempt */
  }`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverJs, '--workspace', workspace, '--history', history],
    env: { PATH: process.env.PATH ?? '', HOME: history, OPENAI_API_KEY: KEY, PIXELSMITH_OPENAI_BASEURL: fake.openaiBaseUrl },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
  client = new Client({ name: 'pixelsmith-test', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await fake?.close();
});

describe('MCP server (dist/mcp.js over stdio)', () => {
  it('tools/list shows generate_image, edit_image and find_assets with the shared input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['edit_image', 'find_assets', 'generate_image']);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(byName.generate_image!.inputSchema, toolInputSchema('generateImage'));
    assert.deepEqual(byName.edit_image!.inputSchema, toolInputSchema('editImage'));
    assert.deepEqual(byName.find_assets!.inputSchema, toolInputSchema('findAssets'));
  });

  it('generate_image returns image content and writes the file and a sidecar that validates', async () => {
    const r = await call('generate_image', { prompt: 'a quokka waving, flat colours', provider: 'openai', size: '1024x1024', quality: 'low', folder: 'art' });
    const text = textOf(r);
    assert.equal(r.isError, undefined, text);
    const rel = /saved as (art\/[^\s]+\.png) /.exec(text)?.[1];
    assert.ok(rel, text);
    const bytes = await fs.readFile(path.join(workspace, rel));
    assert.equal(fake.requests.length, 1, 'the fake (from PIXELSMITH_OPENAI_BASEURL), not the workspace\'s base URL');
    assert.match(String(fake.requests[0]!.headers.authorization), /^Bearer /, 'the key from OPENAI_API_KEY');
    assert.equal(sha256(bytes), fake.served[0]!.sha256, 'the served bytes, unchanged');
    const image = r.content.find((c) => c.type === 'image') as { data: string; mimeType: string } | undefined;
    assert.ok(image, 'image content');
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(image.data, 'base64'), bytes, 'a 1024 px image is its own preview');
    const sidecarText = await fs.readFile(path.join(workspace, `${rel}.json`), 'utf8');
    const sidecar = checkSidecar(JSON.parse(sidecarText));
    assert.equal(sidecar.prompt, 'a quokka waving, flat colours');
    assert.equal(sidecar.sha256, sha256(bytes));
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(root, 'schemas', 'sidecar.schema.json'), 'utf8')) as object);
    assert.ok(validate(JSON.parse(sidecarText)), JSON.stringify(validate.errors));
    assert.match(text, /markdown: !\[a quokka waving, flat colours\]\(art\//);
  });

  it('the preset folder and naming pattern come from .vscode/settings.json; a second save never overwrites', async () => {
    const first = textOf(await call('generate_image', { prompt: 'paper plane', provider: 'offline', preset: 'icon' }));
    const second = textOf(await call('generate_image', { prompt: 'paper plane', provider: 'offline', preset: 'icon' }));
    const a = /saved as (media\/icons\/icon-paper-plane[^\s]*\.png) /.exec(first)?.[1];
    const b = /saved as (media\/icons\/icon-paper-plane[^\s]*\.png) /.exec(second)?.[1];
    assert.ok(a && b, `${first}\n${second}`);
    assert.notEqual(a, b);
    assert.ok(existsSync(path.join(workspace, a)) && existsSync(path.join(workspace, `${b}.json`)));
  });

  it('find_assets finds the image by a word of its prompt', async () => {
    const text = textOf(await call('find_assets', { text: 'quokka' }));
    assert.match(text, /^1 asset\(s\), newest first:\n- art\/[^\s]+\.png \(.*gpt-image-2\): "a quokka waving, flat colours"/, text);
    assert.match(textOf(await call('find_assets', { text: 'zebra' })), /^No image assets match/);
  });

  it('a folder outside the workspace is refused before anything is sent, naming the field', async () => {
    const before = fake.requests.length;
    for (const folder of ['../outside', '/etc']) {
      const r = await call('generate_image', { prompt: 'x', provider: 'openai', folder });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /^Error \(outside-workspace\): .*outside the workspace/);
    }
    assert.equal(fake.requests.length, before);
  });

  it('bad input answers isError text naming the field and the allowed values; nothing is sent', async () => {
    const before = fake.requests.length;
    const size = await call('generate_image', { prompt: 'x', provider: 'openai', model: 'gpt-image-1.5', size: '1000x1000' });
    assert.equal(size.isError, true);
    assert.match(textOf(size), /size.*1024x1024/);
    const quality = await call('generate_image', { prompt: 'x', quality: 'ultra' });
    assert.match(textOf(quality), /quality.*Allowed: auto, low, medium, high/);
    const costly = await call('generate_image', { prompt: 'x', provider: 'openai', n: 8, quality: 'high', size: '1536x1024' });
    assert.equal(costly.isError, true);
    assert.match(textOf(costly), /estimated at \$.*--max-cost/);
    assert.equal(fake.requests.length, before);
  });

  it('no key appears in its stderr', () => {
    assert.ok(stderr.includes('serving'), stderr);
    assert.ok(!stderr.includes(KEY), 'the key leaked into stderr');
  });
});
