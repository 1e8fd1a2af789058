// Assertions shared by the integration tests: what a generation kept is what the provider served.
import * as assert from 'node:assert/strict';
import { fake, type ServedSummary } from './fake';
import { readHistoryFile, readRecord, sha256, type GenerateResult } from './pixelsmith';
import { pngChunks } from './png';

/** The result's images are exactly the served ones, each kept whole in the history with its caBX chunk. */
export async function assertKeptAsServed(r: GenerateResult, served: readonly ServedSummary[]): Promise<void> {
  assert.equal(served.length, r.images.length, 'one served image per result image');
  assert.deepEqual(r.images.map((i) => i.sha256).sort(), served.map((s) => s.sha256).sort(), 'result sha256 = served sha256');
  const record = await readRecord(r.generationId);
  for (const img of r.images) {
    const s = served.find((x) => x.sha256 === img.sha256)!;
    const kept = await readHistoryFile(r.generationId, img.uri.path.split('/').pop()!);
    assert.equal(sha256(kept), s.sha256, `history file of image ${img.index} = served bytes`);
    assert.equal(kept.length, s.size);
    assert.ok(Buffer.from(await fake.servedBytes(s.n)).equals(Buffer.from(kept)), 'byte for byte');
    assert.equal(img.width, s.width);
    assert.equal(img.height, s.height);
    assert.equal(img.format, s.format);
    assert.equal(record.images.find((x) => x.index === img.index)?.sha256, s.sha256, 'record sha256');
    if (s.format === 'png') {
      assert.ok(s.hasCaBX, 'the fake served a caBX chunk');
      const chunks = pngChunks(kept).map((c) => c.type);
      assert.ok(chunks.includes('caBX'), `caBX kept (chunks: ${chunks.join(' ')})`);
      assert.equal(chunks[chunks.length - 1], 'IEND');
      assert.equal(record.images.find((x) => x.index === img.index)?.contentCredentials, true);
    }
  }
}

/** A complete generation whose images are exactly the served ones. */
export async function assertCompleteAsServed(r: GenerateResult, served: readonly ServedSummary[]): Promise<void> {
  assert.equal(r.status, 'complete', JSON.stringify(r.errors));
  assert.deepEqual(r.errors, []);
  assert.equal((await readRecord(r.generationId)).status, 'complete');
  await assertKeptAsServed(r, served);
}
