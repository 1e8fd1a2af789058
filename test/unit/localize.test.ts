// Localize: the language list and tags, the per-language prompt and file name, the automation arguments, and the
// service that runs one edit per language through the GenerationService with the batch's cost confirmed once.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GenerationEngine } from '../../src/core/engine';
import { PixelsmithError, ValidationError } from '../../src/core/errors';
import { HistoryStore } from '../../src/core/history';
import { encodePng } from '../../src/core/imaging/png';
import { parseLocalizeArgs } from '../../src/core/localize/args';
import { checkLanguageTags, LANGUAGE_TAG, LANGUAGES, languageFor, orderForPicker, updateRecent } from '../../src/core/localize/languages';
import { localizedBaseName, localizePrompt, parseStringTableText, translationBaseName, translationOf } from '../../src/core/localize/plan';
import { silentLogger } from '../../src/core/log';
import { applyNamingPattern } from '../../src/core/naming';
import type { ImageRequest, ProviderCall, ProviderResult } from '../../src/core/types';
import { GenerationService, type SaveRequest } from '../../src/services/generationService';
import { localize, type LocalizeJob } from '../../src/services/localizeService';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

describe('localize: languages', () => {
  it('offers 48+ languages, each a well-formed, unique BCP 47 tag with a name', () => {
    assert.ok(LANGUAGES.length >= 48, `${LANGUAGES.length}`);
    const tags = LANGUAGES.map((l) => l.tag.toLowerCase());
    assert.equal(new Set(tags).size, tags.length, 'a tag is listed twice');
    for (const l of LANGUAGES) {
      assert.match(l.tag, LANGUAGE_TAG, l.tag);
      assert.ok(l.name && l.native, l.tag);
      assert.deepEqual(checkLanguageTags([l.tag]), [l.tag]);
    }
    for (const t of ['ko', 'ar', 'ja', 'zh-Hans', 'pt-BR', 'he', 'fa', 'hi', 'th']) assert.ok(tags.includes(t.toLowerCase()), t);
  });

  it('knows which scripts run right to left, also for tags it does not list', () => {
    assert.equal(languageFor('ar').rtl, true);
    assert.equal(languageFor('HE').rtl, true, 'case-insensitive');
    assert.equal(languageFor('ko').rtl, undefined);
    assert.equal(languageFor('ps').rtl, true, 'Pashto (not listed)');
    assert.equal(languageFor('az-Arab').rtl, true, 'Arabic script');
    assert.equal(languageFor('ku-Latn').rtl, undefined, 'Kurdish in Latin script');
    assert.equal(languageFor('ko').name, 'Korean');
  });

  it('refuses malformed and duplicate tags, naming the item', () => {
    assert.throws(() => checkLanguageTags([]), (e: ValidationError) => e.field === 'languages');
    assert.throws(() => checkLanguageTags(['ko', 'korean!']), (e: ValidationError) => e.field === 'languages[1]' && /BCP 47/.test(e.message));
    assert.throws(() => checkLanguageTags(['ko', '../x']), (e: ValidationError) => e.field === 'languages[1]');
    assert.throws(() => checkLanguageTags(['ja', 'JA']), (e: ValidationError) => e.field === 'languages[1]' && /twice/.test(e.message));
  });

  it('puts the recent choices first, most recent first, and keeps at most 12', () => {
    const { recent, others } = orderForPicker(['ja', 'ko', 'x-unknown-ok'.slice(0, 2)]);
    assert.deepEqual(recent.map((l) => l.tag), ['ja', 'ko', 'x-']);
    assert.ok(!others.some((l) => l.tag === 'ja' || l.tag === 'ko'));
    assert.equal(others.length, LANGUAGES.length - 2);
    assert.deepEqual(updateRecent(['ja', 'fr'], ['ko', 'fr']), ['ko', 'fr', 'ja']);
    assert.equal(updateRecent([], LANGUAGES.map((l) => l.tag)).length, 12);
  });
});

