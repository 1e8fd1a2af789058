// Check Text around the comparison: the reader's instruction and answer parser, the OpenAI Responses reader against a
// loopback server (body, key, origin), where the expected strings come from, and the sidecar record.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { PixelsmithError, ValidationError } from '../../src/core/errors';
import { localizePrompt, stringTableFromPrompt } from '../../src/core/localize/plan';
import { buildSidecar, parseSidecar, serializeSidecar, SidecarError, withTextCheck, type SidecarTextCheck } from '../../src/core/sidecar';
import { expectedFor } from '../../src/core/textCheck/expected';
import { openaiReader, responsesBody, responsesText } from '../../src/core/textCheck/openaiReader';
import { parseReadAnswer, READ_INSTRUCTION, type TextReader } from '../../src/core/textCheck/reader';
import { checkFailed, reportMarkdown, runTextCheck, sidecarRecord } from '../../src/services/textCheckService';

const schema: unknown = JSON.parse(readFileSync(path.resolve(__dirname, '../../../schemas/sidecar.schema.json'), 'utf8'));
const PNG = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), mimeType: 'image/png' };

describe('parseReadAnswer', () => {
  it('takes {"texts": [...]}, fenced or after a sentence, trimmed, empty blocks dropped', () => {
    assert.deepEqual(parseReadAnswer('{"texts": ["시작", " 설정 ", ""]}', 'm'), ['시작', '설정']);
    assert.deepEqual(parseReadAnswer('Here it is:\n```json\n{"texts": ["Start"]}\n```', 'm'), ['Start']);
    assert.deepEqual(parseReadAnswer('The image says {"texts": ["A", "B"]} and nothing else.', 'm'), ['A', 'B']);
    assert.deepEqual(parseReadAnswer('["only", "an array"]', 'm'), ['only', 'an array']);
    assert.deepEqual(parseReadAnswer('{"texts": []}', 'm'), []);
  });
  it('refuses prose instead of guessing, naming the reader', () => {
    assert.throws(() => parseReadAnswer('The image shows a welcome banner.', 'Fake Vision'), (e: unknown) => e instanceof PixelsmithError && /Fake Vision/.test(e.message));
    assert.throws(() => parseReadAnswer('{"texts": [1, 2]}', 'm'), PixelsmithError);
  });
});

describe('stringTableFromPrompt', () => {
  it('reads back the table localizePrompt wrote, quotes and arrows inside strings included', () => {
    const table = { 'Start': '시작', 'Say "hi" → now': '"안녕" → 지금', 'Ünïcödé': 'ユニコード' };
    assert.deepEqual(stringTableFromPrompt(localizePrompt('ko', table)), table);
    assert.deepEqual(stringTableFromPrompt(localizePrompt('ja')), {});
  });
});

describe('expectedFor', () => {
  it('the argument first, then a translation\'s table, then the prompt\'s quoted strings', () => {
    assert.deepEqual(expectedFor({ prompt: 'A sign reading "OPEN"' }, ['Closed', 'Closed']), { strings: ['Closed'], from: 'argument' });
    assert.deepEqual(expectedFor({ prompt: localizePrompt('ko', { Start: '시작', Help: '도움말' }), language: 'ko' }), { strings: ['시작', '도움말'], from: 'localize table' });
    assert.deepEqual(expectedFor({ prompt: localizePrompt('ko'), language: 'ko' }), { strings: [], from: 'none' });
    assert.deepEqual(expectedFor({ prompt: 'A banner that says "Welcome" and a button “Start”' }), { strings: ['Welcome', 'Start'], from: 'prompt' });
    assert.deepEqual(expectedFor(undefined), { strings: [], from: 'none' });
  });
  it('names the bad field of `expected`', () => {
    assert.throws(() => expectedFor(undefined, 'Start'), (e: unknown) => e instanceof ValidationError && e.field === 'expected');
    assert.throws(() => expectedFor(undefined, ['ok', '']), (e: unknown) => e instanceof ValidationError && e.field === 'expected[1]');
  });
});

