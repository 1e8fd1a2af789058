// File names from prompts: every script, safe on every OS, patterns and free names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PixelsmithError } from '../../src/core/errors';
import { applyNamingPattern, cutToBytes, nextFreeName, sanitizeFileName, slugFromPrompt, utf8Length } from '../../src/core/naming';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f]|[. ]$/;

describe('slugFromPrompt', () => {
  it('makes short lowercase Latin slugs without diacritics', () => {
    assert.equal(slugFromPrompt('A Red Fox, jumping!'), 'a-red-fox-jumping');
    assert.equal(slugFromPrompt('Café crème brûlée'), 'cafe-creme-brulee');
    assert.equal(slugFromPrompt('Straße in Łódź, Ærø'), 'strasse-in-lodz-aero');
    assert.equal(slugFromPrompt("Don't panic"), 'dont-panic');
  });

  it('keeps other scripts as they are', () => {
    assert.equal(slugFromPrompt('고양이가 달 위에 앉아 있다'), '고양이가-달-위에-앉아-있다');
    assert.equal(slugFromPrompt('東京の夜景、ネオン'), '東京の夜景-ネオン');
    assert.equal(slugFromPrompt('قطة على القمر'), 'قطة-على-القمر');
    assert.equal(slugFromPrompt('Кот на Луне'), 'кот-на-луне');
    assert.equal(slugFromPrompt('चाँद पर बिल्ली'), 'चाँद-पर-बिल्ली');
    assert.equal(slugFromPrompt('Ελληνικά γράμματα'), 'ελληνικά-γράμματα');
  });

  it('drops stop words when long and cuts at a word boundary', () => {
    const slug = slugFromPrompt('A watercolor illustration of the old lighthouse on the cliff at sunset with the seagulls flying over the waves');
    assert.ok(slug.length <= 48, slug);
    assert.ok(slug.startsWith('watercolor-illustration-old-lighthouse'), slug);
    assert.ok(!slug.endsWith('-'), slug);
    assert.ok(!/\b(the|of|on|at)\b/.test(slug), slug);
    assert.equal(slugFromPrompt('one two three', 8), 'one-two');
  });

  it('cuts long unspaced scripts between characters, never mid-surrogate', () => {
    const han = slugFromPrompt('一只在月球上喝茶的猫'.repeat(10));
    assert.ok([...han].length <= 48 && han.length > 0, han);
    const astral = slugFromPrompt('𠀀'.repeat(100), 5);
    assert.equal(astral, '𠀀'.repeat(5));
    assert.doesNotMatch(astral, LONE_SURROGATE);
  });

  it('is never empty', () => {
    for (const p of ['', '   ', '🦊🚀!!!', '---', '\u0301']) assert.equal(slugFromPrompt(p), 'image', JSON.stringify(p));
  });

  it('avoids Windows reserved names', () => {
    for (const p of ['CON', 'nul', 'Com1', 'lpt9', 'aux']) {
      const slug = slugFromPrompt(p);
      assert.match(slug, /-image$/, slug);
    }
    assert.equal(slugFromPrompt('console'), 'console');
  });
});

describe('sanitizeFileName', () => {
  it('removes characters no OS accepts, bidi tricks and trailing dots', () => {
    const s = sanitizeFileName('<a>:b"c/d\\e|f?g*h\u0007. ');
    assert.doesNotMatch(s, UNSAFE);
    assert.equal(sanitizeFileName('evil\u202egnp.exe'), 'evil-gnp.exe');
    assert.equal(sanitizeFileName('...'), 'image');
    assert.equal(sanitizeFileName('CON.png'), 'CON-image.png');
  });

  it('limits the UTF-8 length on grapheme boundaries', () => {
    for (const unit of ['é', '😀', '👩‍👩‍👧', '가', 'e\u0301']) {
      const s = sanitizeFileName(unit.repeat(300));
      assert.ok(utf8Length(s) <= 200, `${unit}: ${utf8Length(s)}`);
      assert.doesNotMatch(s, LONE_SURROGATE);
      assert.equal(s.length % unit.length, 0, unit);
    }
    assert.equal(cutToBytes('ab😀', 5), 'ab');
  });
});

