// The asset manifest: parsing (JSON with comments), the checks that name entry and field, and the incremental plan.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptionEntry, appendEntries, idFromFileName, newManifestText, withManifestMark } from '../../src/core/manifest/adopt';
import { parseManifest } from '../../src/core/manifest/parse';
import { buildSidecar, serializeSidecar } from '../../src/core/sidecar';
import { planBuild, specHashOf, type OutputState } from '../../src/core/manifest/plan';
import { entriesFor, selectPlan, translationOutput, translationSpecHash } from '../../src/core/manifest/translations';

const TEXT = `{
  // the team's images
  "defaults": { "provider": "offline", "quality": "low", "folder": "media" },
  "assets": [
    { "id": "hero", "prompt": "a lighthouse at dusk", "output": "hero.png", "size": "1536x1024" },
    { "id": "icon", "prompt": "a fox icon", "output": "icons/fox.webp", "references": ["media/ref.png"], },
  ],
}`;

const throwsField = (text: string, field: string, message: RegExp) =>
  assert.throws(() => parseManifest(text), (e: Error & { field?: string }) => e.field === field && message.test(e.message));

describe('manifest: parse', () => {
  it('reads comments and trailing commas, applies defaults, resolves outputs and formats, and knows where each entry is', () => {
    const { entries } = parseManifest(TEXT);
    assert.deepEqual(entries.map((e) => [e.id, e.output, e.outputFormat, e.provider, e.quality]), [
      ['hero', 'media/hero.png', 'png', 'offline', 'low'],
      ['icon', 'media/icons/fox.webp', 'webp', 'offline', 'low'],
    ]);
    assert.equal(TEXT.slice(entries[0]!.offset, entries[0]!.offset + 9), '{ "id": "');
  });

  it('names the entry and the field of each problem', () => {
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "../out.png" } ] }', 'assets[0].output', /assets\[0\] \(a\)\.output/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "/etc/x.png" } ] }', 'assets[0].output', /inside the workspace|pattern|match/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "size": "big" } ] }', 'assets[0].size', /size/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "quality": "ultra" } ] }', 'assets[0].quality', /low, medium, high/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "n": 2 } ] }', 'assets[0].n', /assets\[0\] \(a\) has a field it does not know: "n"/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.txt" } ] }', 'assets[0].output', /image extension/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "outputFormat": "jpeg" } ] }', 'assets[0].outputFormat', /does not match/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png" }, { "id": "a", "prompt": "q", "output": "b.png" } ] }', 'assets[1].id', /same id/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "A.png" }, { "id": "b", "prompt": "q", "output": "a.png" } ] }', 'assets[1].output', /same output/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png" }', '$', /line 1/);
  });
});

describe('manifest: plan', () => {
  const entries = parseManifest(TEXT).entries;
  const refs = { 'media/ref.png': 'r'.repeat(64) };
  const sources = (outputs: Record<string, OutputState>) => ({
    output: (p: string) => Promise.resolve(outputs[p] ?? { exists: false }),
    referenceHash: (p: string) => Promise.resolve(refs[p as keyof typeof refs] ?? assert.fail(`unexpected reference ${p}`)),
  });

  it('builds what is missing, skips what is up to date, rebuilds what changed, and leaves foreign files alone', async () => {
    const heroHash = await specHashOf(entries[0]!, sources({}).referenceHash);
    const plan = await planBuild(entries, sources({ 'media/hero.png': { exists: true, mark: { entry: 'hero', specHash: heroHash } } }));
    assert.deepEqual(plan.map((p) => p.status), ['up-to-date', 'missing']);
    const changed = parseManifest(TEXT.replace('a lighthouse at dusk', 'a lighthouse at dawn')).entries;
    assert.deepEqual((await planBuild(changed, sources({ 'media/hero.png': { exists: true, mark: { entry: 'hero', specHash: heroHash } } }))).map((p) => p.status), ['changed', 'missing']);
    const foreign = await planBuild(entries, sources({ 'media/hero.png': { exists: true, sidecar: 'none' }, 'media/icons/fox.webp': { exists: true, mark: { entry: 'other', specHash: heroHash } } }));
    assert.deepEqual(foreign.map((p) => p.status), ['conflict', 'conflict']);
    assert.match(foreign[1]!.reason, /built for entry "other"/);
  });

  it('hashes the spec, not its spelling: key order and comments do not matter, a changed reference does', async () => {
    const reordered = parseManifest(TEXT.replace('"size": "1536x1024" }', '"size": "1536x1024", "quality": "low" }').replace('// the team\'s images', '')).entries;
    const h = (e: typeof entries[number], r = sources({}).referenceHash) => specHashOf(e, r);
    assert.equal(await h(reordered[0]!), await h(entries[0]!));
    assert.notEqual(await h(entries[1]!, () => Promise.resolve('s'.repeat(64))), await h(entries[1]!));
  });
});

