// markdown.copyFiles.destination resolved as VS Code's Markdown extension does for pasted images.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { copyGlobMatcher, fillCopyDestination, matchCopyDestination, resolveCopyDestination } from '../../src/core/copyFilesDestination';

const ctx = { documentPath: '/ws/docs/guide.md', workspaceFolder: '/ws', fileName: 'hero.png', now: new Date(Date.UTC(2026, 4, 1)) };

/** A memory log of warnings. */
function warnings(): { warn(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (m) => lines.push(m) };
}

describe('copyGlobMatcher', () => {
  it('reads **, *, ?, classes and braces', () => {
    assert.ok(copyGlobMatcher('**/*.md')('/ws/docs/a.md'));
    assert.ok(copyGlobMatcher('**/*.md')('a.md'));
    assert.ok(!copyGlobMatcher('*.md')('docs/a.md'));
    assert.ok(copyGlobMatcher('/ws/docs/?.md')('/ws/docs/a.md'));
    assert.ok(!copyGlobMatcher('/ws/docs/?.md')('/ws/docs/ab.md'));
    assert.ok(copyGlobMatcher('**/*.{md,markdown}')('/x/y.markdown'));
    assert.ok(copyGlobMatcher('**/[abc].md')('/x/b.md'));
    assert.ok(!copyGlobMatcher('**/[^abc].md')('/x/b.md'));
    assert.ok(copyGlobMatcher('**/a+b$.md')('/x/a+b$.md'), 'regex characters are literal');
  });

  it('reads what picomatch 2 reads differently from a shell: [!a] holds a !, (a|b) is a group', () => {
    assert.ok(copyGlobMatcher('**/[!abc].md')('/x/b.md'));
    assert.ok(copyGlobMatcher('**/[!abc].md')('/x/!.md'));
    assert.ok(!copyGlobMatcher('**/[!abc].md')('/x/d.md'));
    assert.ok(copyGlobMatcher('**/a+b (1).md')('/x/a+b 1.md'));
    assert.ok(!copyGlobMatcher('**/a+b (1).md')('/x/a+b (1).md'));
    assert.ok(copyGlobMatcher('**/(docs|notes)/*.md')('/ws/notes/a.md'));
  });

  it('reads a ] first in a class as a member, and a/** as the folder itself too (both wrong before)', () => {
    assert.ok(copyGlobMatcher('**/a[]]b.md')('/ws/a]b.md'));
    assert.ok(copyGlobMatcher('**/docs/**')('/ws/docs'));
    assert.ok(copyGlobMatcher('**/docs/**')('/ws/docs/a/b.md'));
  });

  // The globs settings hold, after the `**/` or folder prefix matchCopyDestination adds.
  const GLOBS = [
    '**/*.md', '**/docs/**', '/ws/docs/**', '/ws/**', '/ws/*.md', '**/README.md', '**/*.{md,markdown}', '**/{docs,notes}/**',
    '**/a{b,c{d,e}}.md', '**/{a,}b.md', '**/[abc].md', '**/[!abc].md', '**/[^abc].md', '**/a[]]b.md', '**/x[a-c]y.md',
    '**/x[!a-c]y.md', '**/x[\\]]y.md', '**/a?.md', '**/docs/*.md', '**/docs/**/*.md', '**/docs/**/**/x.md', '**/a+b (1).md',
    '**/a\\*b.md', '**/(docs|notes)/*.md', '**/a(b)c.md', '**/*', '**', '**/.github/**', '**/a**b.md', '!**/*.md', '**/*.MD', '**/caf?/*.md', '**/docs/', '**/[z-a].md',
  ];
  const PATHS = [
    '/ws/docs/guide.md', '/ws/docs', '/ws/docs/a/b/x.md', '/ws/docs/sub/x.md', '/ws/README.md', '/ws/notes/a.markdown', '/ws/notes',
    '/x/b.md', '/x/d.md', '/x/a]b.md', '/x/ab.md', '/x/acd.md', '/x/b.md', '/x/a+b (1).md', '/x/a*b.md', '/x/axb.md', '/ws/.github/x.md',
    '/ws/.hidden.md', '/ws/a.md', 'a.md', '/ws/xby.md', '/ws/xdy.md', '/ws/x]y.md', '/ws/aXYZb.md', '/ws/A.MD', '/ws/café/x.md',
    '/ws/a.txt', '/ws/docs/', '/c:/Users/me/docs/x.md', '/ws/z.md', '/x/!.md', '/x/a+b 1.md', '/ws/abc.md', '/ws/notes/x.md',
  ];

  it('answers as picomatch with { dot: true } on ordinary globs and paths', () => {
    const differ: string[] = [];
    for (const glob of GLOBS) {
      const ours = copyGlobMatcher(glob);
      for (const p of PATHS) {
        const theirs = picomatch.isMatch(p, glob, { dot: true });
        if (ours(p) !== theirs) differ.push(`${glob} on ${p}: picomatch ${String(theirs)}`);
      }
    }
    assert.deepEqual(differ, []);
  });

  it('finishes on hostile globs that make picomatch (and the old regexes) backtrack', () => {
    const long = `/${'a'.repeat(60)}`;
    assert.equal(copyGlobMatcher(`**/*${'a*'.repeat(12)}b`)(long), false);
    assert.equal(copyGlobMatcher(`**/${'**/'.repeat(10)}x`)(`/${'a/'.repeat(200)}y`), false);
    assert.equal(copyGlobMatcher(`**/${'**/'.repeat(10)}x`)(`/${'a/'.repeat(200)}x`), true);
    assert.equal(copyGlobMatcher(`${'{a,a}'.repeat(30)}b`)('a'.repeat(30)), false, 'alternatives that read alike');
    assert.equal(copyGlobMatcher(`/${'*/'.repeat(40)}*z`)(`/${'a/'.repeat(60)}`), false);
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

  it('does not throw on a glob the old translation could not compile', () => {
    assert.equal(matchCopyDestination({ 'a[]]b.md': 'x/' }, '/ws/a]b.md', ['/ws']), 'x/');
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

  it('applies ${name/regex/replacement/}, with \\/ for a slash', () => {
    assert.equal(fillCopyDestination('${documentBaseName/(.*)/$1-img/}/${fileName}', ctx), 'guide-img/hero.png');
    assert.equal(fillCopyDestination('${documentRelativeDirName/^docs$/d\\/x/}/${fileName}', ctx), 'd/x/hero.png');
    assert.equal(fillCopyDestination('${fileName/(\\w+)\\.(png|jpg)?$/$2-$1/}', ctx), 'png-hero');
  });

  it('a bad or refused regex leaves the value, as VS Code does with a bad one, and says why', () => {
    const log = warnings();
    const at = { ...ctx, log };
    assert.equal(fillCopyDestination('${documentBaseName/[/x/}', at), 'guide');
    assert.equal(fillCopyDestination('${documentBaseName/(a+)+$/x/}', at), 'guide');
    assert.equal(fillCopyDestination('${documentBaseName/(a|aa)*c/x/}', at), 'guide');
    assert.equal(log.lines.length, 3);
    assert.match(log.lines[0]!, /\$\{documentBaseName\/\[\/x\/\} left \$\{documentBaseName\} unchanged: it is not a valid regular expression/);
    assert.match(log.lines[1]!, /nested quantifiers/);
    assert.match(log.lines[2]!, /alternatives/);
  });

  it('finishes on hostile regexes, whatever the value', () => {
    const doc = { ...ctx, documentPath: `/ws/${'a'.repeat(60)}.md`, log: warnings() };
    assert.equal(fillCopyDestination('${documentBaseName/(a+)+$/x/}', doc), 'a'.repeat(60));
    assert.equal(fillCopyDestination('${documentBaseName/(a|aa)*c/x/}', doc), 'a'.repeat(60));
    assert.equal(fillCopyDestination('${documentBaseName/(a|a)*$/x/}', doc), 'a'.repeat(60));
    // No nested quantifier, but polynomial: refused for a value this long.
    const longDoc = { ...doc, documentPath: `/ws/${'a'.repeat(3000)}.md` };
    assert.equal(fillCopyDestination(`\${documentBaseName/${'a*'.repeat(8)}b/x/}`, longDoc), 'a'.repeat(3000));
    assert.match(doc.log.lines.at(-1)!, /steps on a value of 3000 characters/);
  });

  it('reads a hostile destination in linear time', () => {
    assert.equal(fillCopyDestination(`\${a/${'\\/'.repeat(20_000)}x`, ctx), `\${a/${'\\/'.repeat(20_000)}x`);
  });

  it('resolves relative destinations against the document folder', () => {
    assert.equal(resolveCopyDestination('media/${documentBaseName}/', ctx), '/ws/docs/media/guide/hero.png');
    assert.equal(resolveCopyDestination('../shared/', ctx), '/ws/shared/hero.png');
    assert.equal(resolveCopyDestination('/assets/${documentBaseName} shots/', ctx), '/ws/assets/guide shots/hero.png');
    assert.equal(resolveCopyDestination('../../../etc/', ctx), '/etc/hero.png', 'escaping is caught by the caller');
  });
});
