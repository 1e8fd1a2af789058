// Cost: the estimate before a generation, the actual cost from usage, formatting, and the ledger.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actualCost, addToLedger, emptyLedger, estimateCost, formatUsd, ledgerBreakdown, ledgerTotal, monthOf, perImagePrice } from '../../src/core/cost';
import { MODEL_PRICES } from '../../src/core/prices';
import type { ImageRequest } from '../../src/core/types';

function req(over: Partial<ImageRequest> = {}): ImageRequest {
  return { prompt: 'a fox', model: 'gpt-image-2', provider: 'openai', n: 1, size: '1024x1024', quality: 'medium', background: 'auto', outputFormat: 'png', ...over };
}

const close = (a: number | null, b: number, eps = 1e-4) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('estimateCost', () => {
  it('uses the per-image price by quality and size, times the images', () => {
    const e = estimateCost(req({ n: 2 }));
    assert.equal(e.perImage, 0.053);
    close(e.usd, 0.106);
    assert.equal(e.source, 'https://platform.openai.com/docs/pricing');
    assert.match(e.asOf ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(e.note, undefined);
    assert.equal(estimateCost(req({ model: 'gpt-image-1.5', quality: 'high', size: '1536x1024' })).perImage, 0.2);
    assert.equal(estimateCost(req({ model: 'gpt-image-1.5', quality: 'low' })).perImage, 0.009);
  });

  it('estimates quality auto as medium and size auto as square, and says so', () => {
    const e = estimateCost(req({ quality: 'auto', size: 'auto' }));
    assert.equal(e.perImage, 0.053);
    assert.match(e.note ?? '', /quality auto estimated as medium; size auto estimated as 1024x1024/);
  });

  it('scales custom sizes from the nearest standard size by √pixels', () => {
    close(perImagePrice(MODEL_PRICES['gpt-image-2']!, 'high', '2048x2048') ?? NaN, 0.422);
    const uhd = perImagePrice(MODEL_PRICES['gpt-image-2']!, 'high', '3840x2160') ?? NaN;
    assert.ok(uhd > 0.35 && uhd < 0.45, String(uhd));
    assert.ok((perImagePrice(MODEL_PRICES['gpt-image-2']!, 'low', '1024x640') ?? NaN) < 0.006);
  });

  it('counts frames for sequences and the prompt once per call', () => {
    const seq = estimateCost(req({ frames: 16, n: 8 }));
    close(seq.usd, 16 * 0.053, 1e-3);
    const long = estimateCost(req({ prompt: 'x'.repeat(40_000) }));
    close(long.usd, 0.053 + (10_000 * 5) / 1e6);
  });

  it('says when the price is unknown instead of failing, and is free offline', () => {
    const e = estimateCost(req({ model: 'brand-new-model' }));
    assert.equal(e.usd, null);
    assert.equal(e.perImage, null);
    assert.match(e.note ?? '', /No known price/);
    assert.equal(estimateCost(req({ provider: 'offline', n: 8 })).usd, 0);
  });

  it('leaves the estimate unknown where OpenAI publishes token rates only, and still prices the usage', () => {
    const e = estimateCost(req({ model: 'gpt-image-2.5-sunburst', quality: 'xhigh' }));
    assert.equal(e.usd, null);
    assert.match(e.note ?? '', /No published price per image for model "gpt-image-2.5-sunburst"; the actual cost is read from the usage/);
    assert.match(e.source ?? '', /developers\.openai\.com\/api\/docs\/models\/gpt-image-2\.5-sunburst/);
    close(actualCost('gpt-image-2.5-flare', { inputTextTokens: 100, inputImageTokens: 0, outputTokens: 1000 }), (100 * 5 + 1000 * 30) / 1e6, 1e-9);
  });

  it('notes that reference image input is not included', () => {
    const e = estimateCost(req({ references: [{ name: 'a.png', mimeType: 'image/png', bytes: new Uint8Array(1) }] }));
    assert.match(e.note ?? '', /reference image input \(1\) not included/);
  });
});

describe('actualCost', () => {
  it('prices text input, image input and image output tokens', () => {
    close(actualCost('gpt-image-1.5', { inputTextTokens: 100, inputImageTokens: 0, outputTokens: 4160 }), (100 * 5 + 4160 * 32) / 1e6, 1e-9);
    close(actualCost('gpt-image-1-mini', { inputTextTokens: 1000, inputImageTokens: 1000, outputTokens: 1000 }), (2000 + 2500 + 8000) / 1e6, 1e-9);
  });

  it('splits input from the total when no breakdown is given, and text output where reported', () => {
    close(actualCost('gpt-image-2', { inputTokens: 50, outputTokens: 7024 }), (50 * 5 + 7024 * 30) / 1e6, 1e-9);
    close(actualCost('gpt-image-2', { inputTokens: 10, outputTokens: 1100, outputImageTokens: 1000, outputTextTokens: 100 }), (50 + 30_000 + 1000) / 1e6, 1e-9);
  });

  it('is null without output tokens or a price, and 0 offline', () => {
    assert.equal(actualCost('gpt-image-2', { inputTokens: 5 }), null);
    assert.equal(actualCost('mystery', { outputTokens: 5 }), null);
    assert.equal(actualCost('gpt-image-2', { outputTokens: 5000 }, 'offline'), 0);
  });
});

describe('formatUsd', () => {
  it('shows cents, sub-cent amounts and thousands', () => {
    const cases: [number | null, string][] = [
      [0, '$0.00'], [0.053, '$0.053'], [0.05, '$0.05'], [0.2, '$0.20'], [0.0055, '$0.0055'], [0.99999, '$1.00'],
      [1.5, '$1.50'], [1234.5, '$1,234.50'], [null, 'unknown'], [Number.NaN, 'unknown'],
    ];
    for (const [n, text] of cases) assert.equal(formatUsd(n), text, String(n));
  });
});

describe('CostLedger', () => {
  it('adds per workspace, month and provider without changing the input', () => {
    const l0 = emptyLedger();
    const l1 = addToLedger(l0, { workspace: 'ws-a', month: '2026-05', provider: 'openai', usd: 0.1 });
    const l2 = addToLedger(l1, { workspace: 'ws-a', month: '2026-05', provider: 'openai', usd: 0.2 });
    const l3 = addToLedger(l2, { workspace: 'ws-b', month: '2026-06', provider: 'fal', usd: 1 });
    const l4 = addToLedger(l3, { workspace: 'ws-a', month: '2026-06', provider: 'azure', usd: 0.05 });
    assert.deepEqual(l0.totals, {});
    assert.equal(ledgerTotal(l1), 0.1);
    assert.equal(ledgerTotal(l2), 0.3, '0.1 + 0.2 rounded, not 0.30000000000000004');
    assert.equal(ledgerTotal(l4, { workspace: 'ws-a', month: '2026-05' }), 0.3);
    assert.equal(ledgerTotal(l4, { month: '2026-06' }), 1.05);
    assert.equal(ledgerTotal(l4, { provider: 'fal' }), 1);
    assert.equal(ledgerTotal(l4, { workspace: 'ws-a', provider: 'azure' }), 0.05);
    assert.equal(ledgerTotal(l4), 1.35);
    assert.equal(ledgerTotal(l3), 1.3, 'l3 unchanged by the later add');
  });

  it('breaks the totals down by month, workspace and provider, each summing to the whole', () => {
    let l = emptyLedger();
    l = addToLedger(l, { workspace: '/w/a', month: '2026-05', provider: 'openai', usd: 0.25 });
    l = addToLedger(l, { workspace: '/w/b', month: '2026-05', provider: 'fal', usd: 0.5 });
    l = addToLedger(l, { workspace: '/w/a', month: '2026-06', provider: 'fal', usd: 1 });
    l = addToLedger(l, { workspace: '/w/a', month: '2026-06', provider: 'offline', usd: 0 });
    const b = ledgerBreakdown(l);
    assert.deepEqual(b.byMonth, { '2026-05': 0.75, '2026-06': 1 });
    assert.deepEqual(b.byWorkspace, { '/w/a': 1.25, '/w/b': 0.5 });
    assert.deepEqual(b.byProvider, { openai: 0.25, fal: 1.5, offline: 0 });
    assert.deepEqual(ledgerBreakdown(emptyLedger()), { byMonth: {}, byWorkspace: {}, byProvider: {} });
  });

  it('rejects bad months and amounts, and survives odd workspace keys', () => {
    const entry = { workspace: 'w', provider: 'openai' };
    assert.throws(() => addToLedger(emptyLedger(), { ...entry, month: '2026-13', usd: 1 }), RangeError);
    assert.throws(() => addToLedger(emptyLedger(), { ...entry, month: '2026-01', usd: -1 }), RangeError);
    assert.throws(() => addToLedger(emptyLedger(), { ...entry, month: '2026-01', usd: Number.POSITIVE_INFINITY }), RangeError);
    const l = addToLedger(emptyLedger(), { workspace: '__proto__', month: '2026-01', provider: 'constructor', usd: 2 });
    assert.equal(ledgerTotal(l, { workspace: '__proto__' }), 2);
    assert.equal(ledgerBreakdown(l).byWorkspace['__proto__'], 2);
    assert.equal(ledgerBreakdown(l).byProvider['constructor'], 2);
    assert.equal(({} as Record<string, unknown>)['2026-01'], undefined);
  });

  it('names months in UTC', () => {
    assert.equal(monthOf(new Date(Date.UTC(2026, 0, 31, 23, 30))), '2026-01');
  });
});
