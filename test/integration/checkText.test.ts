// Check Text end to end: a Korean translation (made by Localize against the fake, with a string table) is read by a
// fake vision model — the language model the lm-reader fixture extension registers through
// vscode.lm.registerLanguageModelChatProvider, and the fake OpenAI Responses endpoint — and each expected string is
// reported matched, different or missing, with the unexpected text, and recorded in the translation's sidecar.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { CheckTextResult } from '../../src/commands/checkText';
import type { LocalizeResult } from '../../src/commands/localize';
import { HistoryStore } from '../../src/core/history';
import { GenerateController, type ControllerDeps } from '../../src/panels/generate/controller';
import type { ReferenceStage } from '../../src/panels/referenceStage';
import type { Services } from '../../src/platform/services';
import { fake } from './support/fake';
import { clearProviders, generate, historyRoot, setUserSetting, useFake } from './support/pixelsmith';

const workspace = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const folder = () => vscode.Uri.joinPath(workspace(), 'textcheck');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const readJson = async (uri: vscode.Uri) => JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Record<string, unknown>;
const TABLE = { Welcome: '환영합니다', Start: '시작', Help: '도움말' };
/** What the fake models read: one exact, one misspelt, one absent, one nobody asked for. */
const READ = ['환영합니다', '시쟉', '로고'];
const VERDICTS = [
  { expected: '환영합니다', found: '환영합니다', verdict: 'match' },
  { expected: '시작', found: '시쟉', verdict: 'different' },
  { expected: '도움말', verdict: 'missing' },
];

interface LmRequest { model: string; text: string; images: { mimeType: string; size: number; sha256: string; width?: number; height?: number }[] }
const lm = {
  answer: (a: { texts?: string[]; raw?: string }) => vscode.commands.executeCommand('pixelsmithTest.lm.setAnswer', a),
  requests: async () => (await vscode.commands.executeCommand<LmRequest[]>('pixelsmithTest.lm.requests')) ?? [],
};

async function checkText(args: Record<string, unknown>): Promise<CheckTextResult> {
  return Promise.resolve(vscode.commands.executeCommand<CheckTextResult>('pixelsmith.checkText', args));
}

