// The languages Localize offers, with their BCP 47 tags; a tag not listed is still accepted when well-formed.
import { ValidationError } from '../errors';

export interface Language {
  /** BCP 47 tag, as it goes into file names and sidecars. */
  readonly tag: string;
  /** English name, used in prompts. */
  readonly name: string;
  /** The name in the language itself, shown in the picker. */
  readonly native: string;
  readonly rtl?: true;
}

export const LANGUAGES: readonly Language[] = [
  { tag: 'ar', name: 'Arabic', native: 'العربية', rtl: true },
  { tag: 'bg', name: 'Bulgarian', native: 'Български' },
  { tag: 'bn', name: 'Bengali', native: 'বাংলা' },
  { tag: 'ca', name: 'Catalan', native: 'Català' },
  { tag: 'cs', name: 'Czech', native: 'Čeština' },
  { tag: 'da', name: 'Danish', native: 'Dansk' },
  { tag: 'de', name: 'German', native: 'Deutsch' },
  { tag: 'el', name: 'Greek', native: 'Ελληνικά' },
  { tag: 'en', name: 'English', native: 'English' },
  { tag: 'es', name: 'Spanish', native: 'Español' },
  { tag: 'es-419', name: 'Latin American Spanish', native: 'Español (Latinoamérica)' },
  { tag: 'et', name: 'Estonian', native: 'Eesti' },
  { tag: 'fa', name: 'Persian', native: 'فارسی', rtl: true },
  { tag: 'fi', name: 'Finnish', native: 'Suomi' },
  { tag: 'fil', name: 'Filipino', native: 'Filipino' },
  { tag: 'fr', name: 'French', native: 'Français' },
  { tag: 'fr-CA', name: 'Canadian French', native: 'Français (Canada)' },
  { tag: 'gu', name: 'Gujarati', native: 'ગુજરાતી' },
  { tag: 'he', name: 'Hebrew', native: 'עברית', rtl: true },
  { tag: 'hi', name: 'Hindi', native: 'हिन्दी' },
  { tag: 'hr', name: 'Croatian', native: 'Hrvatski' },
  { tag: 'hu', name: 'Hungarian', native: 'Magyar' },
  { tag: 'id', name: 'Indonesian', native: 'Bahasa Indonesia' },
  { tag: 'it', name: 'Italian', native: 'Italiano' },
  { tag: 'ja', name: 'Japanese', native: '日本語' },
  { tag: 'kn', name: 'Kannada', native: 'ಕನ್ನಡ' },
  { tag: 'ko', name: 'Korean', native: '한국어' },
  { tag: 'lt', name: 'Lithuanian', native: 'Lietuvių' },
  { tag: 'lv', name: 'Latvian', native: 'Latviešu' },
  { tag: 'ml', name: 'Malayalam', native: 'മലയാളം' },
  { tag: 'mr', name: 'Marathi', native: 'मराठी' },
  { tag: 'ms', name: 'Malay', native: 'Bahasa Melayu' },
  { tag: 'nb', name: 'Norwegian Bokmål', native: 'Norsk bokmål' },
  { tag: 'nl', name: 'Dutch', native: 'Nederlands' },
  { tag: 'pl', name: 'Polish', native: 'Polski' },
  { tag: 'pt-BR', name: 'Brazilian Portuguese', native: 'Português (Brasil)' },
  { tag: 'pt-PT', name: 'European Portuguese', native: 'Português (Portugal)' },
  { tag: 'ro', name: 'Romanian', native: 'Română' },
  { tag: 'ru', name: 'Russian', native: 'Русский' },
  { tag: 'sk', name: 'Slovak', native: 'Slovenčina' },
  { tag: 'sl', name: 'Slovenian', native: 'Slovenščina' },
  { tag: 'sr', name: 'Serbian', native: 'Српски' },
  { tag: 'sv', name: 'Swedish', native: 'Svenska' },
  { tag: 'sw', name: 'Swahili', native: 'Kiswahili' },
  { tag: 'ta', name: 'Tamil', native: 'தமிழ்' },
  { tag: 'te', name: 'Telugu', native: 'తెలుగు' },
  { tag: 'th', name: 'Thai', native: 'ไทย' },
  { tag: 'tr', name: 'Turkish', native: 'Türkçe' },
  { tag: 'uk', name: 'Ukrainian', native: 'Українська' },
  { tag: 'ur', name: 'Urdu', native: 'اردو', rtl: true },
  { tag: 'vi', name: 'Vietnamese', native: 'Tiếng Việt' },
  { tag: 'zh-Hans', name: 'Simplified Chinese', native: '简体中文' },
  { tag: 'zh-Hant', name: 'Traditional Chinese', native: '繁體中文' },
];

/** Primary language subtags written right to left (for tags not in the list). */
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'ku']);
const RTL_SCRIPTS: ReadonlySet<string> = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm']);

/** A well-formed BCP 47 language tag of the usual shape (language, script, region, variants); no private-use-only tags. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$/;
export const MAX_LANGUAGES = 64;

/** The listed language for a tag (case-insensitive), or one made from the tag itself. */
export function languageFor(tag: string): Language {
  const known = LANGUAGES.find((l) => l.tag.toLowerCase() === tag.toLowerCase());
  if (known) return known;
  const parts = tag.toLowerCase().split('-');
  const rtl = RTL_SCRIPTS.has(parts[1] ?? '') || (RTL_LANGUAGES.has(parts[0]!) && !['latn', 'cyrl'].includes(parts[1] ?? ''));
  let name = tag;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch { /* an unusual tag: its own text is the name */ }
  return { tag, name, native: name, ...(rtl ? { rtl: true as const } : {}) };
}

/** Check the tags a caller gave: well-formed, no duplicates (case-insensitive), at least one. */
export function checkLanguageTags(tags: readonly string[], field = 'languages'): string[] {
  if (tags.length === 0) throw new ValidationError(field, `${field}: give at least one language tag, e.g. ["ko", "ja"].`);
  if (tags.length > MAX_LANGUAGES) throw new ValidationError(field, `${field}: at most ${MAX_LANGUAGES} languages at once.`);
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    if (!LANGUAGE_TAG.test(t)) throw new ValidationError(`${field}[${i}]`, `${field}[${i}] ${JSON.stringify(t).slice(0, 40)} is not a BCP 47 language tag such as ko, ja, zh-Hans or pt-BR.`);
    const key = t.toLowerCase();
    if (seen.has(key)) throw new ValidationError(`${field}[${i}]`, `${field}[${i}] "${t}" is given twice.`);
    seen.add(key);
  });
  return [...tags];
}

/** The picker's order: the recent choices (most recent first) that are known, then every other language by English name. */
export function orderForPicker(recent: readonly string[]): { recent: Language[]; others: Language[] } {
  const r = recent.map(languageFor).filter((l, i, all) => all.findIndex((x) => x.tag.toLowerCase() === l.tag.toLowerCase()) === i);
  const taken = new Set(r.map((l) => l.tag.toLowerCase()));
  const others = LANGUAGES.filter((l) => !taken.has(l.tag.toLowerCase())).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return { recent: r, others };
}

/** The new recent list after choosing `chosen`: those first, then the earlier ones, at most `max`. */
export function updateRecent(recent: readonly string[], chosen: readonly string[], max = 12): string[] {
  const out: string[] = [];
  for (const t of [...chosen, ...recent]) if (!out.some((x) => x.toLowerCase() === t.toLowerCase())) out.push(t);
  return out.slice(0, max);
}
