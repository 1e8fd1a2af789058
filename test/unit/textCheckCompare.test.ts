// Check Text's comparison (core only; the readers are not built yet): expected strings from a prompt, and
// matched / different / missing / unexpected from what a reader found.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareText, expectedFromPrompt, normalizeText, similarity } from '../../src/core/textCheck/compare';

describe('Check Text: expected strings', () => {
  it('takes the quoted parts of a prompt, in order, once each', () => {
    assert.deepEqual(expectedFromPrompt('A banner reading "Grand Opening" and “50% off” with «Bienvenue», 「ようこそ」, "Grand Opening" again; it\'s fine'),
      ['Grand Opening', '50% off', 'Bienvenue', 'ようこそ']);
    assert.deepEqual(expectedFromPrompt('no quotes, don\'t split on apostrophes'), []);
  });
});

describe('Check Text: comparison', () => {
  it('reports match, different (with what was read), missing and unexpected', () => {
    const r = compareText(['Grand Opening', '시작하기', 'مرحبا', 'Free shipping'], ['GRAND  OPENING', '시작하가', 'Logo Inc.', 'مرحبا']);
    assert.deepEqual(r.strings, [
      { expected: 'Grand Opening', found: 'GRAND  OPENING', verdict: 'match' },
      { expected: '시작하기', found: '시작하가', verdict: 'different' },
      { expected: 'مرحبا', found: 'مرحبا', verdict: 'match' },
      { expected: 'Free shipping', verdict: 'missing' },
    ]);
    assert.deepEqual(r.unexpected, ['Logo Inc.']);
  });

  it('an expected string read across wrapped lines still matches', () => {
    const r = compareText(['Welcome to the new dashboard'], ['Welcome to the', 'new dashboard', '©2026']);
    assert.equal(r.strings[0]!.verdict, 'match');
    assert.deepEqual(r.unexpected, ['©2026']);
  });

  it('an exact match is never taken by an earlier near miss', () => {
    const r = compareText(['Sign up', 'Sign in'], ['Sign in']);
    assert.deepEqual(r.strings.map((s) => s.verdict), ['missing', 'match']);
  });

  it('normalizes width, spacing, invisible marks and case; similarity is over code points', () => {
    assert.equal(normalizeText('ＡＢＣ\u200f  d'), 'abc d');
    assert.equal(similarity('日本語', '日本語'), 1);
    assert.equal(similarity('abcd', 'abcx'), 0.75);
  });
});
