// `node dist/mcp.js build --batch` as CI runs it, against the fake's OpenAI Batch API and Gemini Batch API: the first
// run sends the entries as a batch, records it in the workspace's .pixelsmith/batches.json and exits 0; a run while it
// is still running sends nothing again; the run after it ended saves the images with sidecars and exits 1 for the
// failed line (which is sent again in a new batch). `--wait` polls until done. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StoredBatch } from '../../src/core/batch/store';
import { checkSidecar } from '../../src/core/sidecar';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'mcp.js');
const ids = ['hero', 'empty', 'onboarding'];
let fake: FakeProvider;

function workspaceWith(defaults: string): { workspace: string; history: string } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'pixelsmith-cli-batch-ws-'));
  const assets = ids.map((id) => `{ "id": "${id}", "prompt": "the ${id} picture", "output": "${id}.png" }`);
  writeFileSync(path.join(workspace, 'pixelsmith.assets.json'), `{ "defaults": ${defaults}, "assets": [${assets.join(', ')}] }`);
  return { workspace, history: mkdtempSync(path.join(tmpdir(), 'pixelsmith-cli-batch-history-')) };
}

function run(ws: { workspace: string; history: string }, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'build', '--workspace', ws.workspace, '--history', ws.history, ...args], {
      env: {
        PATH: process.env.PATH ?? '', HOME: ws.history, PIXELSMITH_BATCH_POLL_MS: '50',
        OPENAI_API_KEY: 'sk-test-cli', PIXELSMITH_OPENAI_BASEURL: fake.openaiBaseUrl, GEMINI_API_KEY: 'gemini-test-cli', PIXELSMITH_GEMINI_BASEURL: fake.url,
      },
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

const stored = async (workspace: string) => (JSON.parse(await fs.readFile(path.join(workspace, '.pixelsmith', 'batches.json'), 'utf8')) as { batches: StoredBatch[] }).batches;

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  fake = await startFakeProvider({ texture: 'flat', batchPolls: 1 });
});
after(async () => { await fake?.close(); });

describe('node dist/mcp.js build --batch', () => {
  it('sends a batch and exits 0; a run while it runs sends nothing again; the run after it ended saves, and exits 1 for the failed line', async () => {
    fake.reset();
    fake.setRules([{ route: 'openai.batch.line', behaviour: { kind: 'ok' } }, { route: 'openai.batch.line', behaviour: { kind: 'moderation' } }]);
    const ws = workspaceWith('{ "provider": "openai", "model": "gpt-image-2", "quality": "low", "size": "1024x1024", "folder": "media" }');
    const dry = await run(ws, '--batch', '--dry-run');
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.equal(fake.requests.length, 0);
    const first = await run(ws, '--batch');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const [batch] = await stored(ws.workspace);
    assert.ok(batch, 'the batch is recorded in .pixelsmith/batches.json');
    assert.match(first.stdout, new RegExp(`batch    ${batch.id} \\(openai\\): hero, empty, onboarding`));
    assert.match(first.stdout, /3 image\(s\) waiting in batches/);
    assert.equal(fake.requests.filter((r) => r.route === 'openai.generate').length, 0);
    assert.equal(existsSync(path.join(ws.workspace, 'media')), false);

    // Still running (the fake's first retrieve): nothing is sent again.
    const second = await run(ws, '--batch');
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /pending {2}hero: waiting in a batch/);
    assert.equal(fake.requests.filter((r) => r.route === 'openai.files.create').length, 1);

    // Ended: two saved with sidecars, the refused one reported (exit 1) and sent again in a new batch.
    const third = await run(ws, '--batch');
    assert.equal(third.code, 1, third.stdout + third.stderr);
    assert.match(third.stdout, /saved {4}hero/);
    assert.match(third.stdout, /FAILED {3}empty: /);
    assert.match(third.stdout, /1 batch line\(s\) failed/);
    for (const id of ['hero', 'onboarding']) {
      const sidecar = checkSidecar(JSON.parse(await fs.readFile(path.join(ws.workspace, 'media', `${id}.png.json`), 'utf8')));
      assert.equal(sidecar.manifest?.entry, id);
    }
    const all = await stored(ws.workspace);
    assert.deepEqual(all.map((b) => [b.done, b.entries.map((e) => `${e.entryId}:${e.state}`)]), [[true, ['hero:saved', 'empty:failed', 'onboarding:saved']], [false, ['empty:pending']]]);
  });

  it('--wait polls Gemini\'s batch until it ends: all saved, exit 0; a flag without --batch is a usage error', async () => {
    fake.reset();
    const ws = workspaceWith('{ "provider": "gemini", "model": "gemini-3.1-flash-image", "size": "1024x1024", "folder": "art" }');
    const r = await run(ws, '--batch', '--wait', '--deadline', '1');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fake.requests.filter((x) => x.route === 'gemini.batches.create').length, 1);
    assert.equal(fake.requests.filter((x) => x.route === 'gemini.generate').length, 0);
    for (const id of ids) assert.ok(existsSync(path.join(ws.workspace, 'art', `${id}.png.json`)), `${id} saved with its sidecar`);
    const again = await run(ws, '--check');
    assert.equal(again.code, 0, again.stdout);
    assert.equal((await run(ws, '--wait')).code, 2);
    assert.equal((await run(ws, '--batch', '--check')).code, 2);
    assert.equal((await run(ws, '--batch', '--deadline', 'soon')).code, 2);
  });
});
