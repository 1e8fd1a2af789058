// The incremental b64_json reader: same result as JSON.parse + Buffer.from(…, 'base64') whatever the chunking.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Base64JsonScanner, TruncatedJsonError } from '../../src/core/providers/b64json';
import { blobOf, readJsonBody } from '../../src/core/providers/openai/body';
import { readSse } from '../../src/core/providers/sse';

function scan(text: string | Buffer, size: number): { value: unknown; blobs: readonly Buffer[] } {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const s = new Base64JsonScanner();
  // Plain Uint8Array copies, as fetch delivers them.
  for (let i = 0; i < bytes.length; i += size) s.write(new Uint8Array(bytes.subarray(i, i + size)));
  const r = s.end();
  return { value: JSON.parse(r.text), blobs: r.blobs };
}

/** `b64_json` fields replaced by the hex of their bytes: from the scanner's output, or from JSON.parse. */
function resolved(v: unknown, blobs: readonly Buffer[] | null, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => resolved(x, blobs));
  if (key === 'b64_json') return (blobs ? blobOf(v, blobs) : Buffer.from(v as string, 'base64'))?.toString('hex');
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolved(x, blobs, k)]));
  return v;
}

function assertSameAsJsonParse(text: string, sizes: number[]): void {
  const expected = resolved(JSON.parse(text), null);
  for (const size of sizes) {
    const { value, blobs } = scan(text, size);
    assert.deepEqual(resolved(value, blobs), expected, `chunk size ${size}`);
  }
}

const answer = (b64s: string[], extra = '') =>
  `{"created": 1, "data": [${b64s.map((b) => `{"revised_prompt": "a \\"b64_json\\": \\\\ é \\u00e9 \\n", "b64_json" : "${b}"}`).join(', ')}],` +
  ` "usage": {"input_tokens": 5, "output_tokens": 7}, "other": ["b64_json", "notme"], "b64_json_x": "AAAA"${extra}}`;

