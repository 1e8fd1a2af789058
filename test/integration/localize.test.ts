// Localize end to end against the fake provider: one PNG asset into ko, ar and ja sends three edits that each carry
// the original and name the language, saves <name>.<lang>.png with sidecars (parent, language), leaves the original's
// bytes as they were, and asks the cost question once for the whole batch.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { LocalizeResult } from '../../src/commands/localize';
import { HistoryStore } from '../../src/core/history';
import { translationOf } from '../../src/core/localize/plan';
import { GenerateController, type ControllerDeps } from '../../src/panels/generate/controller';
import type { ReferenceStage } from '../../src/panels/referenceStage';
import { saveFromHistory } from '../../src/platform/saveAssets';
import type { Services } from '../../src/platform/services';
import type { GenerateForm } from '../../src/protocol';
import { fake } from './support/fake';
import { clearProviders, generate, historyRoot, setUserSetting, useFake } from './support/pixelsmith';

const workspace = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
};
const folder = () => vscode.Uri.joinPath(workspace(), 'localize');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const listFolder = async (): Promise<string[]> => (await vscode.workspace.fs.readDirectory(folder()).then(undefined, () => [])).map(([n]) => n).sort();
const readJson = async (uri: vscode.Uri) => JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Record<string, unknown>;

/** An asset with a sidecar, made offline (free) into localize/. */
async function original(): Promise<vscode.Uri> {
  const r = await generate({ prompt: 'Welcome banner', provider: 'offline', size: '1024x1024', save: 'all', folder: 'localize' });
  return r.images[0]!.savedUri!;
}

/** Replaces the modal cost question for the duration of `run`, answering `answer` and counting the questions. */
async function withCostQuestions<T>(answer: boolean, run: () => Thenable<T>): Promise<{ result: T; asked: string[] }> {
  const w = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
  const real = w.showWarningMessage;
  const asked: string[] = [];
  w.showWarningMessage = (message: unknown, options?: unknown, ...items: unknown[]) => {
    if (options && typeof options === 'object' && (options as { modal?: boolean }).modal) {
      asked.push(String(message));
      return Promise.resolve(answer ? items[0] : undefined);
    }
    return real.call(vscode.window, message, options, ...items);
  };
  try {
    return { result: await run(), asked };
  } finally {
    w.showWarningMessage = real;
  }
}

