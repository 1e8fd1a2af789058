// The host's run-time checks of webview messages: a well-formed message passes, a malformed or hostile one
// is refused with a problem that names the field (the host logs it and ignores the message).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestFromForm } from '../../src/panels/generate/request';
import { messageIdOf, validateGenerateMessage, type GenerateForm } from '../../src/protocol';
import { validateGalleryMessage } from '../../src/protocolGallery';

const form: GenerateForm = {
  prompt: '등대가 있는 작은 섬, flat illustration', preset: 'illustration', provider: 'openai', model: 'gpt-image-2',
  size: '1536x1024', quality: 'high', background: 'auto', outputFormat: 'webp', outputCompression: 80, n: 4, frames: 4,
};
const run = (over: Record<string, unknown> = {}) => ({ type: 'generate/run', messageId: 7, form, references: [], ...over });

function problemOf(m: unknown): string {
  const r = validateGenerateMessage(m);
  assert.equal(r.ok, false, `expected ${JSON.stringify(m)?.slice(0, 80)} to be refused`);
  return (r as { problem: string }).problem;
}

describe('validateGenerateMessage', () => {
  it('accepts well-formed messages', () => {
    assert.equal(validateGenerateMessage(run()).ok, true);
    assert.equal(validateGenerateMessage({ type: 'generate/cancel', generationId: '20261124-101500-abc123' }).ok, true);
    assert.equal(validateGenerateMessage({ type: 'generate/ready', generations: [] }).ok, true);
    assert.equal(validateGenerateMessage({ type: 'generate/setApiKey', provider: 'fal' }).ok, true);
  });

  it('refuses unknown types and non-objects', () => {
    for (const m of [null, undefined, 42, 'generate/run', [], {}, { type: 'generate/exec' }, { type: '__proto__' }, { type: 'constructor' }]) {
      assert.match(problemOf(m), /unknown message type/);
    }
  });

  it('names the field that is wrong', () => {
    assert.match(problemOf(run({ form: { ...form, n: 9 } })), /n/);
    assert.match(problemOf(run({ form: { ...form, quality: 'ultra' } })), /quality/);
    assert.match(problemOf(run({ form: { ...form, provider: 'evil' } })), /provider/);
    assert.match(problemOf(run({ form: { ...form, prompt: 12 } })), /prompt/);
    assert.match(problemOf(run({ messageId: -1 })), /messageId/);
    assert.match(problemOf({ type: 'generate/cancel', generationId: '../../etc' }), /generationId/);
    assert.match(problemOf({ type: 'generate/save', messageId: 1, generationId: '20261124-101500-abc123', indices: [0], preset: 'icon', destination: '/tmp' }), /destination/);
  });

  it('bounds sizes: too many references, an oversized prompt', () => {
    const ref = { key: `${'a'.repeat(64)}.png`, name: 'r.png', mimeType: 'image/png', width: 10, height: 10 };
    assert.equal(validateGenerateMessage(run({ references: [ref] })).ok, true);
    assert.match(problemOf(run({ references: Array.from({ length: 17 }, () => ref) })), /references/);
    assert.match(problemOf(run({ form: { ...form, prompt: 'x'.repeat(200_001) } })), /prompt/);
    assert.match(problemOf(run({ references: [{ ...ref, mimeType: 'application/octet-stream' }] })), /mimeType/);
  });

  it('recovers the messageId of a malformed request so it can be answered', () => {
    assert.equal(messageIdOf(run({ form: null })), 7);
    assert.equal(messageIdOf({ messageId: '7' }), undefined);
  });
});

describe('validateGalleryMessage', () => {
  const query = { text: 'lighthouse', sort: 'date', reverse: false };
  it('accepts a query and refuses hostile ones', () => {
    assert.equal(validateGalleryMessage({ type: 'gallery/query', query }).ok, true);
    const bad = validateGalleryMessage({ type: 'gallery/query', query: { ...query, sort: 'random' } });
    assert.equal(bad.ok, false);
    assert.match((bad as { problem: string }).problem, /sort/);
    assert.equal(validateGalleryMessage({ type: 'gallery/details', messageId: 1, id: 0 }).ok, false);
    assert.equal(validateGalleryMessage({ type: 'gallery/candidate', messageId: 1, action: 'save', generationId: '../x', index: 0 }).ok, false);
  });
});

describe('requestFromForm', () => {
  it('passes the prompt through unchanged and keeps compression only for jpeg/webp', () => {
    const req = requestFromForm(form);
    assert.equal(req.prompt, form.prompt);
    assert.equal(req.n, 4);
    assert.equal(req.outputCompression, 80);
    assert.equal(requestFromForm({ ...form, outputFormat: 'png' }).outputCompression, undefined);
  });

  it('a sequence asks for frames, not n; a mask travels as PNG', () => {
    const req = requestFromForm({ ...form, preset: 'sequence', frames: 12 }, [], new Uint8Array([1, 2, 3]));
    assert.equal(req.n, 1);
    assert.equal(req.frames, 12);
    assert.equal(req.mask?.mimeType, 'image/png');
  });
});
