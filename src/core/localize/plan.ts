// One localized edit per language: the prompt that asks for it, and the name its result is saved under.
import { ValidationError } from '../errors';
import { applyNamingPattern, sanitizeFileName } from '../naming';
import { languageFor } from './languages';

/** Exact translations for one language: source text → the text to render instead. */
export type StringTable = Readonly<Record<string, string>>;

export const MAX_STRINGS_PER_LANGUAGE = 200;
export const MAX_STRING_LENGTH = 2000;

const TABLE_LINE_START = '- ';
const TABLE_ARROW = ' → ';

/** The string table a localize prompt (as written by localizePrompt) carries: what Check Text expects in the translation. */
export function stringTableFromPrompt(prompt: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of prompt.split('\n')) {
    if (!line.startsWith(`${TABLE_LINE_START}"`)) continue;
    const at = line.lastIndexOf(`${TABLE_ARROW}"`);
    if (at < 0) continue;
    try {
      const from: unknown = JSON.parse(line.slice(TABLE_LINE_START.length, at));
      const to: unknown = JSON.parse(line.slice(at + TABLE_ARROW.length));
      if (typeof from === 'string' && typeof to === 'string') out[from] = to;
    } catch {
      // Not a table line.
    }
  }
  return out;
}

/** The edit prompt for `tag`: every visible text replaced, everything else kept, right-to-left scripts laid out so. */
export function localizePrompt(tag: string, strings?: StringTable): string {
  const lang = languageFor(tag);
  const lines = [
    `Localize this image into ${lang.name} (${lang.tag}). Replace every visible text in the reference image with its ${lang.name} translation.`,
  ];
  const pairs = Object.entries(strings ?? {});
  if (pairs.length > 0) {
    lines.push(`Use exactly these translations, character for character:`);
    for (const [from, to] of pairs) lines.push(`${TABLE_LINE_START}${JSON.stringify(from)}${TABLE_ARROW}${JSON.stringify(to)}`);
    lines.push(`Translate any other text naturally into ${lang.name}.`);
  }
  lines.push('Keep the layout, composition, typography style and weight, colours, images, icons, logos and everything else exactly as they are; only the text changes. Fit each translation in the space of the original text.');
  if (lang.rtl) lines.push(`${lang.name} is written right to left: lay out every text line right to left, aligned and ordered as ${lang.name} text is, with mirrored text alignment where the original aligns text to the left.`);
  return lines.join('\n');
}

/**
 * The base name (no extension) of the translation of `originalBase` into `tag`: `<name>.<lang>` by default, or the
 * naming pattern when it has a `{lang}` token (`{slug}` is then the original's base name).
 */
export function localizedBaseName(originalBase: string, tag: string, pattern: string, date: Date): string {
  if (!pattern.includes('{lang}')) return sanitizeFileName(`${originalBase}.${tag}`);
  return applyNamingPattern(pattern, { slug: originalBase, date, index: 1, lang: tag });
}

/** Check `strings` against the chosen languages: every key a chosen language, every value a short non-empty string. */
export function checkStringTables(raw: unknown, languages: readonly string[], field = 'strings'): Record<string, StringTable> {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError(field, `${field} must be an object: { "ko": { "Start": "시작" } }.`);
  const out: Record<string, StringTable> = {};
  for (const [lang, table] of Object.entries(raw)) {
    const tag = languages.find((l) => l.toLowerCase() === lang.toLowerCase());
    if (!tag) throw new ValidationError(`${field}.${lang}`, `${field}.${lang}: "${lang}" is not one of the languages asked for (${languages.join(', ')}).`, { allowed: [...languages] });
    if (table === null || typeof table !== 'object' || Array.isArray(table)) throw new ValidationError(`${field}.${lang}`, `${field}.${lang} must be an object from source text to translation.`);
    const entries = Object.entries(table as Record<string, unknown>);
    if (entries.length > MAX_STRINGS_PER_LANGUAGE) throw new ValidationError(`${field}.${lang}`, `${field}.${lang}: at most ${MAX_STRINGS_PER_LANGUAGE} strings.`);
    const t: Record<string, string> = {};
    for (const [from, to] of entries) {
      if (typeof to !== 'string' || to.trim() === '' || to.length > MAX_STRING_LENGTH || from.trim() === '' || from.length > MAX_STRING_LENGTH) {
        throw new ValidationError(`${field}.${lang}`, `${field}.${lang}[${JSON.stringify(from).slice(0, 40)}] must map a non-empty source text to a non-empty translation of at most ${MAX_STRING_LENGTH} characters.`);
      }
      t[from] = to;
    }
    out[tag] = t;
  }
  return out;
}

/** Parse what a user types for one language: `Source = Translation` pairs, one per line or separated by `;`. */
export function parseStringTableText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;\n]/)) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at < 0) throw new ValidationError('strings', `"${part.trim().slice(0, 40)}" has no "=": write Source = Translation.`);
    const from = part.slice(0, at).trim();
    const to = part.slice(at + 1).trim();
    if (from === '' || to === '') throw new ValidationError('strings', `"${part.trim().slice(0, 40)}": both sides of "=" must have text.`);
    out[from] = to;
  }
  return out;
}

/** A translation's language and original, as its sidecar or its generation record has them. */
export interface TranslationOf {
  readonly language: string;
  readonly parent: { readonly file: string; readonly sha256: string };
}

/**
 * What a remix or a regenerate of a translation keeps: its language and its original (the translation's own
 * parent, so the new image is another translation of the same original). Undefined unless both are there.
 */
export function translationOf(from: { readonly language?: string | undefined; readonly parent?: { readonly file: string; readonly sha256: string } | undefined } | undefined): TranslationOf | undefined {
  if (!from?.language || !from.parent) return undefined;
  return { language: from.language, parent: { file: from.parent.file, sha256: from.parent.sha256 } };
}

/** The base name a translation is saved under, as Localize names it: the original's base name and the language. */
export function translationBaseName(t: TranslationOf, pattern: string, date: Date): string {
  const file = t.parent.file.slice(t.parent.file.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return localizedBaseName(dot > 0 ? file.slice(0, dot) : file, t.language, pattern, date);
}