describe('Localize', function () {
  this.timeout(90_000);

  before(async () => {
    await historyRoot();
    await useFake();
  });
  beforeEach(async () => {
    await fake.reset();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  after(async () => {
    await clearProviders();
    await setUserSetting('costConfirmationThreshold', undefined);
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('ko, ar, ja: three edits with the original naming the language, three files with sidecars, original unchanged, cost confirmed once', async () => {
    const uri = await original();
    const before = await vscode.workspace.fs.readFile(uri);
    await setUserSetting('costConfirmationThreshold', 0);
    const { result, asked } = await withCostQuestions(true, () => vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', {
      uri: 'localize/welcome-banner.png', languages: ['ko', 'ar', 'ja'], provider: 'openai', model: 'gpt-image-2', quality: 'low',
    }));
    assert.equal(asked.length, 1, `the cost question is asked once for the batch: ${JSON.stringify(asked)}`);
    assert.match(asked[0]!, /\$/, 'with the estimate');
    assert.deepEqual(result.results.map((r) => [r.language, r.status]), [['ko', 'complete'], ['ar', 'complete'], ['ja', 'complete']], JSON.stringify(result.results.map((r) => r.errors)));

    const edits = await fake.requests('openai.edit');
    assert.equal(edits.length, 3, 'one edit request per language');
    assert.equal((await fake.requests('openai.generate')).length, 0);
    const names: Record<string, string> = { ko: 'Korean', ar: 'Arabic', ja: 'Japanese' };
    for (const [tag, name] of Object.entries(names)) {
      const edit = edits.find((e) => e.fields?.prompt?.includes(`(${tag})`));
      assert.ok(edit, `an edit names ${tag}`);
      assert.ok(edit.fields!.prompt!.includes(name), `the ${tag} prompt names ${name}`);
      assert.deepEqual(edit.files?.map((f) => f.sha256), [sha(before)], `the ${tag} edit carries the original, and only it`);
    }
    assert.match(edits.find((e) => e.fields?.prompt?.includes('(ar)'))!.fields!.prompt!, /right to left/);

    assert.deepEqual(await listFolder(), [
      'welcome-banner.ar.png', 'welcome-banner.ar.png.json', 'welcome-banner.ja.png', 'welcome-banner.ja.png.json',
      'welcome-banner.ko.png', 'welcome-banner.ko.png.json', 'welcome-banner.png', 'welcome-banner.png.json',
    ]);
    for (const r of result.results) {
      const saved = r.images[0]!.savedUri!;
      assert.equal(saved.path.split('/').pop(), `welcome-banner.${r.language}.png`);
      const sidecar = await readJson(r.images[0]!.sidecarUri!);
      assert.deepEqual(sidecar.parent, { file: 'localize/welcome-banner.png', sha256: sha(before) });
      assert.equal(sidecar.language, r.language);
      assert.equal(sidecar.provider, 'openai');
      assert.deepEqual(sidecar.references, ['localize/welcome-banner.png']);
    }
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), Buffer.from(before), 'the original bytes are unchanged');
  });

  it('a declined batch sends nothing; a failed language fails alone and is retried alone', async () => {
    await original();
    await setUserSetting('costConfirmationThreshold', 0);
    const declined = withCostQuestions(false, () => vscode.commands.executeCommand('pixelsmith.localize', { uri: 'localize/welcome-banner.png', languages: ['ko', 'ja'], provider: 'openai' }));
    await assert.rejects(declined, /threshold/);
    assert.deepEqual(await fake.requests(), [], 'nothing sent');
    await setUserSetting('costConfirmationThreshold', undefined);

    await fake.on('openai.edit', { kind: 'moderation' });
    const first = await vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', { uri: 'localize/welcome-banner.png', languages: ['ko', 'ja'], provider: 'openai', skipCostConfirmation: true });
    const failed = first.results.filter((r) => r.errors.length && !r.images.length);
    assert.equal(failed.length, 1, JSON.stringify(first.results));
    assert.equal(first.results.filter((r) => r.images[0]?.savedUri).length, 1, 'the other language is saved');
    const retry = await vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', { uri: 'localize/welcome-banner.png', languages: [failed[0]!.language], provider: 'openai', skipCostConfirmation: true });
    assert.equal(retry.results.length, 1);
    assert.equal(retry.results[0]!.images[0]!.savedUri!.path.split('/').pop(), `welcome-banner.${failed[0]!.language}.png`);
    assert.equal((await fake.requests('openai.edit')).length, 3);
  });

  it('Remix and Regenerate of a ko translation keep its language and original: in the generation context, the saved name and the sidecar', async () => {
    const uri = await original();
    const originalSha = sha(await vscode.workspace.fs.readFile(uri));
    const made = await vscode.commands.executeCommand<LocalizeResult>('pixelsmith.localize', {
      uri: 'localize/welcome-banner.png', languages: ['ko'], provider: 'openai', model: 'gpt-image-2', quality: 'low', skipCostConfirmation: true,
    });
    const ko = made.results[0]!;
    assert.equal(ko.status, 'complete', JSON.stringify(ko.errors));
    const koSidecar = await readJson(ko.images[0]!.sidecarUri!) as { language?: string; parent?: { file: string; sha256: string } };
    const kept = { language: 'ko', parent: { file: 'localize/welcome-banner.png', sha256: originalSha } };

    // The Generate panel's host, as a remix of the translation opens it (translation from its sidecar), and with none.
    const history = new HistoryStore(await historyRoot());
    const log = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined };
    const started: unknown[] = [];
    const replies: { ok: boolean; error?: unknown }[] = [];
    const controller = (translation: ReturnType<typeof translationOf>) => new GenerateController({
      services: { log, history } as unknown as Services, stage: {} as ReferenceStage,
      runs: { start: (_req: unknown, context: unknown) => { started.push(context); return Promise.resolve(`run-${started.length}`); } } as unknown as ControllerDeps['runs'],
      post: (m: unknown) => { if ((m as { type?: string }).type === 'reply') replies.push(m as never); },
      linker: () => undefined, translation: () => translation, pendingApply: () => undefined, takeShownAt: () => undefined,
    });
    const form: GenerateForm = {
      prompt: 'Welcome banner in Korean, warmer colours', preset: 'custom', provider: 'offline', model: 'gpt-image-2', size: '1024x1024',
      quality: 'low', background: 'auto', outputFormat: 'png', outputCompression: 80, n: 1, frames: 4,
    };
    await controller(translationOf(koSidecar)).receive({ type: 'generate/run', messageId: 1, form, references: [] });
    await controller(undefined).receive({ type: 'generate/run', messageId: 2, form, references: [], regenerateOf: ko.generationId! });
    await controller(undefined).receive({ type: 'generate/run', messageId: 3, form, references: [] });
    assert.ok(replies.every((r) => r.ok), JSON.stringify(replies));
    assert.deepEqual(started, [kept, kept, undefined], 'remix and regenerate carry language and parent; a plain run carries none');

    // Saving a generation recorded with that context (the panel's Save): Localize's name, and language and parent in the sidecar.
    const [again] = await saveFromHistory({ history, log } as unknown as Services, { generationId: ko.generationId!, indices: [0], folder: folder() });
    assert.ok(again);
    assert.equal(again.uri.path.split('/').pop(), 'welcome-banner.ko-2.png', 'named as Localize names it, next to the first');
    const sidecar = await readJson(again.sidecarUri);
    assert.equal(sidecar.language, 'ko');
    assert.deepEqual(sidecar.parent, kept.parent);
  });

  it('refuses bad arguments naming the field, before anything is sent', async () => {
    const err = (args: unknown) => Promise.resolve(vscode.commands.executeCommand('pixelsmith.localize', args)).then(() => assert.fail('resolved'), (e: Error & { field?: string }) => e.field);
    assert.equal(await err({ uri: 'localize/none.png', languages: ['ko!'] }), 'languages[0]');
    assert.equal(await err({ uri: 'README.md', languages: ['ko'], provider: 'openai' }), 'uri');
    assert.equal(await err({ uri: '/etc/hosts.png', languages: ['ko'], provider: 'openai' }), 'uri');
    assert.deepEqual(await fake.requests(), []);
  });
});
