// One set of limits (core/limits.ts) applied at every boundary: the Generate form's messages, the catalogue, the
// sidecar, image headers and a provider's revised_prompt agree, so nothing accepted at one step fails at the next.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { sidecarFor } from '../../src/core/savePlan';
import { MODELS } from '../../src/core/catalogue';
import { HistoryStore, type GenerationRecord } from '../../src/core/history';
import { concatBytes, writeU32BE } from '../../src/core/imaging/bytes';
import { MAX_DECODE_EDGE } from '../../src/core/imaging/decode-budget';
import { ImageCheckError, inspectImage } from '../../src/core/imaging/inspect';
import { encodePng, pngChunk, PNG_SIGNATURE } from '../../src/core/imaging/png';
import { cutText, LIMITS } from '../../src/core/limits';
import { MAX_PLACEHOLDER_EDGE } from '../../src/core/placeholder';
import { parseSidecar, serializeSidecar, SIDECAR_LIMITS } from '../../src/core/sidecar';
import { validateGenerateMessage, type GenerateForm } from '../../src/protocol';
import { zerosZlib } from './pngBomb';

const roots: string[] = [];
after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

/** A well-formed 8-bit gray PNG whose header declares `width`×`height` (the pixels are never decoded here). */
function pngDeclaring(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  writeU32BE(ihdr, 0, width);
  writeU32BE(ihdr, 4, height);
  ihdr[8] = 8;
  return concatBytes([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zerosZlib(2)), pngChunk('IEND', new Uint8Array(0))]);
}

const form = (prompt: string): GenerateForm => ({
  prompt, preset: 'illustration', provider: 'openai', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto',
  outputFormat: 'png', outputCompression: 100, n: 1, frames: 4,
});
const run = (f: GenerateForm, refWidth = 64) => validateGenerateMessage({
  type: 'generate/run', messageId: 1, form: f, references: [{ key: `${'a'.repeat(64)}.png`, name: 'r.png', mimeType: 'image/png', width: refWidth, height: 64 }],
});

describe('limits', () => {
  it('are the ones every boundary uses', () => {
    assert.equal(SIDECAR_LIMITS.prompt, LIMITS.promptChars);
    assert.equal(SIDECAR_LIMITS.revisedPrompt, LIMITS.revisedPromptChars);
    assert.equal(SIDECAR_LIMITS.maxBytes, LIMITS.sidecarBytes);
    assert.equal(SIDECAR_LIMITS.edge, LIMITS.imageEdge);
    assert.equal(MAX_DECODE_EDGE, LIMITS.imageEdge);
    assert.equal(MAX_PLACEHOLDER_EDGE, LIMITS.imageEdge);
    for (const m of MODELS) assert.ok(m.maxPromptChars <= LIMITS.promptChars, `${m.id} allows more than a sidecar keeps`);
  });

  it('the Generate form: a prompt up to the limit passes, one more character is refused; a reference over the edge too', () => {
    assert.ok(run(form('a'.repeat(LIMITS.promptChars))).ok);
    const over = run(form('a'.repeat(LIMITS.promptChars + 1)));
    assert.ok(!over.ok && /prompt/.test(over.problem), JSON.stringify(over));
    assert.ok(run(form('a'), LIMITS.imageEdge).ok);
    assert.ok(!run(form('a'), LIMITS.imageEdge + 1).ok);
  });

  it('a PNG header declaring sides over the edge (up to 2^32-1) is too large, at the edge it is inspected', () => {
    for (const [w, h] of [[0xffffffff, 1], [1, LIMITS.imageEdge + 1]] as const) {
      assert.throws(() => inspectImage(pngDeclaring(w, h)), (e: unknown) => e instanceof ImageCheckError && e.code === 'too-large' && /over the 16384 px limit/.test(e.message));
    }
    assert.equal(inspectImage(pngDeclaring(LIMITS.imageEdge, 1)).width, LIMITS.imageEdge);
    assert.equal(inspectImage(encodePng(new Uint8Array(4), 1, 1)).width, 1);
  });

  it('a revised_prompt longer than a sidecar keeps is cut when stored, and the image still saves with its sidecar', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-limits-'));
    roots.push(root);
    const store = new HistoryStore(root);
    const record: GenerationRecord = {
      schemaVersion: 1, id: HistoryStore.newId(), createdAt: new Date().toISOString(), status: 'complete', provider: 'offline', model: 'gpt-image-2',
      request: { prompt: 'p'.repeat(LIMITS.promptChars), model: 'gpt-image-2', provider: 'offline', n: 1, size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
      estimate: { usd: 0, perImage: 0 }, costUsd: 0, images: [], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
    };
    const created = await store.create(record, {});
    const revised = `${'r'.repeat(LIMITS.revisedPromptChars)} and more`;
    const image = await store.addImage(created, 0, encodePng(new Uint8Array(4), 1, 1), { format: 'png', width: 1, height: 1, contentCredentials: false, revisedPrompt: revised });
    assert.equal(image.revisedPrompt?.length, LIMITS.revisedPromptChars);
    const sidecar = sidecarFor(created, image);
    assert.equal(parseSidecar(serializeSidecar(sidecar)).revisedPrompt, image.revisedPrompt);
  });

  it('cutText never splits a surrogate pair', () => {
    assert.equal(cutText('ab😀', 3), 'ab');
    assert.equal(cutText('ab😀', 4), 'ab😀');
    assert.equal(cutText('abc', 5), 'abc');
  });
});
