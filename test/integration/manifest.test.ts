// The asset manifest in the real VS Code against the fake provider: a dry run plans and prices, a build writes each
// output with a sidecar that validates, a changed prompt rebuilds exactly that entry, a file that is not the manifest's
// is left untouched, and an output outside the workspace is refused before anything is sent.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { estimateCost } from '../../src/core/cost';
import type { BuildResult } from '../../src/services/assetBuild';
import { fake } from './support/fake';
import { clearProviders, generate, sha256, useFake } from './support/pixelsmith';

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const MANIFEST = 'pixelsmith.assets.json';
const OUT = 'manifest-test';
const ids = ['hero', 'empty-state', 'onboarding', 'error', 'avatar'];

function manifest(over: Record<string, string> = {}): string {
  const assets = ids.map((id) => `    { "id": "${id}", "prompt": ${JSON.stringify(over[id] ?? `the ${id} picture, flat colours`)}, "output": "${id}.png" }`);
  return `{\n  // built by the integration test\n  "defaults": { "provider": "openai", "model": "gpt-image-2", "quality": "low", "size": "1024x1024", "folder": "${OUT}" },\n  "assets": [\n${assets.join(',\n')}\n  ]\n}\n`;
}

async function writeManifest(text: string): Promise<void> {
  await fs.writeFile(path.join(root(), MANIFEST), text);
}

function build(args: Record<string, unknown>): Promise<BuildResult> {
  return Promise.resolve(vscode.commands.executeCommand<BuildResult>('pixelsmith.buildAssets', { skipCostConfirmation: true, ...args }));
}

