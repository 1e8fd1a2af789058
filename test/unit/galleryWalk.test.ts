// The local folder walk behind the gallery's listing: wanted files only, excluded folders never entered,
// symbolic links followed when asked but never round a loop nor out of the root.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { globMatcher } from '../../src/core/gallery/glob';
import { walkFolder, type WalkOptions } from '../../src/core/gallery/walk';
import { TimeSlicer } from '../../src/core/timeSlice';

let root: string;
let outside: string;

function put(rel: string, base = root): void {
  const full = join(base, rel);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x');
}

const wanted = (name: string) => /\.(png|png\.json)$/.test(name);

async function walk(opts: Partial<WalkOptions> = {}): Promise<string[]> {
  const files = await walkFolder(root, { exclude: globMatcher(['**/node_modules', '**/.git', '*.tmp.png', 'build/**']), want: wanted, followSymlinks: true, ...opts });
  for (const f of files) assert.equal(f.path, join(root, ...f.relPath.split('/')));
  return files.map((f) => f.relPath).sort();
}

describe('walkFolder', () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'gallery-walk-'));
    outside = mkdtempSync(join(tmpdir(), 'gallery-walk-outside-'));
    put('a.png');
    put('a.png.json');
    put('notes.md');
    put('x.tmp.png');
    put('deep/x.tmp.png');
    put('art/icons/b.png');
    put('art/icons/b.png.json');
    put('node_modules/pkg/c.png');
    put('art/node_modules/d.png');
    put('.git/e.png');
    put('build/f.png');
    put('sub/build/g.png');
    put('shared/h.png', outside);
    symlinkSync(root, join(root, 'art', 'loop'), 'dir'); // a loop to the root
    symlinkSync(join(root, 'art'), join(root, 'art', 'icons', 'up'), 'dir'); // a loop to a grandparent
    symlinkSync(join(outside, 'shared'), join(root, 'linked'), 'dir'); // leads out: not followed
    symlinkSync(join(outside, 'shared', 'h.png'), join(root, 'out.png'), 'file'); // leads out: not listed
    symlinkSync('/', join(root, 'disk'), 'dir'); // would walk the whole disk
    symlinkSync(join(root, 'sub'), join(root, 'more'), 'dir'); // a link inside the root is followed
    symlinkSync(join(root, 'a.png'), join(root, 'alias.png'), 'file');
    symlinkSync(join(root, 'missing'), join(root, 'broken.png'), 'file');
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lists the wanted files of every folder, honouring exclusions, links followed but not round a loop nor out of the root', async () => {
    const errors: string[] = [];
    const files = await walk({ onError: (rel, e) => errors.push(`${rel}: ${(e as Error).message}`) });
    assert.deepEqual(files, [
      'a.png', 'a.png.json', 'alias.png', 'art/icons/b.png', 'art/icons/b.png.json', 'deep/x.tmp.png', 'more/build/g.png', 'sub/build/g.png',
    ]);
    assert.deepEqual(errors.sort(), [
      'art/icons/up: a link to a folder that contains it (a loop): not followed',
      'art/loop: a link to a folder that contains it (a loop): not followed',
      'disk: a link that leads out of the folder: not followed',
      'linked: a link that leads out of the folder: not followed',
      'out.png: a link that leads out of the folder: not followed',
    ]);
  });

  it('does not enter an excluded folder', async () => {
    const asked: string[] = [];
    const exclude = globMatcher(['**/node_modules', 'art']);
    await walk({ exclude: (rel) => { asked.push(rel); return exclude(rel); } });
    assert.ok(asked.includes('art') && asked.includes('node_modules'));
    assert.deepEqual(asked.filter((r) => r.startsWith('art/') || r.startsWith('node_modules/')), []);
  });

  it('leaves every link out when links are not followed', async () => {
    assert.deepEqual(await walk({ followSymlinks: false }), ['a.png', 'a.png.json', 'art/icons/b.png', 'art/icons/b.png.json', 'deep/x.tmp.png', 'sub/build/g.png']);
  });

  it('follows no link out of a root that is itself reached through a link', async () => {
    const linkedRoot = `${root}-link`;
    symlinkSync(root, linkedRoot, 'dir');
    try {
      const files = await walkFolder(linkedRoot, { exclude: globMatcher(['**/node_modules', '**/.git', '*.tmp.png', 'build/**']), want: wanted, followSymlinks: true });
      const rels = files.map((f) => f.relPath).sort();
      assert.ok(rels.includes('more/build/g.png'), 'a link inside is followed');
      assert.ok(!rels.some((r) => r.startsWith('linked/') || r === 'out.png' || r.startsWith('disk/')), rels.join(', '));
    } finally {
      rmSync(linkedRoot, { force: true });
    }
  });

  it('gives the same answer one folder at a time', async () => {
    assert.deepEqual(await walk({ concurrency: 1 }), await walk({ concurrency: 64 }));
  });

  it('gives the same answer with a turn of the event loop between every two entries', async () => {
    let clock = 0;
    const slicer = new TimeSlicer(0, () => clock++);
    assert.deepEqual(await walk({ slicer }), await walk());
    assert.ok(slicer.yields > 10, `${slicer.yields} turns`);
  });

  it('rejects for a missing root, and when aborted', async () => {
    await assert.rejects(walkFolder(join(root, 'nope'), { exclude: () => false, want: wanted, followSymlinks: true }), /ENOENT/);
    await assert.rejects(walkFolder(join(root, 'nope'), { exclude: () => false, want: wanted, followSymlinks: false }), /ENOENT/);
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await assert.rejects(walk({ signal: abort.signal }), /stop/);
  });
});