describe('localize: prompt and names', () => {
  it('names the language and tag, asks to replace every text and keep the rest', () => {
    const p = localizePrompt('ko');
    assert.match(p, /Korean \(ko\)/);
    assert.match(p, /Replace every visible text/);
    assert.match(p, /Keep the layout/);
    assert.doesNotMatch(p, /right to left/);
  });

  it('lays out right-to-left scripts right to left', () => {
    assert.match(localizePrompt('ar'), /Arabic is written right to left/);
  });

  it('carries the exact strings when given', () => {
    const p = localizePrompt('ja', { 'Get started': '始めましょう', Sign: 'サイン "x"' });
    assert.match(p, /"Get started" → "始めましょう"/);
    assert.match(p, /"Sign" → "サイン \\"x\\""/, 'quotes are escaped');
  });

  it('saves beside the original as <name>.<lang>, or by a {lang} pattern', () => {
    const d = new Date(2026, 0, 2);
    assert.equal(localizedBaseName('hero', 'zh-Hans', '{slug}', d), 'hero.zh-Hans');
    assert.equal(localizedBaseName('hero', 'ko', '{date}-{slug}', d), 'hero.ko', 'the pattern applies only with {lang}');
    assert.equal(localizedBaseName('hero', 'ko', '{lang}-{slug}', d), 'ko-hero');
    assert.equal(applyNamingPattern('{slug}{lang}', { slug: 'fox', date: d, index: 1 }), 'fox', '{lang} is empty outside Localize');
  });

  it('a remix or regenerate of a translation keeps its language and original, and is named as Localize names it', () => {
    const d = new Date(2026, 0, 2);
    const parent = { file: 'img/hero.png', sha256: 'a'.repeat(64) };
    assert.deepEqual(translationOf({ language: 'ko', parent }), { language: 'ko', parent });
    assert.equal(translationOf({ parent }), undefined, 'an edit (parent, no language) is not a translation');
    assert.equal(translationOf({ language: 'ko' }), undefined, 'a language without its original is not kept');
    assert.equal(translationOf(undefined), undefined);
    assert.equal(translationBaseName({ language: 'ko', parent }, '{slug}', d), 'hero.ko');
    assert.equal(translationBaseName({ language: 'zh-Hans', parent: { ...parent, file: 'hero.v2.png' } }, '{slug}', d), 'hero.v2.zh-Hans');
    assert.equal(translationBaseName({ language: 'ja', parent }, '{lang}/{slug}', d), localizedBaseName('hero', 'ja', '{lang}/{slug}', d), 'a {lang} pattern as Localize applies it');
  });

  it('parses typed string tables and refuses a line without "="', () => {
    assert.deepEqual(parseStringTableText('Start = 시작; Sign in=로그인\n'), { Start: '시작', 'Sign in': '로그인' });
    assert.deepEqual(parseStringTableText(''), {});
    assert.throws(() => parseStringTableText('Start'), /no "="/);
  });
});

describe('localize: automation arguments', () => {
  it('takes uri, languages, strings and the base arguments; save defaults to all', () => {
    const a = parseLocalizeArgs({ uri: 'assets/hero.png', languages: ['ko', 'ar'], strings: { ko: { Start: '시작' } }, provider: 'openai', skipCostConfirmation: true });
    assert.deepEqual(a.languages, ['ko', 'ar']);
    assert.deepEqual(a.strings, { ko: { Start: '시작' } });
    assert.equal(a.save, 'all');
  });

  it('names the field of each bad argument', () => {
    const field = (raw: unknown) => { try { parseLocalizeArgs(raw); } catch (e) { return (e as ValidationError).field; } return 'accepted'; };
    assert.equal(field(null), 'args');
    assert.equal(field({ languages: ['ko'] }), 'uri');
    assert.equal(field({ uri: 'a.png' }), 'languages');
    assert.equal(field({ uri: 'a.png', languages: [] }), 'languages');
    assert.equal(field({ uri: 'a.png', languages: ['ko', 'nope!'] }), 'languages[1]');
    assert.equal(field({ uri: 'a.png', languages: ['ko'], strings: { ja: { a: 'b' } } }), 'strings.ja');
    assert.equal(field({ uri: 'a.png', languages: ['ko'], strings: { ko: { a: '' } } }), 'strings.ko');
    assert.equal(field({ uri: 'a.png', languages: ['ko'], save: [0] }), 'save');
    assert.equal(field({ uri: 'a.png', languages: ['ko'], folder: 'x' }), 'folder');
    assert.equal(field({ uri: 'a.png', languages: ['ko'], provider: 'nope' }), 'provider');
  });
});

