// The fake provider's GIF and SVG answers: real, parseable bodies for gpt-image-2.6, the API's refusals elsewhere,
// and a hostile SVG when a rule asks for one.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspectImage } from '../../src/core/imaging/inspect';
import { svgHazards } from '../../src/core/imaging/svg-safety';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

let fake: FakeProvider;
before(async () => { fake = await startFakeProvider({ texture: 'flat' }); });
after(async () => { await fake.close(); });
beforeEach(() => fake.reset());

async function generate(body: Record<string, unknown>): Promise<{ status: number; json: { data?: { b64_json: string }[]; error?: { param: string; message: string } } }> {
  const res = await fetch(`${fake.openaiBaseUrl}/images/generations`, {
    method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'a star', ...body }),
  });
  return { status: res.status, json: (await res.json()) as never };
}
const bytesOf = (json: { data?: { b64_json: string }[] }) => new Uint8Array(Buffer.from(json.data![0]!.b64_json, 'base64'));

describe('fake provider: GIF and SVG', () => {
  it('answers gpt-image-2.6 with a GIF of frame_count frames at the asked size', async () => {
    const { status, json } = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'gif', size: '1024x1024', frame_count: 6, frame_duration_ms: 80 });
    assert.equal(status, 200);
    assert.deepEqual(inspectImage(bytesOf(json)), { format: 'gif', width: 1024, height: 1024, hasAlpha: false, contentCredentials: false, frames: 6 });
    const dflt = await generate({ model: 'gpt-image-2.6-flare', output_format: 'gif', size: '64x64' });
    assert.equal(inspectImage(bytesOf(dflt.json)).frames, 9);
  });

  it('answers gpt-image-2.6 with a clean, well-formed SVG', async () => {
    const { status, json } = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'svg', size: '1024x1024' });
    assert.equal(status, 200);
    const svg = bytesOf(json);
    assert.equal(inspectImage(svg).format, 'svg');
    assert.deepEqual(svgHazards(svg), []);
  });

  it('answers an SVG with a <script> when a rule asks for one', async () => {
    fake.addRule({ behaviour: { kind: 'svg-script' } });
    const { json } = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'svg', size: '256x256' });
    assert.ok(svgHazards(bytesOf(json)).some((r) => /<script>/.test(r)));
  });

  it('refuses GIF and SVG on other models, and their options where they do not apply', async () => {
    const r1 = await generate({ model: 'gpt-image-2', output_format: 'svg' });
    assert.equal(r1.status, 400);
    assert.equal(r1.json.error?.param, 'output_format');
    const r2 = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'gif', frame_count: 17 });
    assert.equal(r2.json.error?.param, 'frame_count');
    const r3 = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'svg', n: 2 });
    assert.equal(r3.json.error?.param, 'n');
    const r4 = await generate({ model: 'gpt-image-2.6-sunburst', output_format: 'png', frame_count: 4 });
    assert.equal(r4.json.error?.param, 'frame_count');
  });
});
