// Bounds on regular expressions from workspace settings: refused shapes, and the time budget.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedReplace, refuseUserRegex, USER_REGEX_LIMITS } from '../../src/core/userRegex';

describe('refuseUserRegex', () => {
  it('lets ordinary patterns run', () => {
    for (const ok of ['(.*)', '^docs/?', '(\\w+)\\.(png|jpg)?$', '[a-z]+-(\\d{2,4})', '(?<name>\\w+)_x', 'a{3}', '(ab)+', '(?:x|y)z', '[(+*)]+', '\\(a+\\)+'])
      assert.equal(refuseUserRegex(ok, 100), undefined, ok);
  });

  it('refuses nested quantifiers, repeated alternatives, backreferences and overlong patterns', () => {
    for (const bad of ['(a+)+$', '(a*)*', '(?:a+){2,}', '((ab)*c)+', '(a?){30}', '(\\w+\\s?)*$'])
      assert.match(refuseUserRegex(bad, 60) ?? '', /nested quantifiers/, bad);
    for (const bad of ['(a|aa)*c', '(a|a)*$', '(?:x|y)+', '((a|b)c)*'])
      assert.match(refuseUserRegex(bad, 60) ?? '', /alternatives/, bad);
    assert.match(refuseUserRegex('(a)\\1', 60) ?? '', /backreferences/);
    assert.match(refuseUserRegex('(?<x>a)\\k<x>', 60) ?? '', /backreferences/);
    assert.match(refuseUserRegex('a'.repeat(USER_REGEX_LIMITS.maxLength + 1), 60) ?? '', /longer than/);
    assert.match(refuseUserRegex('(', 60) ?? '', /not a valid regular expression/);
  });
});

describe('boundedReplace', () => {
  it('replaces as String.prototype.replace does', () => {
    assert.deepEqual(boundedReplace('guide', '(.*)', '$1-img'), { ok: true, value: 'guide-img' });
    assert.deepEqual(boundedReplace('a.b.c', '\\.', '/'), { ok: true, value: 'a/b.c' });
  });

  it('refuses polynomial patterns whose worst case on this value is too long, and not on a short one', () => {
    assert.match(refuseUserRegex(`${'a*'.repeat(8)}b`, 3000) ?? '', /8 unbounded quantifier\(s\) could take about 10\^31 steps on a value of 3000 characters/);
    assert.match(refuseUserRegex('a{0,900}a{0,900}a{0,900}b', 3000) ?? '', /steps/, 'wide bounded quantifiers count too');
    assert.equal(refuseUserRegex('(.*)-(.*)', 200), undefined);
    assert.match(refuseUserRegex('(.*)-(.*)', 4000) ?? '', /steps/);
  });

  it('stops a run at the time budget (here with the step bound lifted)', () => {
    const limits = { ...USER_REGEX_LIMITS, maxSteps: Infinity, budgetMs: 5 };
    assert.deepEqual(boundedReplace('a'.repeat(5000), `${'a*'.repeat(8)}b`, 'x', limits), { ok: false, reason: 'it ran longer than 5 ms' });
  });

  it('refuses the exponential shapes before running them', () => {
    assert.equal(boundedReplace(`${'a'.repeat(60)}!`, '(a+)+$', 'x').ok, false);
    assert.equal(boundedReplace('a'.repeat(60), '(a|aa)*c', 'x').ok, false);
  });
});
