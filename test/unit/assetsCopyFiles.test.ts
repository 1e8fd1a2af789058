// markdown.copyFiles.destination resolved as VS Code's Markdown extension does for pasted images.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillCopyDestination, globToRegExp, matchCopyDestination, resolveCopyDestination } from '../../src/core/copyFilesDestination';

const ctx = { documentPath: '/ws/docs/guide.md', workspaceFolder: '/ws', fileName: 'hero.png', now: new Date(Date.UTC(2026, 4, 1)) };

describe('globToRegExp', () => {
  it('reads **, *, ?, classes and braces', () => {
    assert.ok(globToRegExp('**/*.md').test('/ws/docs/a.md'));
    assert.ok(globToRegExp('**/*.md').test('a.md'));
    assert.ok(!globToRegExp('*.md').test('docs/a.md'));
    assert.ok(globToRegExp('/ws/docs/?.md').test('/ws/docs/a.md'));
    assert.ok(!globToRegExp('/ws/docs/?.md').test('/ws/docs/ab.md'));
    assert.ok(globToRegExp('**/*.{md,markdown}').test('/x/y.markdown'));
    assert.ok(globToRegExp('**/[abc].md').test('/x/b.md'));
    assert.ok(!globToRegExp('**/[!abc].md').test('/x/b.md'));
    assert.ok(globToRegExp('**/a+b (1).md').test('/x/a+b (1).md'), 'regex characters are literal');
  });
});

describe('matchCopyDestination', () => {
  it('takes the first matching entry; a leading / anchors at each workspace folder, else any depth', () => {
    const config = { '/docs/**': 'images/', '*.md': 'media/${documentBaseName}/', 'README.md': 'unused/' };
    assert.equal(matchCopyDestination(config, '/ws/docs/guide.md', ['/ws']), 'images/');
    assert.equal(matchCopyDestination(config, '/ws/notes/a.md', ['/ws']), 'media/${documentBaseName}/');
    assert.equal(matchCopyDestination({ '/docs/**': 'x/' }, '/other/docs/a.md', ['/ws']), undefined);
    assert.equal(matchCopyDestination({ 'x.md': 42 }, '/ws/x.md', ['/ws']), undefined, 'non-string destinations are ignored');
    assert.equal(matchCopyDestination({}, '/ws/x.md', ['/ws']), undefined);
  });
});

describe('fillCopyDestination / resolveCopyDestination', () => {
  it('fills the documented variables', () => {
    assert.equal(fillCopyDestination('${documentBaseName}/${fileName}', ctx), 'guide/hero.png');
    assert.equal(fillCopyDestination('${documentRelativeDirName}/${documentExtName}-${fileExtName}', ctx), 'docs/md-png');
    assert.equal(fillCopyDestination('${documentWorkspaceFolder}/x/${unixTime}', ctx), `/ws/x/${ctx.now.getTime()}`);
    assert.equal(fillCopyDestination('${documentRelativeFilePath}', ctx), 'docs/guide.md');
    assert.equal(fillCopyDestination('${unknown}/a', ctx), '${unknown}/a');
    assert.equal(fillCopyDestination('\\$cash/${fileName}', ctx), '$cash/hero.png');
  });

  it('a trailing / means the file name, a leading / the workspace folder, empty means next to the document', () => {
    assert.equal(fillCopyDestination('media/', ctx), 'media/hero.png');
    assert.equal(fillCopyDestination('/assets/', ctx), '/ws/assets/hero.png');
    assert.equal(resolveCopyDestination('', ctx), '/ws/docs/hero.png');
  });

  it('applies ${name/regex/replacement/}', () => {
    assert.equal(fillCopyDestination('${documentBaseName/(.*)/$1-img/}/${fileName}', ctx), 'guide-img/hero.png');
    assert.equal(fillCopyDestination('${documentBaseName/[/x/}', ctx), 'guide', 'a bad regex leaves the value');
  });

  it('resolves relative destinations against the document folder', () => {
    assert.equal(resolveCopyDestination('media/${documentBaseName}/', ctx), '/ws/docs/media/guide/hero.png');
    assert.equal(resolveCopyDestination('../shared/', ctx), '/ws/shared/hero.png');
    assert.equal(resolveCopyDestination('/assets/${documentBaseName} shots/', ctx), '/ws/assets/guide shots/hero.png');
    assert.equal(resolveCopyDestination('../../../etc/', ctx), '/etc/hero.png', 'escaping is caught by the caller');
  });
});