describe('manifest: languages', () => {
  const LANG = `{ "defaults": { "provider": "openai", "folder": "media" }, "assets": [
    { "id": "hero", "prompt": "a welcome banner", "output": "hero.png", "languages": ["ko", "ja"] },
    { "id": "logo", "prompt": "a logo", "output": "logo.webp" } ] }`;
  const entries = parseManifest(LANG).entries;
  const sources = (outputs: Record<string, OutputState>) => ({
    output: (p: string) => Promise.resolve(outputs[p] ?? { exists: false }),
    referenceHash: () => assert.fail('no references'),
  });

  it('names each translation <id>@<lang>, writes it beside the output as <name>.<lang>.<ext>, after its entry', async () => {
    const plan = await planBuild(entries, sources({}));
    assert.deepEqual(plan.map((p) => [p.entry.id, p.entry.output, p.status]), [
      ['hero', 'media/hero.png', 'missing'], ['hero@ko', 'media/hero.ko.png', 'missing'], ['hero@ja', 'media/hero.ja.png', 'missing'], ['logo', 'media/logo.webp', 'missing'],
    ]);
    assert.deepEqual(plan[1]!.translation, { language: 'ko', base: entries[0] });
    assert.equal(translationOutput('hero.png', 'zh-Hans'), 'hero.zh-Hans.png');
  });

  it('skips an up-to-date translation; a changed entry rebuilds its translations; a file not the manifest\'s is a conflict', async () => {
    const hero = await specHashOf(entries[0]!, () => assert.fail());
    const built = (entry: string, specHash: string, language?: string): OutputState => ({ exists: true, mark: { entry, specHash, ...(language ? { language } : {}) } });
    const outputs = { 'media/hero.png': built('hero', hero), 'media/hero.ko.png': built('hero', translationSpecHash(hero, 'ko'), 'ko'), 'media/hero.ja.png': built('hero', translationSpecHash(hero, 'ja'), 'ja') };
    assert.deepEqual((await planBuild(entries.slice(0, 1), sources(outputs))).map((p) => p.status), ['up-to-date', 'up-to-date', 'up-to-date']);
    const changed = parseManifest(LANG.replace('a welcome banner', 'a welcome banner at night')).entries.slice(0, 1);
    assert.deepEqual((await planBuild(changed, sources(outputs))).map((p) => p.status), ['changed', 'changed', 'changed']);
    // Adding a language builds that translation, not the entry again.
    const more = parseManifest(LANG.replace('"ko", "ja"', '"ko", "ja", "ar"')).entries.slice(0, 1);
    assert.deepEqual((await planBuild(more, sources(outputs))).map((p) => p.status), ['up-to-date', 'up-to-date', 'up-to-date', 'missing']);
    const foreign = await planBuild(entries.slice(0, 1), sources({ ...outputs, 'media/hero.ja.png': built('hero', translationSpecHash(hero, 'ja')) }));
    assert.deepEqual(foreign.map((p) => p.status), ['up-to-date', 'up-to-date', 'conflict']);
  });

  it('a translation asked for alone brings its entry when the entry needs building', async () => {
    const plan = await planBuild(entries, sources({}));
    assert.deepEqual(selectPlan(plan, ['hero@ja']).map((p) => p.entry.id), ['hero', 'hero@ja']);
    assert.deepEqual(selectPlan(plan, ['hero']).map((p) => p.entry.id), ['hero', 'hero@ko', 'hero@ja']);
    assert.deepEqual(entriesFor(entries, ['hero@ja', 'logo@ko', 'nope']).unknown, ['logo@ko', 'nope']);
  });

  it('refuses a repeated or malformed tag, a format an edit cannot make, and a translation that lands on another output', () => {
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "languages": ["ko", "KO"] } ] }', 'assets[0].languages[1]', /assets\[0\] \(a\): languages\[1\] "KO" is given twice/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "languages": ["korean!"] } ] }', 'assets[0].languages[0]', /languages/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.svg", "languages": ["ko"] } ] }', 'assets[0].languages', /PNG, JPEG or WebP/);
    throwsField('{ "assets": [ { "id": "a", "prompt": "p", "output": "a.png", "languages": ["ko"] }, { "id": "b", "prompt": "q", "output": "a.ko.png" } ] }', 'assets[1].output', /b and a@ko would both write "a\.ko\.png"/);
  });
});

