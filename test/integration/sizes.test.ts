// Sizes across providers, through the automation API against the fake: `size` and `aspectRatio` (+ `resolution`)
// reach each provider in its own language (OpenAI size, FLUX width and height, Gemini imageConfig, OpenRouter
// image_config), and the result and the sidecar say what was sent.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { describe, it } from 'mocha';
import { fake } from './support/fake';
import { generate, generateError, useFakeProviders } from './support/pixelsmith';

type Sent = { size?: string; width?: number; height?: number; aspectRatio?: string; resolution?: string };
type Result = Awaited<ReturnType<typeof generate>> & { sent?: Sent; sizeNote?: string };

describe('sizes across providers (automation API)', function () {
  this.timeout(60_000);

  useFakeProviders();

  it('OpenAI: aspectRatio 16:9 at 1K becomes size 1360x768, said in the result', async () => {
    const r = await generate({ prompt: 'a wide harbour', provider: 'openai', model: 'gpt-image-2', aspectRatio: '16:9', resolution: '1K' }) as Result;
    const q = (await fake.requests('openai.generate'))[0]!;
    assert.equal((q.json as { size: string }).size, '1360x768');
    assert.deepEqual(r.sent, { size: '1360x768' });
    assert.match(r.sizeNote ?? '', /16:9 at 1K became 1360x768/);
  });

  it('FLUX.2: aspectRatio 16:9 at 4K becomes width and height under 4 MP', async () => {
    const r = await generate({ prompt: 'a wide harbour', provider: 'bfl', model: 'flux-2-pro', outputFormat: 'png', aspectRatio: '16:9', resolution: '4K' }) as Result;
    const submit = (await fake.requests('bfl.submit'))[0]!;
    const { width, height } = submit.json as { width: number; height: number };
    assert.ok(width * height <= 4 * 1024 * 1024 && width % 16 === 0 && height % 16 === 0, `${width}x${height}`);
    assert.deepEqual(r.sent, { width, height });
    assert.match(r.sizeNote ?? '', /the most it makes is 4,194,304 pixels/);
  });

  it('Gemini: aspectRatio 9:16 at 2K is sent as imageConfig; the sidecar records the ratio and resolution', async () => {
    const r = await generate({ prompt: 'a tall lighthouse', provider: 'gemini', model: 'gemini-3.1-flash-image', quality: 'auto', aspectRatio: '9:16', resolution: '2K', save: 'all', folder: 'saved/sizes' }) as Result;
    const q = (await fake.requests('gemini.generate'))[0]!;
    assert.deepEqual((q.json as { generationConfig: { imageConfig: unknown } }).generationConfig.imageConfig, { aspectRatio: '9:16', imageSize: '2K' });
    assert.deepEqual(r.sent, { aspectRatio: '9:16', resolution: '2K' });
    assert.equal(r.sizeNote, undefined, 'the model\'s own language: nothing was changed');
    const sidecar = JSON.parse(await fs.readFile(r.images[0]!.sidecarUri!.fsPath, 'utf8')) as { parameters: Record<string, unknown> };
    assert.deepEqual([sidecar.parameters.size, sidecar.parameters.aspectRatio, sidecar.parameters.resolution], ['1536x2752', '9:16', '2K']);
  });

  it('Gemini: an OpenAI size (1536x1024) becomes the nearest ratio, said in the result and the sidecar', async () => {
    const r = await generate({ prompt: 'a landscape', provider: 'gemini', model: 'gemini-3-pro-image', quality: 'auto', size: '1536x1024', save: 'all', folder: 'saved/sizes' }) as Result;
    const q = (await fake.requests('gemini.generate'))[0]!;
    assert.deepEqual((q.json as { generationConfig: { imageConfig: unknown } }).generationConfig.imageConfig, { aspectRatio: '3:2', imageSize: '1K' });
    assert.match(r.sizeNote ?? '', /1536x1024 became 3:2 at 1K \(1264x848\)/);
    const sidecar = JSON.parse(await fs.readFile(r.images[0]!.sidecarUri!.fsPath, 'utf8')) as { sizeNote?: string; parameters: Record<string, unknown> };
    assert.equal(sidecar.sizeNote, r.sizeNote);
    assert.equal(sidecar.parameters.aspectRatio, '3:2');
  });

  it('OpenRouter: aspectRatio 21:9 is sent as image_config.aspect_ratio', async () => {
    const r = await generate({ prompt: 'a panorama', provider: 'openrouter', model: 'google/gemini-3.1-flash-image-preview', quality: 'auto', aspectRatio: '21:9' }) as Result;
    const q = (await fake.requests('openrouter.chat'))[0]!;
    assert.deepEqual((q.json as { image_config?: unknown }).image_config, { aspect_ratio: '21:9' });
    assert.deepEqual(r.sent, { aspectRatio: '21:9' });
  });

  it('a ratio the model does not make, and size with aspectRatio, are refused naming the field', async () => {
    const a = await generateError({ prompt: 'x', provider: 'gemini', model: 'gemini-3-pro-image', quality: 'auto', aspectRatio: '2:1' });
    assert.equal(a.field, 'aspectRatio');
    assert.match(a.message, /does not make it\. Allowed: 1:1/);
    const b = await generateError({ prompt: 'x', provider: 'openai', size: '1024x1024', aspectRatio: '1:1' });
    assert.equal(b.field, 'aspectRatio');
    assert.equal((await fake.requests('gemini.generate')).length + (await fake.requests('openai.generate')).length, 0, 'nothing was sent');
  });
});
