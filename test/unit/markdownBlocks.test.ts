// The line map behind Illustrate Markdown: front matter, fences, ATX and setext headings, block ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockEnd, headingAt, mapMarkdown, sectionEnd } from '../../src/core/markdownBlocks';

const TEXT = [
  '---', 'title: Notes', '---', // 0-2
  '# One', // 3
  '```md', '# not a heading', '````', '```', // 4-7
  'Two', '===', // 8-9
  '- item', '', '  continued item paragraph', '', 'after', // 10-14
  '~~~', 'unclosed fence', // 15-16
].join('\n');

describe('mapMarkdown', () => {
  const map = mapMarkdown(TEXT);

  it('finds front matter and its title', () => {
    assert.equal(map.frontMatterEnd, 2);
    assert.equal(map.frontMatterTitle, 'Notes');
    assert.deepEqual(map.kinds.slice(0, 3), ['front-matter', 'front-matter', 'front-matter']);
  });

  it('skips headings inside fences; a longer closing fence closes, an unclosed one runs to the end', () => {
    assert.deepEqual(map.fences, [{ start: 4, end: 6 }, { start: 7, end: 16 }]);
    assert.equal(map.kinds[15], 'fence', 'a fence opened on line 7 is not closed by ~~~ and runs to the end');
  });

  it('reads ATX and setext headings', () => {
    assert.deepEqual(map.headings.map((h) => [h.line, h.endLine, h.level, h.text]), [[3, 3, 1, 'One']]);
    const setext = mapMarkdown('Title\n=====\n\nSub\n---\ntext');
    assert.deepEqual(setext.headings.map((h) => [h.line, h.endLine, h.level, h.text]), [[0, 1, 1, 'Title'], [3, 4, 2, 'Sub']]);
    assert.deepEqual(mapMarkdown('#No space\n####### seven').headings, []);
  });
});

describe('blocks and sections', () => {
  const text = ['# A', '', 'p1 line1', 'p1 line2', '', '- item', '', '    indented more', '', '## B', 'b text', '```', 'code', '```', 'after code'].join('\n');
  const map = mapMarkdown(text);

  it('blockEnd: paragraph end, list with indented continuation, heading, fence; a blank belongs to the block before', () => {
    assert.equal(blockEnd(map, 2), 3);
    assert.equal(blockEnd(map, 4), 3);
    assert.equal(blockEnd(map, 5), 7);
    assert.equal(blockEnd(map, 0), 0);
    assert.equal(blockEnd(map, 12), 13);
  });

  it('headingAt and sectionEnd', () => {
    assert.equal(headingAt(map, 8)?.text, 'A');
    assert.equal(headingAt(map, 12)?.text, 'B');
    assert.equal(sectionEnd(map, headingAt(map, 2)!), 9);
    assert.equal(sectionEnd(map, headingAt(map, 12)!), map.lines.length);
    assert.equal(headingAt(mapMarkdown('text\n# H'), 0), undefined);
  });
});
