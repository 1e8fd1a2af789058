// Black Forest Labs FLUX.2 end to end through `pixelsmith.generate` against the fake's BFL protocol: the bytes kept
// are the bytes served, references arrive as input_image fields, moderation and a 401 end in clear messages, the
// result download (from the fake's second port, as BFL's delivery hosts are another origin) carries no x-key,
// and a cancel stops the polling.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { assertCompleteAsServed } from './support/assertions';
import { fake, fakeUrl } from './support/fake';
import { clearProviders, generate, generateError, historyIds, historyRoot, readRecord, sha256, useFake, waitFor } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};

const base = { provider: 'bfl', model: 'flux-2-pro', size: '1024x768', outputFormat: 'png' } as const;

describe('generate: Black Forest Labs FLUX.2', function () {
  this.timeout(60_000);
  const refs: { path: string; sha256: string }[] = [];

  before(async () => {
    await historyRoot();
    await useFake();
    for (const [file, outputFormat] of [['flux-ref.png', 'png'], ['flux-ref.jpg', 'jpeg']] as const) {
      const r = await generate({ prompt: `flux reference ${file}`, provider: 'offline', size: '1024x1024', outputFormat });
      const bytes = await vscode.workspace.fs.readFile(r.images[0]!.uri);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), 'flux-refs', file), bytes);
      refs.push({ path: `flux-refs/${file}`, sha256: sha256(bytes) });
    }
  });
  after(async () => {
    await clearProviders();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspace(), 'flux-refs'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  beforeEach(() => fake.reset());

  it('keeps the bytes BFL delivered; the download comes from another origin and carries no x-key', async () => {
    const r = await generate({ ...base, prompt: 'a lighthouse, 35mm film' });
    await assertCompleteAsServed(r, await fake.served());
    const [submit] = await fake.requests('bfl.submit');
    assert.equal(submit?.path, '/v1/flux-2-pro');
    assert.deepEqual(submit?.json, { prompt: 'a lighthouse, 35mm film', width: 1024, height: 768, output_format: 'png' });
    assert.match(submit!.headers['x-key'] ?? '', /^<redacted:\d+>$/, 'the submit carries the key');
    const polls = await fake.requests('bfl.result');
    assert.ok(polls.length >= 1 && polls.every((q) => /^<redacted:\d+>$/.test(q.headers['x-key'] ?? '')), 'every poll carries the key');
    const downloads = await fake.requests('bfl.delivery');
    assert.equal(downloads.length, 1);
    assert.notEqual(`http://${downloads[0]!.headers.host}`, fakeUrl(), 'delivered from the second port');
    assert.equal(downloads[0]!.headers['x-key'], undefined, 'no x-key on the download');
    assert.equal(downloads[0]!.headers.authorization, undefined);
    const record = await readRecord(r.generationId);
    assert.equal(record.request.provider, 'bfl');
    assert.equal(record.costUsd, 0.03, 'the cost BFL billed (3 credits)');
  });

  it('sends the references as input_image and input_image_2, byte for byte', async () => {
    const r = await generate({ ...base, model: 'flux-2-flex', size: 'auto', outputFormat: 'jpeg', prompt: 'the two, side by side', references: refs.map((x) => x.path) });
    assert.equal(r.status, 'complete', JSON.stringify(r.errors));
    const [submit] = await fake.requests('bfl.submit');
    assert.equal(submit?.path, '/v1/flux-2-flex');
    assert.deepEqual(submit?.files?.map((f) => [f.field, f.contentType, f.sha256]), [
      ['input_image', 'image/png', refs[0]!.sha256], ['input_image_2', 'image/jpeg', refs[1]!.sha256],
    ]);
  });

  it('a moderated request ends in a moderation message; a 401 in one pointing to Set API Key', async () => {
    await fake.on('bfl.submit', { kind: 'moderation' });
    const moderated = await generateError({ ...base, prompt: 'something BFL refuses' });
    assert.equal(moderated.code, 'moderation', moderated.message);
    assert.match(moderated.message, /Black Forest Labs blocked the request at the input moderation stage: Request Moderated/);
    await fake.reset();
    await fake.on('bfl.result', { kind: 'moderation' });
    const flagged = await generateError({ ...base, prompt: 'an output BFL flags' });
    assert.match(flagged.message, /output moderation stage: Content Moderated/);
    await fake.reset();
    await fake.on('bfl.submit', { kind: 'status', status: 401 });
    const auth = await generateError({ ...base, prompt: 'with a wrong key' });
    assert.equal(auth.code, 'auth', auth.message);
    assert.match(auth.message, /Black Forest Labs rejected the API key \(401\)/);
    assert.match(auth.hint ?? '', /Set API Key/);
    assert.equal((await fake.requests('bfl.delivery')).length, 0, 'nothing downloaded');
  });

  it('cancel stops the polling; nothing is downloaded', async () => {
    await fake.on('bfl.result', { kind: 'hang' }, 'always');
    const known = new Set(await historyIds());
    const pending = generateError({ ...base, prompt: 'cancel the task' });
    await waitFor('a poll', async () => (await fake.requests('bfl.result')).length > 0);
    const running = await waitFor('the running generation', async () => {
      for (const id of await historyIds()) if (!known.has(id) && (await readRecord(id).catch(() => undefined))?.status === 'running') return id;
      return undefined;
    });
    assert.deepEqual(await vscode.commands.executeCommand('pixelsmith.cancelGeneration', { generationId: running }), { cancelled: [running] });
    const err = await pending;
    assert.equal(err.code, 'cancelled', err.message);
    const polls = (await fake.requests('bfl.result')).length;
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal((await fake.requests('bfl.result')).length, polls, 'no poll after the cancel');
    assert.equal((await fake.requests('bfl.delivery')).length, 0);
    assert.equal((await readRecord(running)).status, 'cancelled');
  });
});
