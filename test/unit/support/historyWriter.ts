// Another window in a unit test: a HistoryStore in its own Node process records `count` saves of one generation,
// each through a fresh copy of the record (as saving a candidate does), starting when the parent says go.
//   fork(historyWriter.js, [root, generationId, tag, count])
import { HistoryStore } from '../../../src/core/history';

async function main(): Promise<void> {
  const [root, id, tag, count] = process.argv.slice(2);
  if (!root || !id || !tag || !count) throw new Error('usage: historyWriter <root> <generationId> <tag> <count>');
  const store = new HistoryStore(root);
  await new Promise<void>((resolve) => { process.once('message', () => resolve()); process.send!('ready'); });
  for (let i = 0; i < Number(count); i++) {
    const copy = await store.get(id);
    if (!copy) throw new Error(`no record ${id}`);
    await store.update(copy, (r) => { r.saved.push({ index: 0, path: `file:///${tag}/${i}.png`, at: new Date().toISOString() }); });
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