describe('Check Text', function () {
  this.timeout(90_000);
  let translation: vscode.Uri;
  let translationRun: string;
  const rel = () => vscode.workspace.asRelativePath(translation, false);

  before(async () => {
    await historyRoot();
    await useFake();
    await fake.reset();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await generate({ prompt: 'Welcome banner with a "Start" button', provider: 'offline', size: '1024x1024', save: 'all', folder: 'textcheck' });
    const r = await vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', {
      uri: 'textcheck/welcome-banner-with-a-start-button.png', languages: ['ko'], strings: { ko: TABLE }, provider: 'openai', model: 'gpt-image-2', quality: 'low', skipCostConfirmation: true,
    });
    translation = r.results[0]!.images[0]!.savedUri!;
    translationRun = r.results[0]!.generationId!;
    assert.match(translation.path, /\.ko\.png$/);
  });
  beforeEach(async () => {
    await fake.reset();
    await lm.answer({ texts: [] });
  });
  after(async () => {
    for (const k of ['textCheck.reader', 'textCheck.openaiModel', 'textCheck.afterLocalize']) await setUserSetting(k, undefined);
    await clearProviders();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('sends nothing while pixelsmith.textCheck.reader is off, and says which setting to change', async () => {
    await setUserSetting('textCheck.reader', undefined);
    await assert.rejects(checkText({ uri: rel() }), (e: Error & { code?: string; field?: string }) => {
      assert.equal(e.code, 'config');
      assert.equal(e.field, 'pixelsmith.textCheck.reader');
      assert.match(e.message, /nothing was sent/);
      return true;
    });
    assert.equal((await fake.requests('openai.responses')).length, 0);
    assert.equal((await lm.requests()).length, 0);
    assert.equal((await readJson(vscode.Uri.parse(`${translation.toString()}.json`))).textCheck, undefined);
  });

  it('languageModel: the fake vision model gets the image; matched, different and missing are reported and recorded', async () => {
    await setUserSetting('textCheck.reader', 'languageModel');
    await lm.answer({ texts: READ });
    const bytes = await vscode.workspace.fs.readFile(translation);
    const r = await checkText({ uri: rel() });
    assert.equal(r.reader, 'languageModel');
    assert.match(r.model, /fake-vision/);
    assert.equal(r.expectedFrom, 'localize table');
    assert.deepEqual(r.strings, VERDICTS);
    assert.deepEqual(r.unexpected, ['로고']);
    assert.equal(r.recorded, true);

    const sent = await lm.requests();
    assert.equal(sent.length, 1, 'one request to the language model');
    // VS Code re-encodes images on their way to a language model provider, so the bytes differ; the picture is the translation's.
    assert.equal(sent[0]!.images.length, 1, 'one image, as a LanguageModelDataPart');
    assert.equal(sent[0]!.images[0]!.mimeType, 'image/png');
    // (VS Code 1.139 scales it to 768×768.) Same aspect as the 1024×1024 translation, never larger.
    const { width = 0, height = 0 } = sent[0]!.images[0]!;
    assert.ok(width > 0 && width === height && width <= 1024, `the translation's picture, ${width}×${height}`);
    assert.match(sent[0]!.text, /List every piece of text/);
    assert.doesNotMatch(sent[0]!.text, /환영합니다/, 'the expected strings are not given to the reader');

    const sidecar = await readJson(vscode.Uri.parse(`${translation.toString()}.json`));
    const check = sidecar.textCheck as Record<string, unknown>;
    assert.equal(check.reader, 'languageModel');
    assert.equal(check.sha256, sha(bytes));
    assert.ok(!Number.isNaN(Date.parse(String(check.checkedAt))));
    assert.deepEqual(check.strings, VERDICTS);
    assert.deepEqual(check.unexpected, ['로고']);
    assert.equal(sidecar.language, 'ko', 'the rest of the sidecar is kept');
    assert.deepEqual([...await vscode.workspace.fs.readFile(translation)], [...bytes], 'the image is untouched');
  });

  it('Check text on a Generate panel result: the exportResult request finds its saved file and Check Text reads and records it', async () => {
    await setUserSetting('textCheck.reader', 'languageModel');
    await lm.answer({ texts: READ });
    const sidecarUri = vscode.Uri.parse(`${translation.toString()}.json`);
    const before = ((await readJson(sidecarUri)).textCheck as { checkedAt?: string } | undefined)?.checkedAt;
    const asked = (await lm.requests()).length;
    // The panel's host, as the page's "Check text" button reaches it (the record of the translation, image 0).
    const replies: { ok: boolean; value?: { path: string; uri: string }; error?: unknown }[] = [];
    const log = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined };
    const c = new GenerateController({
      services: { log, history: new HistoryStore(await historyRoot()) } as unknown as Services, stage: {} as ReferenceStage, runs: {} as ControllerDeps['runs'],
      post: (m: unknown) => { if ((m as { type?: string }).type === 'reply') replies.push(m as never); },
      linker: () => undefined, translation: () => undefined, pendingApply: () => undefined, takeShownAt: () => undefined,
    });
    await c.receive({ type: 'generate/exportResult', messageId: 1, generationId: translationRun, index: 0, preset: 'custom', export: 'checkText' });
    assert.equal(replies.length, 1);
    assert.ok(replies[0]!.ok, JSON.stringify(replies[0]));
    assert.equal(replies[0]!.value!.uri, translation.toString(), 'the saved translation, not a new copy');

    let check: Record<string, unknown> | undefined;
    for (let i = 0; i < 150; i++) {
      check = (await readJson(sidecarUri)).textCheck as Record<string, unknown> | undefined;
      if (check && check.checkedAt !== before) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(check && check.checkedAt !== before, 'Check Text recorded a new check in the sidecar');
    assert.deepEqual(check.strings, VERDICTS);
    assert.equal((await lm.requests()).length, asked + 1, 'one request to the reader');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('openai: one Responses API call to the fake with the key and the image; verdicts recorded', async () => {
    await setUserSetting('textCheck.reader', 'openai');
    await setUserSetting('textCheck.openaiModel', 'gpt-4.1-mini');
    await fake.on('openai.responses', { kind: 'read-text', texts: ['환영합니다', '시작'] });
    const bytes = await vscode.workspace.fs.readFile(translation);
    const r = await checkText({ uri: rel() });
    assert.equal(r.reader, 'openai');
    assert.equal(r.model, 'gpt-4.1-mini-2025-04-14');
    assert.deepEqual(r.strings, [VERDICTS[0], { expected: '시작', found: '시작', verdict: 'match' }, VERDICTS[2]]);
    assert.deepEqual(r.unexpected, []);

    const reqs = await fake.requests('openai.responses');
    assert.equal(reqs.length, 1);
    assert.match(reqs[0]!.headers.authorization ?? '', /^Bearer <redacted:\d+>$/);
    const body = reqs[0]!.json as { model: string; store: boolean; input: { content: { type: string; image_url?: string }[] }[] };
    assert.equal(body.model, 'gpt-4.1-mini');
    assert.equal(body.store, false);
    assert.equal(body.input[0]!.content[1]!.image_url, `<data:image/png;${bytes.length} bytes;sha256=${sha(bytes)}>`);
    const check = (await readJson(vscode.Uri.parse(`${translation.toString()}.json`))).textCheck as Record<string, unknown>;
    assert.equal(check.reader, 'openai');
    assert.equal((check.strings as { verdict: string }[]).map((s) => s.verdict).join(), 'match,match,missing');
  });

  it('expected strings from the caller, and from the prompt\'s quotes for an original; bad arguments name the field', async () => {
    await setUserSetting('textCheck.reader', 'languageModel');
    await lm.answer({ texts: ['Welcome', 'Strat'] });
    const original = 'textcheck/welcome-banner-with-a-start-button.png';
    const fromPrompt = await checkText({ uri: original });
    assert.equal(fromPrompt.expectedFrom, 'prompt');
    assert.deepEqual(fromPrompt.strings, [{ expected: 'Start', found: 'Strat', verdict: 'different' }]);
    assert.deepEqual(fromPrompt.unexpected, ['Welcome']);
    const given = await checkText({ uri: original, expected: ['Welcome', 'Sign in'] });
    assert.equal(given.expectedFrom, 'argument');
    assert.deepEqual(given.strings.map((s) => s.verdict), ['match', 'missing']);
    const n = (await lm.requests()).length;
    await assert.rejects(checkText({ uri: original, expected: 'Welcome' }), (e: Error & { field?: string }) => e.field === 'expected');
    await assert.rejects(checkText({ uri: original, colour: 'red' }), (e: Error & { field?: string }) => e.field === 'colour');
    assert.equal((await lm.requests()).length, n, 'nothing is sent for bad arguments');
  });

  it('afterLocalize: each new translation is checked and its result is in the localize result and its sidecar', async () => {
    await setUserSetting('textCheck.reader', 'languageModel');
    await setUserSetting('textCheck.afterLocalize', true);
    await lm.answer({ texts: ['환영합니다', '시작', '도움말'] });
    const r = await vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', {
      uri: 'textcheck/welcome-banner-with-a-start-button.png', languages: ['ko'], strings: { ko: TABLE }, provider: 'openai', model: 'gpt-image-2', quality: 'low', skipCostConfirmation: true,
    });
    const one = r.results[0]!;
    assert.ok(one.textCheck && !('error' in one.textCheck), JSON.stringify(one.textCheck));
    assert.deepEqual(one.textCheck.strings.map((s) => s.verdict), ['match', 'match', 'match']);
    const check = (await readJson(one.images[0]!.sidecarUri!)).textCheck as { strings: unknown[] };
    assert.equal(check.strings.length, 3);
    await setUserSetting('textCheck.afterLocalize', undefined);
  });
});
