// Unicode-aware tokens for prompt search in any language. Space-separated scripts become words
// (matched by prefix); scripts written without spaces (Chinese, Japanese) become character
// bigrams, so any substring of two or more characters is found without a dictionary.
import { once } from '../once';

// Han, Hiragana, Katakana and the marks that live inside Japanese words.
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u3006\u30fc\uff70]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u3006\u30fc\uff70]/u;
// Diacritics are folded only after Latin, Greek and Cyrillic letters: in Indic scripts the marks are vowels.
const FOLDABLE_MARK = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{Mn}+/gu;
const WORD = /[\p{L}\p{N}\p{M}]/u;

/** Made on first use (ICU's break data is not activation's work). */
const segmenter = once(() => new Intl.Segmenter('und', { granularity: 'word' }));

/** Lower case, compatibility forms unified (full-width → ASCII), Latin/Greek/Cyrillic accents removed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(FOLDABLE_MARK, '$1').normalize('NFC');
}

/** True when the text holds a Chinese or Japanese character. */
export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** The words of a text that is already normalized, without CJK runs (those are n-grams, below). */
export function words(normalized: string): string[] {
  const out: string[] = [];
  const rest = normalized.replace(CJK_RUN, ' ');
  for (const s of segmenter().segment(rest)) {
    if (s.isWordLike && WORD.test(s.segment)) out.push(s.segment);
  }
  return out;
}

/** Unigrams and bigrams of every CJK run of a normalized text. */
export function cjkGrams(normalized: string): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(CJK_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

/** The distinct index tokens of a text: words and CJK grams. */
export function indexTokens(text: string): string[] {
  const n = normalizeText(text);
  return [...new Set([...words(n), ...cjkGrams(n)])];
}

/** One term of a query: a word matched by prefix, or a CJK run matched as a substring. */
export type QueryTerm =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'cjk'; readonly text: string; readonly grams: readonly string[] };

/** Split a query into terms; every term must match (AND). */
export function parseQuery(query: string): QueryTerm[] {
  const n = normalizeText(query).slice(0, 500);
  const terms: QueryTerm[] = words(n).map((w) => ({ kind: 'word', text: w }));
  for (const m of n.matchAll(CJK_RUN)) {
    const chars = [...m[0]];
    const grams = chars.length === 1 ? chars : chars.slice(0, -1).map((c, i) => c + chars[i + 1]!);
    terms.push({ kind: 'cjk', text: m[0], grams: [...new Set(grams)] });
  }
  return terms;
}

/** Does a text match every term? For small lists (candidates), where no index is worth building. */
export function textMatches(terms: readonly QueryTerm[], text: string): boolean {
  if (terms.length === 0) return true;
  const n = normalizeText(text);
  const ws = terms.some((t) => t.kind === 'word') ? words(n) : [];
  return terms.every((t) => (t.kind === 'cjk' ? n.includes(t.text) : ws.some((w) => w.startsWith(t.text))));
}