describe('asset manifest: incremental builds', function () {
  this.timeout(180_000);
  before(async () => { await useFake(); await fs.rm(path.join(root(), OUT), { recursive: true, force: true }); });
  after(async () => {
    await fs.rm(path.join(root(), OUT), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
    await clearProviders();
  });

  it('a dry run plans all five and totals their estimate, sending nothing', async () => {
    await writeManifest(manifest());
    await fake.reset();
    const r = await build({ dryRun: true });
    assert.deepEqual(r.planned, ids);
    assert.deepEqual([r.built, r.skipped, r.conflicts], [[], [], []]);
    // gpt-image-2, low, 1024x1024: $0.006 an image (prices.ts) plus the prompt's text tokens.
    const each = ids.map((id) => estimateCost({ provider: 'openai', model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'low', prompt: `the ${id} picture, flat colours` }).usd!);
    assert.equal(r.estimateUsd, Math.round(each.reduce((a, b) => a + b, 0) * 1e6) / 1e6);
    assert.ok(r.estimateUsd! > 0.03 && r.estimateUsd! < 0.031);
    assert.deepEqual(await fake.requests('openai'), []);
  });

  it('builds five outputs byte for byte with sidecars that validate and remember their entry', async () => {
    await fake.reset();
    const r = await build({});
    assert.deepEqual([r.built, r.failed], [ids, []]);
    const served = new Set((await fake.served()).map((s) => s.sha256));
    const schema = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../schemas/sidecar.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    for (const id of ids) {
      const file = path.join(root(), OUT, `${id}.png`);
      const bytes = await fs.readFile(file);
      assert.ok(served.has(sha256(bytes)), `${id}.png is the image the provider served`);
      const sidecar = JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as { manifest?: { entry: string }; prompt: string };
      assert.ok(validate(sidecar), JSON.stringify(validate.errors));
      assert.equal(sidecar.manifest?.entry, id);
      assert.equal(sidecar.prompt, `the ${id} picture, flat colours`);
    }
  });

  it('a second build skips everything; a changed prompt rebuilds exactly that entry', async () => {
    await fake.reset();
    const again = await build({});
    assert.deepEqual([again.planned, again.skipped], [[], ids]);
    assert.deepEqual(await fake.requests('openai'), []);
    const before = await fs.readFile(path.join(root(), OUT, 'onboarding.png'));
    await writeManifest(manifest({ onboarding: 'the onboarding picture, now at night' }));
    const r = await build({});
    assert.deepEqual([r.planned, r.built], [['onboarding'], ['onboarding']]);
    assert.equal((await fake.requests('openai')).length, 1);
    const after = await fs.readFile(path.join(root(), OUT, 'onboarding.png'));
    assert.notEqual(sha256(after), sha256(before));
    const sidecar = JSON.parse(await fs.readFile(path.join(root(), OUT, 'onboarding.png.json'), 'utf8')) as { prompt: string };
    assert.equal(sidecar.prompt, 'the onboarding picture, now at night');
  });

  it('CodeLens above each entry says what a build would do and what it costs', async () => {
    await writeManifest(manifest({ onboarding: 'the onboarding picture, now at night', hero: 'a new hero' }));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, MANIFEST));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(titles.filter((t) => t.startsWith('$(check) Up to date')).length, 4, titles.join(' | '));
    assert.ok(titles.some((t) => /^\$\(refresh\) Rebuild: spec changed \(~\$0\.0\d+\)$/.test(t)), titles.join(' | '));
    const rebuild = lenses.find((l) => l.command?.title.startsWith('$(refresh)'))!;
    assert.deepEqual(rebuild.command!.arguments?.[0]?.ids, ['hero']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writeManifest(manifest({ onboarding: 'the onboarding picture, now at night' }));
  });

  it('an output that exists without this manifest\'s sidecar is a conflict and is left untouched', async () => {
    const file = path.join(root(), OUT, 'avatar.png');
    await fs.rm(`${file}.json`);
    await fs.writeFile(file, 'a file the team made by hand');
    await writeManifest(manifest({ onboarding: 'the onboarding picture, now at night', avatar: 'a different avatar' }));
    await fake.reset();
    const r = await build({});
    assert.deepEqual([r.conflicts, r.planned], [['avatar'], []]);
    assert.equal(await fs.readFile(file, 'utf8'), 'a file the team made by hand');
    assert.deepEqual(await fake.requests('openai'), []);
  });

  it('an output outside the workspace is refused, naming the entry and the field, before anything is sent', async () => {
    await writeManifest(manifest().replace('"output": "hero.png"', '"output": "../../escape.png"'));
    await fake.reset();
    await assert.rejects(build({}), (e: Error & { field?: string }) => e.field === 'assets[0].output' && /assets\[0\] \(hero\)\.output must be a path inside the workspace/.test(e.message));
    await writeManifest(manifest().replace(`"folder": "${OUT}"`, '"folder": "../outside"'));
    await assert.rejects(build({}), (e: Error & { field?: string }) => e.field === 'defaults.folder');
    assert.deepEqual(await fake.requests('openai'), []);
  });

  it('unknown arguments and unknown entry ids are errors that name them', async () => {
    await writeManifest(manifest());
    await assert.rejects(build({ parallel: true }), /Unknown argument "parallel"\. Allowed: manifest, ids, dryRun, skipCostConfirmation, batch/);
    await assert.rejects(build({ ids: ['nope'] }), (e: Error & { field?: string }) => e.field === 'ids' && /no entry "nope"/.test(e.message));
  });
});

