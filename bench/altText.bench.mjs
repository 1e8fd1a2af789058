// Alt text from hostile prompts: a 64k-character sidecar prompt must cost what a short one does (cut first, then build).
// Run: npm run compile-tests && node bench/altText.bench.mjs [runs=20]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { altFromPrompt } = require('../out/src/core/markdown.js');
const runs = Number(process.argv[2] ?? 20);

const PROMPTS = {
  'short prompt': 'A lighthouse at dusk. Warm light, film grain.',
  '64k "![x" repeated': `A fox ${'![x'.repeat(21_000)}`,
  '64k "[" repeated': `A fox ${'['.repeat(64_000)}`,
  '64k words': 'word '.repeat(13_000),
  '64k emoji families': '👩‍👩‍👧'.repeat(8_000),
};

console.log(`alt text bench: median of ${runs} runs per prompt (Node ${process.version})`);
for (const [name, prompt] of Object.entries(PROMPTS)) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    altFromPrompt(prompt);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(22)} ${String(prompt.length).padStart(6)} chars: median ${samples[Math.floor(runs / 2)].toFixed(3)} ms, max ${samples[runs - 1].toFixed(3)} ms`);
}