describe('OpenAI Responses reader', () => {
  let url = '';
  const seen: { headers: IncomingMessage['headers']; body: Record<string, unknown>; path: string }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>, path: req.url ?? '' });
      res.writeHead(answer.status, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end(JSON.stringify(answer.body));
    });
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => server.close());

  it('posts the instruction and the image as a data URL with the key, and reads output_text', async () => {
    answer = { status: 200, body: { model: 'gpt-4.1-mini-2025-04-14', output: [{ type: 'reasoning' }, { type: 'message', content: [{ type: 'output_text', text: '{"texts": ["시작", "섫정"]}' }] }] } };
    const read = await openaiReader({ apiKey: 'sk-test-1', model: 'gpt-4.1-mini', baseUrl: url, organization: 'org-1' }).read(PNG);
    assert.deepEqual(read, { blocks: ['시작', '섫정'], model: 'gpt-4.1-mini-2025-04-14' });
    const req = seen.at(-1)!;
    assert.equal(req.path, '/v1/responses');
    assert.equal(req.headers.authorization, 'Bearer sk-test-1');
    assert.equal(req.headers['openai-organization'], 'org-1');
    assert.deepEqual(req.body, responsesBody('gpt-4.1-mini', PNG));
    const content = (req.body.input as { content: { type: string; text?: string; image_url?: string }[] }[])[0]!.content;
    assert.equal(content[0]!.text, READ_INSTRUCTION);
    assert.equal(content[1]!.image_url, `data:image/png;base64,${Buffer.from(PNG.bytes).toString('base64')}`);
    assert.equal(req.body.store, false);
  });

  it('an error answer becomes a PixelsmithError with the API\'s message and code', async () => {
    answer = { status: 400, body: { error: { message: 'Invalid image for sk-test-2' } } };
    await assert.rejects(openaiReader({ apiKey: 'sk-test-2', model: 'gpt-x', baseUrl: url }).read(PNG), (e: unknown) => {
      assert.ok(e instanceof PixelsmithError);
      assert.equal(e.code, 'invalid-request');
      assert.match(e.message, /Invalid image/);
      return true;
    });
  });

  it('refuses a base URL that is plain http off loopback before sending anything', () => {
    const n = seen.length;
    assert.throws(() => openaiReader({ apiKey: 'sk-test-3', model: 'm', baseUrl: 'http://example.com/v1' }), (e: unknown) => e instanceof PixelsmithError && e.code === 'config');
    assert.equal(seen.length, n);
  });

  it('responsesText: a refusal is a moderation error; no output is a server error', () => {
    assert.throws(() => responsesText({ output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'no' }] }] }), (e: unknown) => e instanceof PixelsmithError && e.code === 'moderation');
    assert.throws(() => responsesText({}), PixelsmithError);
  });
});

describe('runTextCheck and the sidecar record', () => {
  const reader = (blocks: string[]): TextReader => ({ id: 'languageModel', read: () => Promise.resolve({ blocks, model: 'fake-vision' }) });
  const sidecarText = serializeSidecar(buildSidecar({
    request: { prompt: localizePrompt('ko', { Start: '시작', Settings: '설정', Help: '도움말' }), provider: 'openai', model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', n: 1 },
    image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: 'png', bytes: 7, contentCredentials: false },
    generationId: 'g1', createdAt: '2026-12-02T04:00:00.000Z', costUsd: 0.01, language: 'ko', parent: { file: 'a/welcome.png', sha256: 'b'.repeat(64) },
  }));

  it('match, different and missing from a translation\'s table, recorded in a sidecar the schema accepts', async () => {
    const sidecar = parseSidecar(sidecarText);
    const r = await runTextCheck(reader(['시작', '섫정', '로고']), PNG, expectedFor(sidecar), undefined, () => new Date('2026-12-02T05:00:00Z'));
    assert.deepEqual(r.strings, [
      { expected: '시작', found: '시작', verdict: 'match' },
      { expected: '설정', found: '섫정', verdict: 'different' },
      { expected: '도움말', verdict: 'missing' },
    ]);
    assert.deepEqual(r.unexpected, ['로고']);
    assert.ok(checkFailed(r));
    const written = withTextCheck(sidecarText, sidecarRecord(r));
    const back = parseSidecar(written);
    assert.deepEqual(back.textCheck, { reader: 'languageModel', model: 'fake-vision', checkedAt: '2026-12-02T05:00:00.000Z', sha256: r.sha256, strings: r.strings, unexpected: ['로고'] });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema as object);
    assert.ok(validate(JSON.parse(written)), ajv.errorsText(validate.errors));
    assert.match(reportMarkdown('welcome.ko.png', r, true), /1 matched, 1 different, 1 missing, 1 unexpected/);
  });

  it('keeps fields a newer version wrote, and refuses a record outside the declaration', () => {
    const newer = JSON.stringify({ ...JSON.parse(sidecarText) as object, futureField: { x: 1 } });
    const rec: SidecarTextCheck = { reader: 'openai', model: 'm', checkedAt: '2026-12-02T05:00:00Z', sha256: 'c'.repeat(64), strings: [], unexpected: [] };
    assert.deepEqual((JSON.parse(withTextCheck(newer, rec)) as { futureField: unknown }).futureField, { x: 1 });
    assert.throws(() => withTextCheck(sidecarText, { ...rec, strings: [{ expected: 'x', verdict: 'maybe' as 'match' }] }), (e: unknown) => e instanceof SidecarError && (e.field ?? '').startsWith('strings'));
    assert.throws(() => withTextCheck('{"not": "a sidecar"}', rec), SidecarError);
  });
});
