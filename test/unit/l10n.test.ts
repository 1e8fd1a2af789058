// The UI in the user's language: every string of package.json (package.nls.json) and of the host's bundle
// (l10n/bundle.l10n.json, extracted from vscode.l10n.t calls in src/) exists in every shipped locale, with the same {0}
// placeholders, and the Korean bundles load through @vscode/l10n as VS Code loads them.
// A failure names the missing keys: run `npm run l10n:extract`, then translate them in package.nls.<locale>.json or
// l10n/bundle.l10n.<locale>.json.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getL10nJson } from '@vscode/l10n-dev';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';

const root = path.resolve(__dirname, '../../..');

/** The languages Pixelsmith ships besides English, as VS Code's locale ids (README "Languages"). */
const LOCALES = ['ko', 'ja', 'zh-cn', 'zh-tw', 'es', 'de', 'fr', 'pt-br'] as const;

type Bundle = Record<string, string | { message: string; comment: string[] }>;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;
const text = (value: Bundle[string]): string => (typeof value === 'string' ? value : value.message);
const placeholders = (s: string): string => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort().join(' ');

/** What each locale lacks or has left over against the English keys, one line per locale with a problem. */
function compare(english: Bundle, file: (locale: string) => string): string[] {
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const translated = readJson<Bundle>(file(locale));
    const missing = Object.keys(english).filter((k) => !(k in translated));
    const stale = Object.keys(translated).filter((k) => !(k in english));
    const badArgs = Object.keys(english).filter((k) => k in translated && placeholders(text(english[k])) !== placeholders(text(translated[k])));
    const empty = Object.keys(translated).filter((k) => text(translated[k]).trim() === '');
    if (missing.length) problems.push(`${file(locale)} lacks ${missing.length}: ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
    if (stale.length) problems.push(`${file(locale)} has ${stale.length} no longer in English (remove): ${stale.map((k) => JSON.stringify(k)).join(', ')}`);
    if (badArgs.length) problems.push(`${file(locale)} has other {n} placeholders than English in: ${badArgs.map((k) => JSON.stringify(k)).join(', ')}`);
    if (empty.length) problems.push(`${file(locale)} has empty translations: ${empty.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  return problems;
}

/** The .ts files under `dir` that call l10n.t (the extractor finds nothing in the others; parsing all takes seconds). */
function sources(dir: string): { contents: string; extension: string }[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => ({ contents: readFileSync(path.join(root, dir, f), 'utf8'), extension: '.ts' }))
    .filter((f) => /\bl10n\s*\.\s*t\s*\(/.test(f.contents));
}

/** Every `%key%` string anywhere in the manifest. */
function manifestKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%([^%\s]+)%$/.exec(value);
    if (m) found.push(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) manifestKeys(v, found);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) manifestKeys(v, found);
  }
  return found;
}

