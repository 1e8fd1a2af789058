// `node dist/mcp.js build` as a CI step runs it: a manifest in a temporary folder, the fake provider as OpenAI.
// --dry-run plans and sends nothing (exit 0); --check fails while anything is missing or changed (exit 1) and
// passes once built; a build writes outputs with sidecars (exit 0); a failing entry or a hand-made file at an
// output exits 1; a usage error exits 2. Needs `npm run build` first (it tests the bundle that ships).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkSidecar } from '../../src/core/sidecar';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'mcp.js');
const ids = ['hero', 'empty', 'onboarding'];

let fake: FakeProvider;
let workspace: string;
let history: string;

function manifest(over: Record<string, string> = {}): string {
  const assets = ids.map((id) => `    { "id": "${id}", "prompt": ${JSON.stringify(over[id] ?? `the ${id} picture`)}, "output": "${id}.png" }`);
  return `{\n  // CI builds these\n  "defaults": { "provider": "openai", "model": "gpt-image-2", "quality": "low", "size": "1024x1024", "folder": "media" },\n  "assets": [\n${assets.join(',\n')},\n  ],\n}\n`;
}

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'build', '--workspace', workspace, '--history', history, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: history, OPENAI_API_KEY: 'sk-test-cli', PIXELSMITH_OPENAI_BASEURL: fake.openaiBaseUrl },
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  fake = await startFakeProvider({ texture: 'flat' });
  workspace = mkdtempSync(path.join(tmpdir(), 'pixelsmith-cli-ws-'));
  history = mkdtempSync(path.join(tmpdir(), 'pixelsmith-cli-history-'));
  await fs.writeFile(path.join(workspace, 'pixelsmith.assets.json'), manifest());
});

after(async () => { await fake?.close(); });
beforeEach(() => fake.reset());

describe('node dist/mcp.js build', () => {
  it('--dry-run prints the plan and its estimate, sends nothing, exits 0', async () => {
    const r = await run('--dry-run');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 to build \(\$0\.01\d+\), 0 up to date/);
    for (const id of ids) assert.match(r.stdout, new RegExp(`build    ${id}: media/${id}\\.png does not exist yet`));
    assert.equal(fake.requests.length, 0);
    assert.equal(existsSync(path.join(workspace, 'media')), false);
  });

  it('--check exits 1 while entries are missing, naming them, and sends nothing', async () => {
    const r = await run('--check');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /check: out of date: hero, empty, onboarding/);
    assert.equal(fake.requests.length, 0);
  });

  it('a build writes each output with a sidecar that remembers its entry, exits 0; --check then exits 0', async () => {
    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /built 3, failed 0, cost \$0\.0\d+/);
    assert.equal(fake.requests.length, 3);
    const served = new Set(fake.served.map((s) => s.sha256));
    for (const id of ids) {
      const file = path.join(workspace, 'media', `${id}.png`);
      assert.ok(served.has(createHash('sha256').update(await fs.readFile(file)).digest('hex')), `${id}.png is the served image`);
      const sidecar = checkSidecar(JSON.parse(await fs.readFile(`${file}.json`, 'utf8')));
      assert.equal(sidecar.manifest?.entry, id);
    }
    const check = await run('--check');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /check: every asset is up to date/);
  });

  it('--check exits 1 when a prompt changed; --ids limits the check and the build to the entries named', async () => {
    await fs.writeFile(path.join(workspace, 'pixelsmith.assets.json'), manifest({ empty: 'the empty picture, at night' }));
    const check = await run('--check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, /build {4}empty: the spec of empty changed/);
    assert.equal((await run('--check', '--ids', 'hero,onboarding')).code, 0);
    const build = await run('--ids', 'empty');
    assert.equal(build.code, 0, build.stdout + build.stderr);
    assert.equal(fake.requests.length, 1);
    assert.equal((await run('--check')).code, 0);
  });

  it('a failed entry exits 1 and says why; a hand-made file at an output is left untouched and exits 1', async () => {
    fake.setRules([{ route: 'openai.generate', behaviour: { kind: 'status', status: 400, code: 'invalid_value' }, times: 'always' }]);
    await fs.writeFile(path.join(workspace, 'pixelsmith.assets.json'), manifest({ hero: 'a new hero' }));
    const failed = await run();
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /FAILED hero: /);
    fake.reset();
    await fs.rm(path.join(workspace, 'media', 'onboarding.png.json'));
    await fs.writeFile(path.join(workspace, 'media', 'onboarding.png'), 'made by hand');
    const conflict = await run('--ids', 'onboarding');
    assert.equal(conflict.code, 1);
    assert.match(conflict.stdout, /CONFLICT onboarding: media\/onboarding\.png exists and it has no sidecar/);
    assert.equal(await fs.readFile(path.join(workspace, 'media', 'onboarding.png'), 'utf8'), 'made by hand');
  });

  it('above --max-cost nothing is sent (exit 1); a bad flag or id is a usage or manifest error', async () => {
    const r = await run('--ids', 'hero', '--max-cost', '0.001');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Not built: .*estimated at/);
    assert.equal(fake.requests.length, 0);
    assert.equal((await run('--frobnicate')).code, 2);
    const unknown = await run('--ids', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /has no entry "nope"/);
  });

  it('languages: the entry, then one edit of it per language, each with its sidecar; the next build skips all three', async () => {
    const text = '{ "defaults": { "provider": "openai", "model": "gpt-image-2", "quality": "low", "size": "1024x1024", "folder": "i18n" },\n'
      + '  "assets": [ { "id": "banner", "prompt": "a welcome banner that says Welcome", "output": "banner.png", "languages": ["ko", "ja"] } ] }\n';
    await fs.writeFile(path.join(workspace, 'pixelsmith.assets.json'), text);
    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 to build/);
    assert.match(r.stdout, /build {4}banner@ko: i18n\/banner\.ko\.png does not exist yet/);
    assert.deepEqual(fake.requests.map((q) => q.route), ['openai.generate', 'openai.edit', 'openai.edit']);
    const base = await fs.readFile(path.join(workspace, 'i18n', 'banner.png'));
    const baseSha = createHash('sha256').update(base).digest('hex');
    for (const lang of ['ko', 'ja']) {
      const edit = fake.requests.find((q) => q.route === 'openai.edit' && q.fields?.prompt?.includes(`(${lang})`));
      assert.ok(edit, `an edit names ${lang}`);
      assert.deepEqual(edit.files?.map((f) => f.sha256), [baseSha], 'the edit carries the built entry, and only it');
      const sidecar = checkSidecar(JSON.parse(await fs.readFile(path.join(workspace, 'i18n', `banner.${lang}.png.json`), 'utf8')));
      assert.deepEqual([sidecar.manifest?.entry, sidecar.language, sidecar.parent], ['banner', lang, { file: 'i18n/banner.png', sha256: baseSha }]);
    }
    fake.reset();
    const again = await run('--check');
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /0 to build \(\$0\.00\), 3 up to date/);
  });
});