describe('Base64JsonScanner', () => {
  it('decodes every b64_json value and keeps the other fields, with chunk boundaries anywhere', () => {
    const images = [randomBytes(301), randomBytes(2), randomBytes(1), randomBytes(1000)];
    const text = answer(images.map((b) => b.toString('base64')));
    const bytes = Buffer.from(text);
    assertSameAsJsonParse(text, Array.from({ length: 40 }, (_, i) => i + 1).concat([64, 1000, bytes.length]));
    const { value, blobs } = scan(text, 3);
    assert.deepEqual(blobs, images, 'decoded bytes, in order');
    const v = value as { data: { revised_prompt: string }[]; usage: unknown; other: string[]; b64_json_x: string };
    assert.equal(v.data[0]!.revised_prompt, 'a "b64_json": \\ é é \n');
    assert.deepEqual(v.usage, { input_tokens: 5, output_tokens: 7 });
    assert.deepEqual(v.other, ['b64_json', 'notme'], 'a b64_json string that is not a key value stays text');
    assert.equal(v.b64_json_x, 'AAAA');
  });

  it('reads escaped characters inside the base64 (\\/ and \\u) and unclean base64 like Buffer.from does', () => {
    const b = randomBytes(200).toString('base64');
    for (const variant of [
      b.replace(/\//g, '\\/'), // some encoders escape slashes
      `${b.slice(0, 9)}\\u0041${b.slice(9)}`,
      `${b.slice(0, 10)}\\n${b.slice(10, 60)}\\r\\n${b.slice(60)}`, // line breaks, skipped by base64 decoders
      `${b.slice(0, 7)} ${b.slice(7)}`,
      b.replace(/=+$/, ''), // unpadded
      `${b.slice(0, 20).replace(/\+/g, '-').replace(/\//g, '_')}${b.slice(20)}`, // base64url characters
    ]) assertSameAsJsonParse(answer([variant]), [1, 2, 3, 4, 5, 7, 13, 4096]);
  });

  it('a big image decodes to the same bytes (sha256) in network-sized chunks', () => {
    const image = randomBytes(6 * 1024 * 1024 + 5);
    const { value, blobs } = scan(answer([image.toString('base64')]), 65536);
    const bytes = blobOf((value as { data: { b64_json: unknown }[] }).data[0]!.b64_json, blobs)!;
    assert.equal(createHash('sha256').update(bytes).digest('hex'), createHash('sha256').update(image).digest('hex'));
    assert.ok(Buffer.byteLength(JSON.stringify(value)) < 500, 'the JSON text kept no base64');
  });

  it('input cut anywhere is never a complete answer: an error, or JSON that does not parse', () => {
    const text = Buffer.from(answer([randomBytes(40).toString('base64')]));
    for (let cut = 0; cut < text.length; cut++) {
      const s = new Base64JsonScanner();
      s.write(text.subarray(0, cut));
      let complete = false;
      try { JSON.parse(s.end().text); complete = true; } catch (e) { assert.ok(e instanceof TruncatedJsonError || e instanceof SyntaxError, String(e)); }
      assert.equal(complete, false, `cut at ${cut} parsed`);
    }
  });

  it('a cut inside an image says so', () => {
    const s = new Base64JsonScanner();
    s.write(Buffer.from(`{"data":[{"b64_json":"${randomBytes(30).toString('base64').slice(0, 20)}`));
    assert.throws(() => s.end(), (e: Error) => e instanceof TruncatedJsonError && /middle of an image \(15 bytes decoded so far\)/.test(e.message));
  });
});

describe('readJsonBody and readSse', () => {
  const chunked = (bytes: Buffer, size: number) => (async function* () { for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size); })();

  const opts = (signal: AbortSignal, requestId?: string, maxTextBytes = 1_000_000) => ({ label: 'OpenAI', signal, requestId, maxTextBytes });
  const cutOf = (r: Awaited<ReturnType<typeof readJsonBody>>) => { assert.ok('cut' in r, 'the body was cut'); return r; };

  it('readJsonBody: a body cut short is a non-retryable server error naming the cut, keeping only images that fully arrived', async () => {
    const first = randomBytes(90);
    const body = Buffer.from(answer([first.toString('base64'), randomBytes(90).toString('base64')]));
    const signal = new AbortController().signal;
    const whole = await readJsonBody(chunked(body, 10), opts(signal, 'req_1'));
    assert.equal(whole.blobs.length, 2);
    const insideSecond = body.indexOf('"b64_json" : "', body.indexOf('"b64_json" : "') + 1) + 40;
    const cut = cutOf(await readJsonBody(chunked(body.subarray(0, insideSecond), 10), opts(signal, 'req_1')));
    assert.ok(cut.cut.code === 'server' && !cut.cut.retryable && cut.cut.requestId === 'req_1', cut.cut.message);
    assert.match(cut.cut.message, /stopped before the whole answer arrived \(the answer ended in the middle of an image/);
    assert.deepEqual(cut.blobs, [first], 'the first image, complete, is kept; the half of the second is not');
    assert.match(cutOf(await readJsonBody(chunked(body.subarray(0, body.length - 1), 10), opts(signal))).cut.message, /not valid JSON/);
    const failing = (async function* () { yield body.subarray(0, 50); throw new TypeError('terminated'); })();
    assert.match(cutOf(await readJsonBody(failing, opts(signal))).cut.message, /OpenAI stopped before the whole answer arrived \(terminated\)/);
  });

  it('readJsonBody: refuses more text besides the images than an answer holds (a huge revised_prompt)', async () => {
    const body = Buffer.from(`{"data":[{"b64_json":"AAAA","revised_prompt":"${'x'.repeat(5000)}"}]}`);
    const r = cutOf(await readJsonBody(chunked(body, 100), opts(new AbortController().signal, undefined, 2000)));
    assert.match(r.cut.message, /more text besides its images than an image answer holds \(over 2000 bytes\)/);
    assert.equal(r.cut.retryable, false);
  });

  it('readJsonBody: a cancel while reading is a cancel, not a server error, and keeps the images that had fully arrived', async () => {
    const abortedAfter = (text: string) => {
      const ctl = new AbortController();
      const body = (async function* () { yield Buffer.from(text); ctl.abort(); throw Object.assign(new Error('aborted'), { name: 'AbortError' }); })();
      return readJsonBody(body, opts(ctl.signal));
    };
    const none = cutOf(await abortedAfter('{"data":[{"b64_json":"AAAA'));
    assert.equal(none.cut.code, 'cancelled');
    assert.equal(none.blobs.filter((b) => b.length > 0).length, 0, 'nothing had fully arrived');
    const first = randomBytes(30);
    const one = cutOf(await abortedAfter(`{"data":[{"b64_json":"${first.toString('base64')}"},{"b64_json":"AAAA`));
    assert.equal(one.cut.code, 'cancelled');
    assert.deepEqual(one.blobs.filter((b) => b.length > 0), [first], 'the paid-for first image is not dropped by the cancel');
  });

  it('readJsonBody: a cancel after the last byte leaves the whole answer', async () => {
    const ctl = new AbortController();
    const img = randomBytes(30);
    const body = (async function* () { yield Buffer.from(`{"data":[{"b64_json":"${img.toString('base64')}"}]}`); ctl.abort(); })();
    const r = await readJsonBody(body, opts(ctl.signal));
    assert.ok(!('cut' in r));
    assert.deepEqual(r.blobs, [img]);
  });

  it('readSse: events carrying images are decoded as they stream, split anywhere, CRLF or LF', async () => {
    const partial = randomBytes(500);
    const final = randomBytes(3000);
    const text = `event: image_generation.partial_image\r\ndata: {"type":"p","b64_json":"${partial.toString('base64')}"}\r\n\r\n` +
      `: keep-alive\n\nevent: image_generation.completed\ndata: {"type":"c","b64_json":"${final.toString('base64')}","usage":{"total_tokens":3}}\n\ndata: [DONE]\n\n`;
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 5, 64, 4096, bytes.length]) {
      const got = [];
      for await (const m of readSse(chunked(bytes, size))) got.push(m);
      assert.equal(got.length, 3, `chunk size ${size}`);
      assert.equal(got[0]!.event, 'image_generation.partial_image');
      assert.deepEqual(blobOf((JSON.parse(got[0]!.data) as { b64_json: unknown }).b64_json, got[0]!.blobs), partial);
      const done = JSON.parse(got[1]!.data) as { b64_json: unknown; usage: unknown };
      assert.deepEqual(blobOf(done.b64_json, got[1]!.blobs), final);
      assert.deepEqual(done.usage, { total_tokens: 3 });
      assert.equal(got[2]!.data, '[DONE]');
    }
  });

  it('readSse: a stream that ends inside an image event is an error, not an image', async () => {
    const bytes = Buffer.from(`data: {"type":"c","b64_json":"${randomBytes(300).toString('base64')}`);
    await assert.rejects(async () => { for await (const _ of readSse(chunked(bytes, 7))) { /* drain */ } }, TruncatedJsonError);
  });
});
