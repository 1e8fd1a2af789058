// The files.exclude glob matcher: the patterns VS Code users write, anchored at the workspace folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher } from '../../src/core/gallery/glob';

function check(pattern: string, yes: string[], no: string[], ignoreCase = false): void {
  const m = globMatcher([pattern], { ignoreCase });
  for (const p of yes) assert.equal(m(p), true, `${pattern} should match ${p}`);
  for (const p of no) assert.equal(m(p), false, `${pattern} should not match ${p}`);
}

describe('globMatcher', () => {
  it('**/name matches that name at any depth, and nothing below it by itself', () => {
    check('**/node_modules', ['node_modules', 'a/node_modules', 'a/b/node_modules'], ['node_modules2', 'xnode_modules', 'a/node_modules/x.png', 'node_modules/x']);
    check('**/.git', ['.git', 'sub/.git'], ['.github', 'a.git', '.git/config']);
  });

  it('name/** matches the folder itself and everything below it', () => {
    check('**/node_modules/**', ['node_modules', 'node_modules/a.png', 'a/node_modules/b/c.png'], ['node_modulesx/a.png', 'a/b.png']);
    check('out/**', ['out', 'out/a/b.png'], ['outx', 'src/out/a.png']);
  });

  it('a pattern without ** is anchored at the folder', () => {
    check('*.log', ['x.log', '.log', 'a.b.log'], ['a/x.log', 'x.log.png', 'xlog']);
    check('build/*.png', ['build/a.png'], ['build/a/b.png', 'a/build/a.png', 'build/a.png.json']);
    check('**/*.log', ['x.log', 'a/b/x.log'], ['a/x.log/y', 'x.logs']);
  });

  it('* stays within a segment and matches dot files; ? is one character but /', () => {
    check('a*/b', ['a/b', 'abc/b', 'a.x/b'], ['a/c/b', 'b']);
    check('img?.png', ['img1.png', 'imgx.png'], ['img.png', 'img12.png', 'img/.png']);
  });

  it('{a,b} alternatives, including nested ones and ** inside', () => {
    check('**/{dist,out}', ['dist', 'x/out'], ['distx', 'x/outs', 'x/dist/a']);
    check('{**/node_modules,**/.git,tmp}', ['node_modules', 'a/.git', 'tmp'], ['a/tmp', 'git']);
    check('**/*.{png,jp{e,}g}', ['a.png', 'b/c.jpg', 'c.jpeg'], ['a.gif', 'a.jpgg']);
  });

  it('character classes: sets, ranges and negation; never a /', () => {
    check('v[0-9].png', ['v1.png', 'v9.png'], ['va.png', 'v10.png']);
    check('[abc]*', ['apple', 'cat'], ['dog', 'a/b']);
    check('x[!a-c]', ['xd', 'x-'], ['xa', 'xc', 'x/']);
    check('x[^a]', ['xb'], ['xa', 'x/']);
    check('[]]x', [']x'], ['x']);
    check('a[-]b', ['a-b'], ['axb']);
  });

  it('unbalanced brackets and braces, and invalid ranges, are taken literally', () => {
    check('a[b', ['a[b'], ['ab']);
    check('a{b,c', ['a{b,c'], ['ab', 'ac']);
    check('[z-a]', ['[z-a]'], ['z', 'a']);
    check('a[b/c]', ['a[b/c]'], ['ab']);
  });

  it('regular expression characters in names are literal', () => {
    check('a+b (1).png', ['a+b (1).png'], ['aab (1).png', 'a+b 1.png']);
    check('$x^|.png', ['$x^|.png'], ['x.png']);
    check('a.b', ['a.b'], ['axb']);
  });

  it('a trailing slash is ignored; empty patterns match nothing', () => {
    check('build/', ['build'], ['build/a']);
    assert.equal(globMatcher([])('anything'), false);
    assert.equal(globMatcher(['', '  '])(''), false);
  });

  it('any of several patterns; case-insensitive only when asked', () => {
    const m = globMatcher(['**/.git', '*.log', 'tmp/**']);
    assert.deepEqual(['a/.git', 'x.log', 'tmp/a.png', 'a/tmp/x.png'].map(m), [true, true, true, false]);
    check('**/Thumbs.db', ['a/Thumbs.db'], ['a/thumbs.db']);
    check('**/Thumbs.db', ['a/thumbs.db', 'THUMBS.DB'], [], true);
  });

  it('repeated ** collapse to one: the folder itself, anything below, and a name at any depth', () => {
    check('**/**/**/x', ['x', 'a/x', 'a/b/x'], ['xa', 'a/x/y']);
    check('out/**/**', ['out', 'out/a/b'], ['outx']);
  });

  it('finishes on hostile patterns (no backtracking: each would take seconds to hours as a regular expression)', () => {
    const deep = `${'a/'.repeat(500)}y`;
    check(`${'**/'.repeat(10)}x`, [`${'a/'.repeat(500)}x`], [deep]);
    check(`*${'a*'.repeat(12)}b`, [`${'a'.repeat(60)}b`], ['a'.repeat(60), 'a'.repeat(5000)]);
    check(`${'**/*a'.repeat(10)}/b`, [], [`${'a/'.repeat(300)}c`]);
    check(`${'{a,a,a}'.repeat(40)}b`, [`${'a'.repeat(40)}b`], ['a'.repeat(41)]);
    check(`**/${'*/'.repeat(50)}*z`, [], [`${'a/'.repeat(2000)}`]);
    const many = globMatcher(Array.from({ length: 200 }, (_, i) => `**/*${'x*'.repeat(8)}${i}`));
    assert.equal(many('x'.repeat(3000)), false);
  });

  it('a pattern of slashes only, or a long run of them, is trimmed without a quadratic regex', () => {
    assert.equal(globMatcher([`a${'/'.repeat(100_000)}b`])('a/b'), false);
    check(`a${'/'.repeat(10)}`, ['a'], ['a/b']);
  });
});
