// The engine's own cost against the fake provider, beside a bare `openai` SDK call for the same request in
// the same run: n=8 at 1024x1024 and n=4 at 3840x2160, streaming (2 partials per image) and not.
//   Time: the fake runs in this process; engine and bare SDK alternate, median of N iterations each.
//   Memory: each case runs once in a fresh child process (node --expose-gc) against this process's fake,
//   so the fake's own buffers are not counted: peak RSS and peak heap+external above a warmed-up baseline,
//   compared with the bytes of the final images received. Peak RSS is the kernel's high-water mark (VmHWM,
//   reset through /proc/self/clear_refs after the warm-up) on Linux, else 1 ms sampling. Not getrusage's
//   maxRSS: on Linux it survives exec, so a child reports the RSS of the (big) parent it was forked from.
// Run: npm run compile-tests && node bench/engine.bench.mjs [--iterations 5] [--latency 0] [--only <case-name-substring>]
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import OpenAI from 'openai';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (p) => pathToFileURL(path.join(here, '..', 'out', p)).href;
const { startFakeProvider } = await import(out('test/fake-provider/server.js'));
const { engineRig, imageRequest, providerFor, TEST_KEYS } = await import(out('test/fake-provider/engine-rig.js'));

const CONCURRENCY = 4; // the default of pixelsmith.maxConcurrentRequests; the bare SDK gets the same
const CASES = [
  { name: 'n=8 1024x1024', n: 8, size: '1024x1024', partialImages: 0 },
  { name: 'n=8 1024x1024 stream', n: 8, size: '1024x1024', partialImages: 2 },
  { name: 'n=4 3840x2160', n: 4, size: '3840x2160', partialImages: 0 },
  { name: 'n=4 3840x2160 stream', n: 4, size: '3840x2160', partialImages: 2 },
];
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const request = (c) => imageRequest('openai', { n: c.n, size: c.size, quality: 'high', partialImages: c.partialImages, prompt: `bench ${c.name}` });

/** The bare SDK doing the same network work: one call, or (streaming) one call per image, CONCURRENCY at a time; bytes decoded. */
async function bareSdk(client, c) {
  const body = { model: 'gpt-image-2', prompt: `bench ${c.name}`, size: c.size, quality: 'high', output_format: 'png' };
  if (c.partialImages === 0) {
    const res = await client.images.generate({ ...body, n: c.n });
    return res.data.map((d) => Buffer.from(d.b64_json, 'base64'));
  }
  const images = [];
  let next = 0;
  const worker = async () => {
    while (next < c.n) {
      next++;
      const stream = await client.images.generate({ ...body, n: 1, stream: true, partial_images: c.partialImages });
      for await (const ev of stream) {
        const bytes = Buffer.from(ev.b64_json, 'base64');
        if (ev.type === 'image_generation.completed') images.push(bytes);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, c.n) }, worker));
  return images;
}

async function engineRun(rig, c) {
  const rec = await rig.engine.generate(request(c));
  if (rec.status !== 'complete') throw new Error(`engine: ${rec.status}: ${JSON.stringify(rec.errors)}`);
  return rec;
}

/** The kernel's peak RSS of this process from now on (Linux), or undefined where it cannot be reset and read. */
function highWaterMark() {
  const read = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
    return Number.isFinite(read()) ? { peak: read } : undefined;
  } catch {
    return undefined;
  }
}

// ---- child: one case, one mode, memory only ----
if (process.argv[2] === '--child') {
  const [, , , caseIndex, mode, url] = process.argv;
  const c = CASES[Number(caseIndex)];
  const target = { openaiBaseUrl: `${url}/v1`, azureEndpoint: url, falBaseUrl: url };
  const client = new OpenAI({ apiKey: TEST_KEYS.openai, baseURL: `${url}/v1`, maxRetries: 0 });
  const rig = await engineRig(await providerFor(target, 'openai'), { maxConcurrency: CONCURRENCY });
  const warm = { ...c, n: 1, size: '1024x1024' }; // loads the SDK, the encoders' tables, the history code
  if (mode === 'engine') await engineRun(rig, warm); else await bareSdk(client, warm);
  global.gc();
  await new Promise((r) => setTimeout(r, 50));
  global.gc();
  const hwm = highWaterMark();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed + base.external;
  const sample = () => { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed + m.external); };
  const timer = setInterval(sample, 1);
  let bytes = 0;
  if (mode === 'engine') bytes = (await engineRun(rig, c)).images.reduce((s, i) => s + i.bytes, 0);
  else bytes = (await bareSdk(client, c)).reduce((s, b) => s + b.length, 0);
  sample();
  clearInterval(timer);
  if (hwm) peakRss = Math.max(peakRss, hwm.peak());
  await rig.dispose();
  process.stdout.write(JSON.stringify({ rss: peakRss - base.rss, heap: peakHeap - base.heapUsed - base.external, bytes }));
  process.exit(0);
}