describe('asset manifest: languages', function () {
  this.timeout(180_000);
  const FOLDER = 'manifest-i18n';
  const langManifest = (prompt: string) => `{ "defaults": { "provider": "openai", "model": "gpt-image-2", "quality": "low", "size": "1024x1024", "folder": "${FOLDER}" },\n`
    + `  "assets": [ { "id": "banner", "prompt": ${JSON.stringify(prompt)}, "output": "banner.png", "languages": ["ko", "ja"] } ] }\n`;
  const file = (name: string) => path.join(root(), FOLDER, name);
  const all = ['banner', 'banner@ko', 'banner@ja'];

  before(async () => { await useFake(); await fs.rm(path.join(root(), FOLDER), { recursive: true, force: true }); });
  after(async () => {
    await fs.rm(path.join(root(), FOLDER), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
    await clearProviders();
  });

  /** The two edits sent: each carries the entry's output (and only it) and names its language; the sidecars say so. */
  async function checkTranslations(prompt: string): Promise<void> {
    const base = await fs.readFile(file('banner.png'));
    const edits = await fake.requests('openai.edit');
    assert.equal(edits.length, 2);
    for (const lang of ['ko', 'ja']) {
      const edit = edits.find((e) => e.fields?.prompt?.includes(`(${lang})`));
      assert.ok(edit, `an edit names ${lang}`);
      assert.deepEqual(edit.files?.map((f) => f.sha256), [sha256(base)], `the ${lang} edit carries banner.png, and only it`);
      const bytes = await fs.readFile(file(`banner.${lang}.png`));
      const sidecar = JSON.parse(await fs.readFile(file(`banner.${lang}.png.json`), 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.sha256, sha256(bytes));
      assert.deepEqual([sidecar.manifest && (sidecar.manifest as { entry: string }).entry, sidecar.language, sidecar.parent], ['banner', lang, { file: `${FOLDER}/banner.png`, sha256: sha256(base) }]);
      assert.equal(sidecar.prompt, edit.fields!.prompt!.replace(/\r\n/g, '\n'), 'the prompt Localize sends (multipart turns its newlines into CRLF)');
    }
    const sidecar = JSON.parse(await fs.readFile(file('banner.png.json'), 'utf8')) as { prompt: string; language?: string };
    assert.deepEqual([sidecar.prompt, sidecar.language], [prompt, undefined]);
  }

  it('plans the entry and a translation per language, builds the entry then edits it into ko and ja, each with its sidecar', async () => {
    await writeManifest(langManifest('a welcome banner that says Welcome'));
    await fake.reset();
    const dry = await build({ dryRun: true });
    assert.deepEqual(dry.planned, all);
    assert.match(dry.reasons['banner@ko']!, /banner\.ko\.png does not exist yet/);
    const r = await build({});
    assert.deepEqual([r.built, r.failed], [all, []], JSON.stringify(r.failed));
    assert.equal((await fake.requests('openai.generate')).length, 1);
    await checkTranslations('a welcome banner that says Welcome');
    assert.ok(r.costUsd !== null && r.costUsd > 0);
  });

  it('a second build skips all three; a changed prompt rebuilds the entry and both translations from the new image', async () => {
    await fake.reset();
    const again = await build({});
    assert.deepEqual([again.planned, again.skipped, again.conflicts], [[], all, []]);
    assert.deepEqual(await fake.requests(), []);
    const generationOf = async (name: string) => (JSON.parse(await fs.readFile(file(`${name}.json`), 'utf8')) as { generationId: string }).generationId;
    const before = await generationOf('banner.ko.png');
    await writeManifest(langManifest('a welcome banner that says Hello'));
    const r = await build({});
    assert.deepEqual([r.planned, r.built, r.failed], [all, all, []]);
    assert.match(r.reasons['banner@ja']!, /banner is built again/);
    assert.equal((await fake.requests('openai.generate')).length, 1);
    await checkTranslations('a welcome banner that says Hello');
    // The fake serves the same picture for the same edit after a reset: the new generation is what shows the rewrite.
    assert.notEqual(await generationOf('banner.ko.png'), before);
  });

  it('ids name one translation; a hand-made file at a translation\'s output is a conflict and is left untouched', async () => {
    await fs.rm(file('banner.ja.png.json'));
    await fs.writeFile(file('banner.ja.png'), 'translated by hand');
    await fs.rm(file('banner.ko.png'));
    await fs.rm(file('banner.ko.png.json'));
    await fake.reset();
    const r = await build({ ids: ['banner@ko', 'banner@ja'] });
    assert.deepEqual([r.planned, r.built, r.conflicts, r.skipped], [['banner@ko'], ['banner@ko'], ['banner@ja'], []]);
    assert.equal(await fs.readFile(file('banner.ja.png'), 'utf8'), 'translated by hand');
    assert.equal((await fake.requests('openai.edit')).length, 1);
  });
});

describe('asset manifest: Create Manifest from Gallery Selection', function () {
  this.timeout(180_000);
  const FOLDER = 'manifest-adopt';
  const rel = (u: vscode.Uri) => path.posix.relative(vscode.workspace.workspaceFolders![0]!.uri.path, u.path);
  type Created = { manifest: string; added: string[]; skipped: { uri: string; reason: string }[] };
  const create = (uris: unknown[]) => Promise.resolve(vscode.commands.executeCommand<Created>('pixelsmith.createManifestFromSelection', { uris }));

  before(async () => {
    await useFake();
    await fs.rm(path.join(root(), FOLDER), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
  });
  after(async () => {
    await fs.rm(path.join(root(), FOLDER), { recursive: true, force: true });
    await fs.rm(path.join(root(), MANIFEST), { force: true });
    await clearProviders();
  });

  it('three saved assets become three entries, and a dry run of Build Assets then plans nothing and finds no conflict', async () => {
    // Two with the same file name in different folders (unique ids from the names), one made from a workspace reference.
    const a = (await generate({ prompt: 'a lighthouse at dusk', provider: 'offline', size: '1024x1024', save: 'all', folder: `${FOLDER}/a` })).images[0]!.savedUri!;
    const b = (await generate({ prompt: 'a lighthouse at dusk', provider: 'offline', size: '1536x1024', quality: 'high', save: 'all', folder: `${FOLDER}/b` })).images[0]!.savedUri!;
    const c = (await generate({ prompt: 'the same lighthouse in winter', provider: 'offline', size: '1024x1024', references: [rel(a)], save: 'all', folder: FOLDER })).images[0]!.savedUri!;
    const imagesBefore = await Promise.all([a, b, c].map(async (u) => sha256(await fs.readFile(u.fsPath))));
    const r = await create([a, rel(b), c]);
    assert.deepEqual([r.added, r.skipped], [['a-lighthouse-at-dusk', 'a-lighthouse-at-dusk-2', 'the-same-lighthouse-in-winter'], []]);
    assert.equal(r.manifest, vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, MANIFEST).toString());
    const m = JSON.parse(await fs.readFile(path.join(root(), MANIFEST), 'utf8')) as { assets: Record<string, unknown>[] };
    assert.deepEqual(m.assets.map((e) => [e.output, e.prompt, e.provider, e.size, e.quality, e.references]), [
      [rel(a), 'a lighthouse at dusk', 'offline', '1024x1024', 'auto', undefined],
      [rel(b), 'a lighthouse at dusk', 'offline', '1536x1024', 'high', undefined],
      [rel(c), 'the same lighthouse in winter', 'offline', '1024x1024', 'auto', [rel(a)]],
    ]);
    await fake.reset();
    const plan = await build({ dryRun: true });
    assert.deepEqual([plan.planned, plan.conflicts, plan.skipped], [[], [], r.added], JSON.stringify(plan.reasons));
    // The images are not touched; each sidecar keeps what it had and gains the entry's mark.
    assert.deepEqual(await Promise.all([a, b, c].map(async (u) => sha256(await fs.readFile(u.fsPath)))), imagesBefore);
    const sidecar = JSON.parse(await fs.readFile(`${c.fsPath}.json`, 'utf8')) as { manifest?: { entry: string }; references: string[]; prompt: string };
    assert.deepEqual([sidecar.manifest?.entry, sidecar.references, sidecar.prompt], ['the-same-lighthouse-in-winter', [rel(a)], 'the same lighthouse in winter']);
    assert.deepEqual(await fake.requests(), []);
  });

  it('appends to an existing manifest, keeping its comments and ids; an output already listed, or an image without a sidecar, is skipped with why', async () => {
    const text = (await fs.readFile(path.join(root(), MANIFEST), 'utf8')).replace('{', '{\n  // the team\'s images');
    await fs.writeFile(path.join(root(), MANIFEST), text);
    const d = (await generate({ prompt: 'a lighthouse at dusk', provider: 'offline', size: '1024x1024', save: 'all', folder: FOLDER })).images[0]!.savedUri!;
    const bare = path.join(root(), FOLDER, 'by-hand.png');
    await fs.copyFile(d.fsPath, bare);
    const a = `${FOLDER}/a/a-lighthouse-at-dusk.png`;
    const r = await create([a, d, `${FOLDER}/by-hand.png`]);
    assert.deepEqual(r.added, ['a-lighthouse-at-dusk-3']);
    assert.deepEqual(r.skipped.map((s) => [path.posix.basename(vscode.Uri.parse(s.uri).path), /already an output/.test(s.reason) || /no sidecar/.test(s.reason)]), [['a-lighthouse-at-dusk.png', true], ['by-hand.png', true]]);
    const after = await fs.readFile(path.join(root(), MANIFEST), 'utf8');
    assert.ok(after.startsWith('{\n  // the team\'s images'), after.slice(0, 80));
    const plan = await build({ dryRun: true });
    assert.deepEqual([plan.planned, plan.conflicts, plan.skipped.length], [[], [], 4]);
    await assert.rejects(create([]), (e: Error & { field?: string }) => e.field === 'uris');
  });
});
