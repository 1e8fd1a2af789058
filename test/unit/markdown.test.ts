// Illustrating markdown: prompt drafts, where the link goes (between blocks only), link paths and alt text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { altFromPrompt, cutText, draftFromMarkdown, ILLUSTRATE_INSERTS, imageLink, insertionLine, markdownLinkPath, pictureElement, planInsertion, plainText } from '../../src/core/markdown';

const DOC = [
  '---', 'title: "Lantern guide"', '---', '', // 0-3
  '# Lantern', '', 'Lantern is a **calm** editor for [night](https://x) writers.', 'It works offline.', '', // 4-8
  '## Install', '', '```sh', 'npm install lantern', '', 'lantern --help', '```', '', 'Then open a folder.', '', // 9-18
  'Setext heading', '--------------', '', 'Body of setext.', // 19-22
].join('\n');

describe('plainText', () => {
  it('strips markdown to prose', () => {
    assert.equal(plainText('# Title\n\nSome **bold** and _it_ [link](u) ![img](i.png) `code`.\n\n```js\nx()\n```\n- item <b>x</b>'), 'Title Some bold and it link code. item x');
  });
});

describe('cutText', () => {
  it('cuts at a sentence or word end, never inside a character', () => {
    assert.equal(cutText('One two. Three four five six.', 12), 'One two.');
    assert.equal(cutText('alpha beta gamma delta', 14), 'alpha beta');
    assert.equal(cutText('😀😀😀😀', 2), '😀😀');
    assert.equal(cutText('short', 10), 'short');
  });
});

describe('draftFromMarkdown', () => {
  it('uses the selection when there is one, with its section heading', () => {
    const d = draftFromMarkdown(DOC, { selection: { start: { line: 6, character: 0 }, end: { line: 7, character: 17 } } });
    assert.equal(d.prompt, 'Lantern is a calm editor for night writers. It works offline.');
    assert.deepEqual(d.anchor, { source: 'selection', line: 7 });
    assert.equal(d.heading, 'Lantern');
  });

  it('a selection ending at column 0 ends on the line before', () => {
    const d = draftFromMarkdown(DOC, { selection: { start: { line: 17, character: 0 }, end: { line: 18, character: 0 } } });
    assert.deepEqual(d.anchor, { source: 'selection', line: 17 });
    assert.equal(d.prompt, 'Then open a folder.');
  });

  it('else the section around the cursor, without its code', () => {
    const d = draftFromMarkdown(DOC, { cursor: { line: 12, character: 3 } });
    assert.equal(d.prompt, 'Install: Then open a folder.');
    assert.deepEqual(d.anchor, { source: 'section', line: 12 });
    assert.equal(d.heading, 'Install');
    assert.equal(draftFromMarkdown(DOC, { cursor: { line: 22, character: 0 } }).prompt, 'Setext heading: Body of setext.');
  });

  it('else the title and the opening', () => {
    const d = draftFromMarkdown(DOC);
    assert.equal(d.prompt, 'Lantern guide: Lantern is a calm editor for night writers. It works offline.');
    assert.deepEqual(d.anchor, { source: 'document', line: 0 });
    assert.equal(d.heading, 'Lantern guide');
    assert.equal(draftFromMarkdown('# Only\n\nText here.').prompt, 'Only: Text here.');
    assert.equal(draftFromMarkdown('', { fallback: 'release notes' }).prompt, 'release notes');
  });

  it('an empty selection or one with no prose falls back to the section', () => {
    assert.equal(draftFromMarkdown(DOC, { selection: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, cursor: { line: 12, character: 0 } }).anchor.source, 'section');
    assert.equal(draftFromMarkdown(DOC, { selection: { start: { line: 11, character: 0 }, end: { line: 15, character: 3 } }, cursor: { line: 15, character: 3 } }).anchor.source, 'section');
  });

  it('passes every script through and keeps drafts short', () => {
    assert.equal(draftFromMarkdown('# 등대\n\n바닷가의 작은 등대가 밤을 밝힌다.').prompt, '등대: 바닷가의 작은 등대가 밤을 밝힌다.');
    assert.ok([...draftFromMarkdown(`# T\n\n${'word '.repeat(400)}`).prompt].length <= 800);
  });
});

describe('insertionLine', () => {
  it('after the block that ends a selection: the paragraph, never its middle', () => {
    assert.equal(insertionLine(DOC, { source: 'selection', line: 6 }), 7);
  });

  it('after the closing fence when the selection ends inside code', () => {
    assert.equal(insertionLine(DOC, { source: 'selection', line: 12 }), 15);
  });

  it('after the section heading for a cursor, including setext headings', () => {
    assert.equal(insertionLine(DOC, { source: 'section', line: 13 }), 9);
    assert.equal(insertionLine(DOC, { source: 'section', line: 22 }), 20);
  });

  it('after the front matter for the whole document, or at the top', () => {
    assert.equal(insertionLine(DOC.replace('title: "Lantern guide"', 'draft: true').replace('# Lantern', 'Lantern'), { source: 'document', line: 0 }), 2);
    assert.equal(insertionLine(DOC, { source: 'document', line: 0 }), 4, 'after the H1 the title comes from');
    assert.equal(insertionLine('Just text.\nMore.', { source: 'document', line: 0 }), -1);
  });

  it('re-resolves against edited text and clamps past the end', () => {
    assert.equal(insertionLine('# A\n\npara one\npara two', { source: 'selection', line: 99 }), 3);
  });
});

