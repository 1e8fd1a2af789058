// File names from prompts: short, lowercase, readable in every script, and safe on Windows, macOS and Linux.
import { PixelsmithError } from './errors';

/** Longest file name we produce, in UTF-8 bytes; leaves room for `.json` under the usual 255-byte limit. */
export const MAX_FILE_NAME_BYTES = 200;
export const NAMING_TOKENS = ['slug', 'date', 'time', 'index', 'preset', 'model', 'lang'] as const;
export type NamingToken = (typeof NAMING_TOKENS)[number];

const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'without', 'by', 'and', 'or', 'but',
  'is', 'are', 'was', 'be', 'as', 'into', 'onto', 'over', 'under', 'that', 'this', 'these', 'those', 'it', 'its',
  'very', 'some', 'please', 'make', 'create', 'generate', 'draw', 'image', 'picture', 'photo', 'showing', 'featuring',
]);
// Latin letters that NFD does not split into base + mark.
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ŋ: 'n', ħ: 'h', ŧ: 't',
};
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// Fillers that show as blank space (Hangul fillers, Braille blank): a word break, never part of a name.
const BLANK_FILLERS = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;
// Default-ignorable code points show as nothing, so a name could hide them; ZWJ and VS16 stay inside emoji sequences.
const INVISIBLE = /(?<!\p{Extended_Pictographic}\p{Emoji_Modifier}?)\uFE0F|\u200D(?!\p{Extended_Pictographic})|(?<!\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)\u200D|(?!\u200D|\uFE0F)\p{Default_Ignorable_Code_Point}/gu;
// Forbidden on Windows, control characters, and bidi controls that could disguise an extension.
const UNSAFE = /[<>:"/\\|?*\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  }
  return [...text];
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, cut between graphemes. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const g of graphemes(text)) {
    const b = utf8Length(g);
    if (bytes + b > maxBytes) break;
    out += g;
    bytes += b;
  }
  return out;
}

function cutToChars(text: string, maxChars: number): string {
  let out = '';
  let count = 0;
  for (const g of graphemes(text)) {
    const n = [...g].length;
    if (count + n > maxChars) break;
    out += g;
    count += n;
  }
  return out;
}

function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!LATIN.test(lower)) return lower;
  const folded = [...lower].map((c) => LATIN_SPECIAL[c] ?? c).join('');
  return folded.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

function words(prompt: string): string[] {
  const text = prompt.normalize('NFC').replace(BLANK_FILLERS, ' ').replace(INVISIBLE, '').replace(/(\p{L})['’](?=\p{L})/gu, '$1');
  return (text.match(WORD) ?? []).map(foldWord).filter((w) => w !== '' && !/^\p{M}+$/u.test(w));
}

function joinWithin(list: readonly string[], maxLen: number): string {
  let out = '';
  for (const w of list) {
    const next = out === '' ? w : `${out}-${w}`;
    if ([...next].length > maxLen) break;
    out = next;
  }
  // A first word longer than the limit (CJK and Thai have no spaces) is cut between words, else graphemes.
  return out === '' && list[0] !== undefined ? cutLongWord(list[0], maxLen) : out;
}

function cutLongWord(word: string, maxLen: number): string {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let out = '';
    for (const { segment } of new Intl.Segmenter('und', { granularity: 'word' }).segment(word)) {
      if ([...out + segment].length > maxLen) break;
      out += segment;
    }
    if (out !== '') return out;
  }
  return cutToChars(word, maxLen);
}

/** A short, lowercase slug of the prompt in its own script, words joined by '-'; never empty ('image'). */
export function slugFromPrompt(prompt: string, maxLen = 48): string {
  const all = words(prompt);
  let chosen = all;
  if ([...all.join('-')].length > maxLen) {
    const content = all.filter((w) => !STOP_WORDS.has(w));
    if (content.length > 0) chosen = content;
  }
  const slug = joinWithin(chosen, Math.max(1, maxLen));
  return sanitizeFileName(slug === '' ? 'image' : slug);
}

/** Make any base name safe on every OS: no reserved characters or names, no trailing dot/space, ≤ maxBytes UTF-8. */
export function sanitizeFileName(name: string, maxBytes = MAX_FILE_NAME_BYTES): string {
  let out = name.normalize('NFC').replace(UNSAFE, '-').replace(BLANK_FILLERS, '-').replace(INVISIBLE, '').replace(/-{2,}/g, '-').trim();
  // Leading '-' reads as an option on command lines; trailing dots and spaces are dropped by Windows.
  out = cutToBytes(out, maxBytes).replace(/[-. ]+$/u, '').replace(/^[-. ]+/u, '');
  if (out === '') out = 'image';
  const stem = out.split('.')[0] ?? out;
  if (RESERVED.test(stem.trim())) out = `${stem}-image${out.slice(stem.length)}`;
  return cutToBytes(out, maxBytes);
}

export interface NamingValues {
  readonly slug: string;
  readonly date: Date;
  /** 1-based. */
  readonly index: number;
  readonly preset?: string;
  readonly model?: string;
  /** BCP 47 tag of a localized asset; empty otherwise. */
  readonly lang?: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Fill a pattern like `{date}-{slug}-{index}`; an unknown `{token}` is a config error naming it. Returns a safe base name. */
export function applyNamingPattern(pattern: string, values: NamingValues): string {
  const d = values.date;
  const table: Record<NamingToken, string> = {
    slug: values.slug,
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`,
    index: String(values.index),
    preset: values.preset ?? 'custom',
    model: values.model ?? '',
    lang: values.lang ?? '',
  };
  const filled = pattern.replace(/\{([^{}]*)\}/g, (_m, token: string) => {
    if ((NAMING_TOKENS as readonly string[]).includes(token)) return table[token as NamingToken];
    throw new PixelsmithError('config', `naming pattern ${JSON.stringify(pattern)}: unknown token {${token}}. Allowed: ${NAMING_TOKENS.map((t) => `{${t}}`).join(', ')}.`, {
      field: 'pixelsmith.naming.pattern',
      allowed: NAMING_TOKENS.map((t) => `{${t}}`),
      hint: 'Fix pixelsmith.naming.pattern in your settings.',
    });
  });
  return sanitizeFileName(filled);
}

/** Up to this many suffixes are tried before giving up. */
const MAX_ATTEMPTS = 10_000;

/** The first free name of base.ext, base-2.ext, base-3.ext…; `exists` decides clashes (case-insensitively where the FS is). */
export async function nextFreeName(base: string, ext: string, exists: (name: string) => boolean | Promise<boolean>): Promise<string> {
  const dotExt = ext === '' ? '' : `.${ext.replace(/^\./, '')}`;
  for (let i = 1; i <= MAX_ATTEMPTS; i++) {
    const suffix = i === 1 ? '' : `-${i}`;
    const room = MAX_FILE_NAME_BYTES - utf8Length(suffix + dotExt);
    const name = `${sanitizeFileName(base, room)}${suffix}${dotExt}`;
    if (!(await exists(name))) return name;
  }
  throw new PixelsmithError('exists', `No free file name for "${base}${dotExt}" after ${MAX_ATTEMPTS} tries.`, {
    hint: 'Choose another name or folder.',
  });
}
