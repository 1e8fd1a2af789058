#!/usr/bin/env node
// The spend ledger reading a large history: N generation records (each a realistic generation.json), counted the
// first time (no cache: every record read and parsed, time-sliced), then as the next window does (the cache plus
// the new records only). For each: wall time, and the largest gap between the ticks of a setInterval(1) timer
// (the event loop's worst wait; on a shared machine it also holds time the OS gave other processes).
//   npm run compile-tests && node bench/spend.bench.mjs [--records=5000]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const out = new URL('../out/', import.meta.url).pathname;
const { HistoryStore } = require(join(out, 'src/core/history.js'));
const { silentLogger } = require(join(out, 'src/core/log.js'));
const { SpendLedger } = require(join(out, 'src/services/spendLedger.js'));

const n = Number(process.argv.find((a) => a.startsWith('--records='))?.split('=')[1] ?? 5000);
const root = mkdtempSync(join(tmpdir(), 'pixelsmith-spend-bench-'));
const history = new HistoryStore(join(root, 'history'));
const p = (x, w = 2) => String(x).padStart(w, '0');
for (let i = 0; i < n; i++) {
  const d = new Date(Date.UTC(2026, i % 12, 1 + (i % 28), i % 24, i % 60, i % 60));
  const id = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${i.toString(16).padStart(6, '0')}`;
  mkdirSync(history.dir(id), { recursive: true });
  const images = Array.from({ length: 4 }, (_, k) => ({ index: k, file: `0${k + 1}.png`, format: 'png', width: 1024, height: 1024, sha256: 'ab'.repeat(32), bytes: 1_500_000, contentCredentials: true, receivedAt: d.toISOString() }));
  writeFileSync(join(history.dir(id), 'generation.json'), JSON.stringify({
    schemaVersion: 1, id, createdAt: d.toISOString(), finishedAt: d.toISOString(), status: 'complete', provider: ['openai', 'fal', 'azure'][i % 3], model: 'gpt-image-2',
    request: { prompt: 'A lighthouse on a cliff at dusk, flat vector illustration, '.repeat(4), model: 'gpt-image-2', provider: 'openai', n: 4, size: '1024x1024', quality: 'medium', background: 'auto', outputFormat: 'png' },
    context: { workspace: `/home/user/project-${i % 5}` }, estimate: { usd: 0.21, perImage: 0.053 }, costUsd: 0.2112,
    usage: { inputTokens: 30, outputTokens: 4160, totalTokens: 4190 }, images, partials: [], errors: [], requestIds: [`req_${i}`], timings: { firstImageMs: 9000, totalMs: 21000 }, saved: [],
  }, null, 2));
}

async function measure(label, run) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 1);
  const t0 = performance.now();
  const result = await run();
  const ms = performance.now() - t0;
  clearInterval(timer);
  console.log(`| ${label} | ${Math.round(ms)} ms | ${worst.toFixed(1)} ms | ${result} |`);
}

console.log(`spend ledger, ${n} records, load average ${loadavg()[0].toFixed(1)}`);
console.log('| run | wall | worst event-loop gap | this month |');
console.log('| --- | ---: | ---: | ---: |');
const cacheFile = join(root, 'spend.json');
const first = new SpendLedger({ history, cacheFile, log: silentLogger, persistDelayMs: 0 });
await measure('first count (no cache)', async () => { await first.ready(); return first.summary(new Date('2026-12-15')).thisMonth; });
await first.dispose();
const again = new SpendLedger({ history, cacheFile, log: silentLogger });
await measure('next window (cache)', async () => { await again.ready(); return again.summary(new Date('2026-12-15')).thisMonth; });
await again.dispose();
rmSync(root, { recursive: true, force: true });