describe('localize: the service', () => {
  const png = (seed: number) => encodePng(new Uint8Array(64 * 64 * 4).fill(seed), 64, 64);
  async function rig(o: { confirm?: boolean; fail?: (prompt: string) => boolean } = {}) {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-localize-'));
    roots.push(root);
    const history = new HistoryStore(root);
    const calls: ProviderCall[] = [];
    const asked: ImageRequest[] = [];
    const saves: SaveRequest<string>[] = [];
    const provider = {
      id: 'openai' as const,
      call: async (c: ProviderCall): Promise<ProviderResult> => {
        calls.push(c);
        if (o.fail?.(c.request.prompt)) throw new PixelsmithError('moderation', 'refused');
        return { images: [{ bytes: png(calls.length) }] };
      },
    };
    const engine = new GenerationEngine({ history, log: silentLogger, getProvider: async () => provider, maxConcurrency: () => 2, maxRetries: () => 0, retryBaseDelayMs: 1 });
    const service = new GenerationService<string, string>({
      engine, log: silentLogger, confirmCost: async () => assert.fail('the service must not ask per language'),
      save: async (s) => { saves.push(s); return [`${s.baseName}.png`]; },
    });
    const job: LocalizeJob<string> = {
      base: { provider: 'openai', model: 'gpt-image-2', size: 'auto', quality: 'low', background: 'auto', outputFormat: 'png', references: [{ name: 'hero.png', mimeType: 'image/png', bytes: png(200), source: 'assets/hero.png' }] },
      languages: ['ko', 'ar', 'ja'], strings: { ja: { Start: '開始' } }, parent: { file: 'assets/hero.png', sha256: 'a'.repeat(64) },
      save: 'all', folder: 'assets', baseName: (l) => `hero.${l}`,
    };
    const confirmBatch = async (req: ImageRequest) => { asked.push(req); return o.confirm ?? true; };
    return { history, calls, asked, saves, service, job, confirmBatch };
  }

  it('asks once for the batch, then sends one edit per language with the original, and saves each as <name>.<lang>', async () => {
    const r = await rig();
    const out = await localize(r.service, r.job, { confirmBatch: r.confirmBatch });
    assert.equal(r.asked.length, 1);
    assert.equal(r.asked[0]!.n, 3, 'the question covers the three languages');
    assert.equal(r.calls.length, 3);
    for (const c of r.calls) assert.equal(c.request.references?.[0]?.source, 'assets/hero.png');
    assert.deepEqual(r.calls.map((c) => /\((ko|ar|ja)\)/.exec(c.request.prompt)?.[1]).sort(), ['ar', 'ja', 'ko']);
    assert.match(r.calls.find((c) => c.request.prompt.includes('(ja)'))!.request.prompt, /"Start" → "開始"/);
    assert.deepEqual(out.map((o) => [o.language, o.saved[0], o.error]), [['ko', 'hero.ko.png', undefined], ['ar', 'hero.ar.png', undefined], ['ja', 'hero.ja.png', undefined]]);
    assert.deepEqual(r.saves.map((s) => s.folder), ['assets', 'assets', 'assets']);
    for (const o of out) assert.deepEqual(o.record!.context, { parent: { file: 'assets/hero.png', sha256: 'a'.repeat(64) }, language: o.language });
  });

  it('a declined batch sends and stores nothing', async () => {
    const r = await rig({ confirm: false });
    await assert.rejects(localize(r.service, r.job, { confirmBatch: r.confirmBatch }), (e: PixelsmithError) => e.code === 'cancelled');
    assert.equal(r.calls.length, 0);
    assert.deepEqual(await r.history.ids(), []);
  });

  it('a failed language fails alone, and can be run again alone', async () => {
    const r = await rig({ fail: (p) => p.includes('(ar)') });
    const out = await localize(r.service, r.job, { confirmBatch: r.confirmBatch });
    assert.deepEqual(out.map((o) => [o.language, o.error?.code]), [['ko', undefined], ['ar', 'moderation'], ['ja', undefined]]);
    assert.deepEqual(r.saves.map((s) => s.baseName).sort(), ['hero.ja', 'hero.ko']);
    const again = await rig();
    const retry = await localize(again.service, { ...again.job, languages: ['ar'] }, { confirmBatch: again.confirmBatch });
    assert.equal(again.calls.length, 1);
    assert.equal(retry[0]!.saved[0], 'hero.ar.png');
  });

  it('refuses an invalid request before asking (checked for every language)', async () => {
    const r = await rig();
    await assert.rejects(localize(r.service, { ...r.job, base: { ...r.job.base, size: '1000x1000' } }, { confirmBatch: r.confirmBatch }), (e: PixelsmithError) => e.field === 'size');
    assert.equal(r.asked.length, 0);
    assert.equal(r.calls.length, 0);
  });
});
