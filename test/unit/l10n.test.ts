// The UI in the user's language: every string of package.json (package.nls.json) exists in every shipped locale,
// with the same {0} placeholders, and the Korean bundles load through @vscode/l10n as VS Code loads them.
// A failure names the missing keys: translate them in package.nls.<locale>.json.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

  it('every package.nls.json string exists in every locale', () => {
    const problems = compare(readJson<Bundle>('package.nls.json'), (l) => `package.nls.${l}.json`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('the Korean manifest strings load through @vscode/l10n', () => {
    l10n.config({ contents: readJson<Bundle>('package.nls.ko.json') as Record<string, string> });
    assert.equal(l10n.t('command.generate'), '이미지 생성…');
    assert.equal(l10n.t('command.checkSetup'), '설정 확인');
    assert.equal(l10n.t('view.gallery.name'), '갤러리');
  });
});
