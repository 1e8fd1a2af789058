// TimeSlicer: long loops give the event loop a turn once their slice is spent, and only then. A test clock decides
// when a slice is spent (no test looks at real time); "a turn" is seen as a setImmediate queued before having run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeSlicer } from '../../src/core/timeSlice';

/** A slicer with a clock the test moves. */
function manual(budgetMs = 10) {
  const clock = { t: 0 };
  return { clock, slicer: new TimeSlicer(budgetMs, () => clock.t) };
}

/** True once the event loop has had a turn (a setImmediate queued now has run). */
function turnWatcher() {
  const seen = { turned: false };
  setImmediate(() => { seen.turned = true; });
  return seen;
}

describe('TimeSlicer', () => {
  it('goes on without a turn of the event loop while the slice lasts', async () => {
    const { clock, slicer } = manual();
    const seen = turnWatcher();
    for (let i = 0; i < 100; i++) {
      await slicer.maybeYield();
      clock.t += 0.1;
    }
    assert.equal(seen.turned, false);
    assert.equal(slicer.yields, 0);
    assert.equal(slicer.due, false);
  });

  it('gives the event loop a turn once the slice is spent, then starts a new slice', async () => {
    const { clock, slicer } = manual();
    clock.t = 10.5;
    assert.equal(slicer.due, true);
    const seen = turnWatcher();
    await slicer.maybeYield();
    assert.equal(seen.turned, true, 'a setImmediate queued before ran first');
    assert.equal(slicer.yields, 1);
    assert.equal(slicer.due, false, 'the new slice starts at the turn');
    clock.t += 5;
    await slicer.maybeYield();
    assert.equal(slicer.yields, 1);
  });

  it('callers that wait at once share one turn', async () => {
    const { clock, slicer } = manual();
    clock.t = 20;
    await Promise.all(Array.from({ length: 32 }, () => slicer.maybeYield()));
    assert.equal(slicer.yields, 1);
  });

  it('a loop yields about once per slice of work', async () => {
    const { clock, slicer } = manual(8);
    for (let i = 0; i < 1000; i++) {
      clock.t += 1; // one item's work
      await slicer.maybeYield();
    }
    // 1000 ms of work in slices of just over 8 ms.
    assert.ok(slicer.yields >= 100 && slicer.yields <= 125, `${slicer.yields} turns`);
  });

  it('yieldNow always gives a turn', async () => {
    const { slicer } = manual();
    const seen = turnWatcher();
    await slicer.yieldNow();
    assert.equal(seen.turned, true);
    assert.equal(slicer.yields, 1);
  });
});