describe('manifest: adopting saved assets', () => {
  const sidecar = buildSidecar({
    request: { prompt: 'a fox icon', provider: 'openai', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'transparent', outputFormat: 'png', n: 1, outputCompression: 80 },
    image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: 'png', bytes: 10, contentCredentials: false },
    generationId: 'gen_1', createdAt: '2026-01-01T00:00:00.000Z', references: ['media/ref.png'], costUsd: 0.01,
  });

  it('makes the entry from the sidecar, relative to defaults.folder, and skips what it cannot express', () => {
    const a = adoptionEntry(sidecar, { file: 'media/icons/Fox Icon.png', id: 'Fox-Icon', references: ['media/ref.png'], folder: 'media' });
    assert.deepEqual(a, { entry: { id: 'Fox-Icon', prompt: 'a fox icon', output: 'icons/Fox Icon.png', references: ['media/ref.png'], provider: 'openai', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'transparent', outputCompression: 80 } });
    assert.match((adoptionEntry(sidecar, { file: 'other/fox.png', id: 'x', references: [], folder: 'media' }) as { skip: string }).skip, /outside the manifest's defaults\.folder/);
    assert.match((adoptionEntry(sidecar, { file: 'fox.webp', id: 'x', references: [] }) as { skip: string }).skip, /sidecar says png/);
    assert.match((adoptionEntry({ ...sidecar, provider: 'future-co' }, { file: 'fox.png', id: 'x', references: [] }) as { skip: string }).skip, /future-co/);
  });

  it('picks unique ids from file names, appends keeping comments, and marks the sidecar keeping the rest', async () => {
    const taken = new Set(['hero', 'hero-2']);
    assert.equal(idFromFileName('media/hero.png', (x) => taken.has(x)), 'hero-3');
    assert.equal(idFromFileName('media/__.png', () => false), 'asset');
    assert.equal(idFromFileName('media/日本 banner!.png', () => false), 'banner');
    const entry = (adoptionEntry(sidecar, { file: 'fox.png', id: 'fox', references: [] }) as { entry: Parameters<typeof appendEntries>[1][number] }).entry;
    const text = appendEntries(TEXT, [entry]);
    assert.ok(text.startsWith('{\n  // the team\'s images'));
    assert.deepEqual(parseManifest(text).entries.map((e) => e.id), ['hero', 'icon', 'fox']);
    assert.deepEqual(parseManifest(newManifestText([entry])).entries.map((e) => [e.id, e.output]), [['fox', 'fox.png']]);
    const marked = JSON.parse(withManifestMark(serializeSidecar(sidecar), { entry: 'fox', specHash: 'b'.repeat(64) })) as Record<string, unknown>;
    assert.deepEqual(marked, { ...sidecar, manifest: { entry: 'fox', specHash: 'b'.repeat(64) } });
  });
});