describe('invisible characters and console device names (issue 13)', () => {
  // Blank-looking fillers, zero-width and other default-ignorable code points: a name must not hide them.
  const INVISIBLES = ['\u3164', '\u115F', '\u1160', '\uFFA0', '\u2800', '\u200B', '\u200C', '\u2060', '\u034F', '\u180E', '\uFE0F', '\u00AD', '\u{E0041}'];
  const HIDDEN = /[\u115F\u1160\u3164\uFFA0\u2800]|\p{Default_Ignorable_Code_Point}/u;

  for (const c of INVISIBLES) {
    const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    it(`${code} is removed by slugging and sanitising`, () => {
      const slug = slugFromPrompt(`red${c}fox`);
      assert.match(slug, /^red-?fox$/, JSON.stringify(slug));
      assert.equal(slugFromPrompt(c.repeat(5)), 'image');
      assert.equal(slugFromPrompt(`${c} ${c}`), 'image');
      assert.doesNotMatch(sanitizeFileName(`a${c}b${c}.png`), HIDDEN);
      assert.doesNotMatch(applyNamingPattern(`{slug}${c}`, { slug: 'fox', date: new Date(2026, 0, 1), index: 1 }), HIDDEN);
    });
  }

  it('keeps emoji sequences whole: ZWJ and VS16 inside them are visible glyph parts', () => {
    for (const e of ['👩‍👩‍👧', '❤️', '🏳️‍🌈', '👍🏽']) assert.equal(sanitizeFileName(e), e);
  });

  it('CONIN$ and CONOUT$ are reserved like CON', () => {
    assert.equal(sanitizeFileName('CONIN$'), 'CONIN$-image');
    assert.equal(sanitizeFileName('conout$.png'), 'conout$-image.png');
    assert.equal(sanitizeFileName('CONOUT$ '), 'CONOUT$-image');
    assert.equal(sanitizeFileName('conin$x.png'), 'conin$x.png');
  });
});

describe('applyNamingPattern', () => {
  const date = new Date(2026, 4, 6, 9, 8, 7);
  it('fills every token', () => {
    assert.equal(applyNamingPattern('{date}-{slug}-{index}', { slug: 'red-fox', date, index: 2 }), '2026-05-06-red-fox-2');
    assert.equal(applyNamingPattern('{preset}_{model}_{time}', { slug: 's', date, index: 1, preset: 'icon', model: 'gpt-image-2' }), 'icon_gpt-image-2_090807');
    assert.equal(applyNamingPattern('{slug}', { slug: 'x', date, index: 1, model: 'org/model:v1' }), 'x');
    assert.equal(applyNamingPattern('{model}', { slug: 'x', date, index: 1, model: 'org/model:v1' }), 'org-model-v1');
  });

  it('rejects an unknown token, naming it', () => {
    assert.throws(
      () => applyNamingPattern('{slug}-{colour}', { slug: 'x', date, index: 1 }),
      (e: unknown) => e instanceof PixelsmithError && e.code === 'config' && /\{colour\}/.test(e.message) && e.field === 'pixelsmith.naming.pattern',
    );
  });
});

describe('nextFreeName', () => {
  it('counts up past existing names, sync or async', async () => {
    const taken = new Set(['fox.png', 'fox-2.png']);
    assert.equal(await nextFreeName('fox', 'png', (n) => taken.has(n)), 'fox-3.png');
    assert.equal(await nextFreeName('fox', '.webp', async (n) => taken.has(n)), 'fox.webp');
  });

  it('keeps the whole name within 200 bytes', async () => {
    const name = await nextFreeName('가'.repeat(100), 'png', (n) => !n.includes('-12'));
    assert.ok(utf8Length(name) <= 200, String(utf8Length(name)));
    assert.match(name, /-12\.png$/);
  });
});