describe('localization', () => {
  it('ships exactly the declared locales', () => {
    const shipped = readdirSync(root).map((f) => /^package\.nls\.(.+)\.json$/.exec(f)?.[1]).filter((l) => l !== undefined).sort();
    assert.deepEqual(shipped, [...LOCALES].sort(), 'package.nls.<locale>.json files on disk differ from LOCALES in this test');
  });

  it('every %key% in package.json is in package.nls.json', () => {
    const nls = readJson<Bundle>('package.nls.json');
    const keys = manifestKeys(readJson<unknown>('package.json'));
    assert.ok(keys.length > 50, `only ${keys.length} %key% strings in package.json`);
    const missing = keys.filter((k) => !(k in nls));
    assert.deepEqual(missing, [], `package.json uses keys that package.nls.json lacks: ${missing.join(', ')}`);
    const unused = Object.keys(nls).filter((k) => !keys.includes(k));
    assert.deepEqual(unused, [], `package.nls.json has keys package.json no longer uses: ${unused.join(', ')}`);
  });

  it('every user-facing string of package.json contributions is a %key%', () => {
    interface Contributes {
      commands?: { command: string; title: string }[];
      views?: Record<string, { id: string; name: string }[]>;
      configuration?: { properties?: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[]; markdownEnumDescriptions?: string[] }> };
      languageModelTools?: { name: string; displayName?: string; userDescription?: string }[];
    }
    const c = readJson<{ contributes: Contributes }>('package.json').contributes;
    const strings: [string, string | undefined][] = [
      ...(c.commands ?? []).map((x): [string, string] => [`command ${x.command} title`, x.title]),
      ...Object.values(c.views ?? {}).flat().map((x): [string, string] => [`view ${x.id} name`, x.name]),
      ...Object.entries(c.configuration?.properties ?? {}).flatMap(([id, p]): [string, string | undefined][] => [
        [`setting ${id} description`, p.description], [`setting ${id} markdownDescription`, p.markdownDescription],
        ...[...(p.enumDescriptions ?? []), ...(p.markdownEnumDescriptions ?? [])].map((d, i): [string, string] => [`setting ${id} enum description ${i}`, d]),
      ]),
      ...(c.languageModelTools ?? []).flatMap((t): [string, string | undefined][] => [[`tool ${t.name} displayName`, t.displayName], [`tool ${t.name} userDescription`, t.userDescription]]),
    ];
    const plain = strings.filter(([, v]) => v !== undefined && !/^%[^%\s]+%$/.test(v)).map(([where, v]) => `${where}: ${JSON.stringify(v)}`);
    assert.deepEqual(plain, [], `plain English in package.json: move it to package.nls.json as a %key% and translate it\n${plain.join('\n')}`);
  });

  it('every package.nls.json string exists in every locale', () => {
    const problems = compare(readJson<Bundle>('package.nls.json'), (l) => `package.nls.${l}.json`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('l10n/bundle.l10n.json holds exactly the l10n.t strings of src/ and webview/', async () => {
    const extracted = await getL10nJson([...sources('src'), ...sources('webview')]);
    const committed = readJson<Bundle>('l10n/bundle.l10n.json');
    const added = Object.keys(extracted).filter((k) => !(k in committed));
    const removed = Object.keys(committed).filter((k) => !(k in extracted));
    assert.ok(Object.keys(extracted).length > 100, `only ${Object.keys(extracted).length} strings extracted`);
    assert.deepEqual({ added, removed }, { added: [], removed: [] }, 'l10n/bundle.l10n.json is stale: run `npm run l10n:extract`');
  });

  it('every l10n/bundle.l10n.json string exists in every locale', () => {
    const problems = compare(readJson<Bundle>('l10n/bundle.l10n.json'), (l) => `l10n/bundle.l10n.${l}.json`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('the Korean bundles load through @vscode/l10n: a command title, the Generate button, a host error, gallery strings', () => {
    l10n.config({ contents: readJson<Bundle>('package.nls.ko.json') as Record<string, string> });
    assert.equal(l10n.t('command.generate'), '이미지 생성…');
    assert.equal(l10n.t('command.checkSetup'), '설정 확인');
    assert.equal(l10n.t('view.gallery.name'), '갤러리');
    l10n.config({ contents: readJson<Bundle>('l10n/bundle.l10n.ko.json') as Record<string, string> });
    assert.equal(l10n.t('Generate'), '생성');
    assert.equal(l10n.t('Open a folder first: images are saved into the workspace.'), '먼저 폴더를 여세요. 이미지는 작업 영역에 저장됩니다.');
    assert.equal(l10n.t('Moved {0} images to the trash.', 3), '이미지 3개를 휴지통으로 이동했습니다.');
    assert.equal(l10n.t('Folder: {0}', 'assets/icons'), '폴더: assets/icons', 'a gallery filter chip');
    assert.equal(l10n.t('{0} of {1} · {2} selected', 1, 4, 2), '4개 중 1개 · 2개 선택됨', 'the gallery count line');
    assert.equal(l10n.t('A string no bundle has'), 'A string no bundle has', 'an unknown string falls back to English');
  });
});