describe('planInsertion', () => {
  it('makes each link a paragraph of its own', () => {
    const text = 'para\nstill para\n\nnext';
    const p = planInsertion(text, 1, ['![a](a.png)', '![b](b.png)']);
    assert.equal(p.line, 1);
    assert.equal(p.character, 'still para'.length);
    const out = text.split('\n');
    out[1] += p.text;
    assert.equal(out.join('\n'), 'para\nstill para\n\n![a](a.png)\n\n![b](b.png)\n\nnext');
    assert.deepEqual(p.linkLines, [3, 5]);
  });

  it('adds a blank line before a following block and keeps CRLF', () => {
    const p = planInsertion('# H\r\nText', 0, ['![x](x.png)']);
    assert.equal(p.text, '\r\n\r\n![x](x.png)\r\n');
    assert.deepEqual(p.linkLines, [2]);
  });

  it('inserts at the top when there is no title', () => {
    const p = planInsertion('Text', -1, ['![x](x.png)']);
    assert.deepEqual({ line: p.line, character: p.character, text: p.text }, { line: 0, character: 0, text: '![x](x.png)\n\n' });
  });
});

describe('links', () => {
  it('are relative to the document and encoded', () => {
    assert.equal(markdownLinkPath('/ws/docs/guide.md', '/ws/assets/illustrations/hero.png'), '../assets/illustrations/hero.png');
    assert.equal(markdownLinkPath('/ws/docs/guide.md', '/ws/docs/my shots/a (1)#?.png'), 'my%20shots/a%20%281%29%23%3F.png');
    assert.equal(markdownLinkPath('/ws/README.md', '/ws/assets/등대.png'), 'assets/%EB%93%B1%EB%8C%80.png');
  });

  it('alt text is the first clause of the prompt, short and escaped', () => {
    assert.equal(altFromPrompt('A lighthouse at dusk. Warm light, film grain.'), 'A lighthouse at dusk');
    assert.equal(altFromPrompt('Tide pools: crabs and kelp'), 'Tide pools');
    assert.equal(altFromPrompt('A [bracketed] thing'), 'A \\[bracketed\\] thing');
    assert.ok([...altFromPrompt('word '.repeat(100))].length <= 80);
    assert.equal(imageLink('x', 'a.png'), '![x](a.png)');
  });

  it('alt text never splits an emoji or a surrogate pair, even from a prompt cut mid-pair', () => {
    const family = '👩‍👩‍👧';
    for (const max of [1, 2, 3, 7, 12]) {
      const alt = altFromPrompt(family.repeat(50), max);
      assert.equal(alt.split(family).join(''), '', `only whole emoji at ${max}: ${JSON.stringify(alt)}`);
    }
    const cutMidPair = `${'a'.repeat(10)} fox 😀`.slice(0, -1); // what a naive .slice() leaves
    assert.doesNotMatch(altFromPrompt(cutMidPair), /[\uD800-\uDFFF]/);
  });

  it('alt text keeps no raw HTML: tags, unclosed tags and bare angle brackets are gone', () => {
    for (const p of ['<img src=x onerror=alert(1)> a fox', '<script a fox', 'a fox </b', 'a < b > c fox']) {
      const alt = altFromPrompt(p);
      assert.doesNotMatch(alt, /[<>]/, `${p} → ${alt}`);
      assert.match(alt, /fox|a b c/, alt);
    }
  });

  it('alt text from a 64k-character prompt is built from its start only and stays bounded', () => {
    const start = 'A lighthouse at dusk, warm light';
    for (const tail of ['![x'.repeat(16_000), '['.repeat(64_000), '<'.repeat(64_000), 'word '.repeat(13_000)]) {
      const alt = altFromPrompt(`${start} ${tail}`);
      assert.ok([...alt.replace(/\\(.)/g, '$1')].length <= 80, alt);
      assert.ok(alt.startsWith('A lighthouse at dusk'), alt);
    }
  });
});

describe('<picture> for a web copy', () => {
  it('offers the copy as the source and the original as the <img>, attributes escaped, markdown escapes undone', () => {
    assert.equal(pictureElement('A harbour', { path: 'img/h.800w.webp', type: 'image/webp' }, 'img/h.png'),
      '<picture><source srcset="img/h.800w.webp" type="image/webp"><img src="img/h.png" alt="A harbour"></picture>');
    const alt = altFromPrompt('Tom & "Jerry" [draft] at <b>night</b>');
    assert.equal(alt, 'Tom & "Jerry" \\[draft\\] at night');
    assert.equal(pictureElement(alt, { path: markdownLinkPath('/w/docs/a.md', '/w/img/a b&c.800w.avif'), type: 'image/avif' }, '../img/x.png'),
      '<picture><source srcset="../img/a%20b%26c.800w.avif" type="image/avif"><img src="../img/x.png" alt="Tom &amp; &quot;Jerry&quot; [draft] at night"></picture>');
  });

  it('pixelsmith.illustrate.insert in package.json offers exactly ILLUSTRATE_INSERTS, default original, resource scope', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown; scope?: string }> } } };
    const s = manifest.contributes.configuration.properties['pixelsmith.illustrate.insert'];
    assert.deepEqual([s?.enum, s?.default, s?.scope], [[...ILLUSTRATE_INSERTS], 'original', 'resource']);
  });
});