// ---- parent: timings in process, memory in children ----
const iterations = arg('--iterations', 5);
const fake = await startFakeProvider({ texture: 'grain', latencyMs: arg('--latency', 0) });
const client = new OpenAI({ apiKey: TEST_KEYS.openai, baseURL: fake.openaiBaseUrl, maxRetries: 0 });
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const mb = (b) => (b / 1048576).toFixed(1);

function child(caseIndex, mode) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', String(caseIndex), mode, fake.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`child ${mode} ${caseIndex} exited ${code}`))));
  });
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const rows = [];
for (const [i, c] of CASES.entries()) {
  if (only !== undefined && !c.name.includes(only)) continue;
  const rig = await engineRig(await providerFor(fake, 'openai'), { maxConcurrency: CONCURRENCY });
  process.stderr.write(`${c.name}: warming up (the fake encodes its images once)…\n`);
  const failed = { engine: 0, sdk: 0 };
  // A busy machine can reset a connection (seen: ECONNRESET in the bare SDK's streamed case): a failed run is
  // counted and reported, never a crash of the whole benchmark.
  const survive = async (mode, fn) => {
    try { return await fn(); } catch (e) { failed[mode]++; process.stderr.write(`${c.name}: ${mode} run failed (${e.code ?? e.message}); not timed\n`); return undefined; }
  };
  await survive('engine', () => engineRun(rig, c));
  await survive('sdk', () => bareSdk(client, c));
  const t = { engine: [], sdk: [] };
  let bytes = 0;
  for (let k = 0; k < iterations; k++) {
    for (const mode of k % 2 ? ['sdk', 'engine'] : ['engine', 'sdk']) {
      fake.reset();
      const t0 = performance.now();
      const done = await survive(mode, () => (mode === 'engine' ? engineRun(rig, c) : bareSdk(client, c)));
      if (done === undefined) continue;
      if (mode === 'engine') bytes = done.images.reduce((s, img) => s + img.bytes, 0);
      t[mode].push(performance.now() - t0);
    }
    for (const id of await rig.history.ids()) await fs.rm(rig.history.dir(id), { recursive: true, force: true });
  }
  await rig.dispose();
  const mem = { engine: await child(i, 'engine').catch(() => undefined), sdk: await child(i, 'sdk').catch(() => undefined) };
  const [e, s] = [median(t.engine), median(t.sdk)];
  rows.push({ c, e, s, bytes, mem, failed });
  process.stderr.write(`${c.name}: engine ${e.toFixed(0)} ms, sdk ${s.toFixed(0)} ms\n`);
}
await fake.close();

console.log(`\nEngine vs bare openai SDK against the fake provider (Node ${process.version}, ${iterations} iterations, median; fake latency ${arg('--latency', 0)} ms; PNG, quality high, ${CONCURRENCY} calls in flight)\n`);
console.log('| case | images received | bare SDK | engine | overhead | overhead % | peak RSS Δ engine (× images) | peak RSS Δ bare SDK (× images) | peak heap+external Δ engine (× images) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const { c, e, s, bytes, mem, failed } of rows) {
  const x = (v, m) => (m ? `${mb(v)} MB (${(v / m.bytes).toFixed(2)}×)` : 'child failed');
  const f = failed.engine + failed.sdk ? ` (failed runs: engine ${failed.engine}, SDK ${failed.sdk})` : '';
  console.log(`| ${c.name}${f} | ${mb(bytes)} MB | ${s.toFixed(0)} ms | ${e.toFixed(0)} ms | ${(e - s).toFixed(0)} ms | ${((100 * (e - s)) / s).toFixed(1)}% | ${x(mem.engine?.rss, mem.engine)} | ${x(mem.sdk?.rss, mem.sdk)} | ${x(mem.engine?.heap, mem.engine)} |`);
}
console.log('\nOverhead = engine median − bare SDK median: validation, image checks, sha256, writing every image and the record to the history.');
