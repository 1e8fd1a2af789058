// Illustrating markdown: draft a prompt from a document, find where the image link goes (between blocks, never
// inside a paragraph or a code block), and write the link: relative to the document, encoded, with short alt text.
import * as path from 'node:path';
import { blockEnd, headingAt, mapMarkdown, sectionEnd, type MarkdownMap } from './markdownBlocks';
import { once } from './once';

export interface TextPosition { readonly line: number; readonly character: number }
export interface TextRange { readonly start: TextPosition; readonly end: TextPosition }

/** What the prompt was drafted from, which also decides where the link goes. */
export type DraftSource = 'selection' | 'section' | 'document';

/** Where an illustration belongs; kept while the user edits the prompt, re-resolved against the text at insertion. */
export interface MarkdownAnchor {
  readonly source: DraftSource;
  /** `selection`: the selection's last line; `section`: the cursor line; `document`: unused. */
  readonly line: number;
}

export interface MarkdownDraft {
  readonly prompt: string;
  readonly anchor: MarkdownAnchor;
  /** The heading of the section the illustration belongs to, if any. */
  readonly heading?: string;
}

/** A drafted prompt is cut to this many characters; the user edits it before generating. */
export const MAX_DRAFT_CHARS = 800;

/** Markdown to plain prose: links to their text, no images, code blocks, HTML, emphasis or list markers. */
export function plainText(markdown: string): string {
  const map = mapMarkdown(markdown);
  const kept = map.lines.filter((_l, i) => map.kinds[i] !== 'fence' && map.kinds[i] !== 'front-matter' && map.kinds[i] !== 'setext-underline');
  return kept.join('\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/^ {0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^\s*(?:>\s*)+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/gm, '')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|~~|\*|`+)/g, '')
    .replace(/(^|\s)_(\S)/g, '$1$2').replace(/(\S)_(\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

// Made on first use: the first Intl.Segmenter loads ICU's break data (~4 ms), which activation does not need.
const graphemes = once(() => new Intl.Segmenter('und', { granularity: 'grapheme' }));
/** UTF-16 units looked at per grapheme kept: the segmenter reads its whole input, so it gets only a window. */
const GRAPHEME_WINDOW = 16;

/** The first `max` graphemes of `text` (never half an emoji or surrogate pair), reading at most a window of it. */
function headGraphemes(text: string, max: number): { head: string; cut: boolean } {
  if (text.length <= max) return { head: text, cut: false };
  const window = text.slice(0, max * GRAPHEME_WINDOW);
  const parts: string[] = [];
  for (const { segment } of graphemes().segment(window)) {
    if (parts.length === max) return { head: parts.join(''), cut: true };
    parts.push(segment);
  }
  if (window.length === text.length) return { head: text, cut: false };
  parts.pop(); // the window's last grapheme may go on past it
  return { head: parts.join(''), cut: true };
}

/** Cut `text` to `max` graphemes at a sentence or word end where one is close, else between graphemes. */
export function cutText(text: string, max: number): string {
  const { head, cut } = headGraphemes(text, max);
  if (!cut) return text;
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('。'), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentence > max * 0.6) return head.slice(0, sentence + 1).trim();
  const space = head.lastIndexOf(' ');
  return (space > max * 0.6 ? head.slice(0, space) : head).trim();
}

function titleOf(map: MarkdownMap): { text?: string; line: number } {
  const h1 = map.headings.find((h) => h.level === 1);
  if (map.frontMatterTitle) return { text: map.frontMatterTitle, line: h1 ? h1.endLine : map.frontMatterEnd };
  return h1 ? { text: plainText(h1.text), line: h1.endLine } : { line: map.frontMatterEnd };
}

/** The first paragraph of prose after line `after`. */
function openingAfter(map: MarkdownMap, after: number): string {
  for (let i = after + 1; i < map.lines.length; i++) {
    if (map.kinds[i] !== 'text') continue;
    const end = blockEnd(map, i);
    const prose = plainText(map.lines.slice(i, end + 1).join('\n'));
    if (prose !== '') return prose;
    i = end;
  }
  return '';
}

function join(title: string, body: string): string {
  if (title === '') return body;
  if (body === '') return title;
  return `${title}: ${body}`;
}

/**
 * Draft a prompt: the selection if there is one, else the section around the cursor (its heading and text), else
 * the document's title and opening. `fallback` (e.g. the file name) is used for an empty document.
 */
export function draftFromMarkdown(text: string, o: { selection?: TextRange; cursor?: TextPosition; fallback?: string } = {}): MarkdownDraft {
  const map = mapMarkdown(text);
  const sel = o.selection;
  if (sel && !(sel.start.line === sel.end.line && sel.start.character === sel.end.character)) {
    const selected = sliceRange(map.lines, sel);
    const prose = plainText(selected);
    if (prose !== '') {
      const heading = headingAt(map, sel.start.line);
      return {
        prompt: cutText(prose, MAX_DRAFT_CHARS),
        anchor: { source: 'selection', line: lastSelectedLine(sel) },
        ...(heading ? { heading: plainText(heading.text) } : {}),
      };
    }
  }
  const heading = o.cursor ? headingAt(map, o.cursor.line) : undefined;
  if (o.cursor && heading) {
    const title = plainText(heading.text);
    const body = plainText(map.lines.slice(heading.endLine + 1, sectionEnd(map, heading)).join('\n'));
    return { prompt: cutText(join(title, body), MAX_DRAFT_CHARS), anchor: { source: 'section', line: o.cursor.line }, ...(title ? { heading: title } : {}) };
  }
  const title = titleOf(map);
  const prompt = join(title.text ?? '', openingAfter(map, title.line)) || (o.fallback ?? '').trim();
  return { prompt: cutText(prompt, MAX_DRAFT_CHARS), anchor: { source: 'document', line: 0 }, ...(title.text ? { heading: title.text } : {}) };
}

/** The last line a selection really covers: a selection ending at column 0 of a later line ends on the line before. */
function lastSelectedLine(sel: TextRange): number {
  return sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
}

function sliceRange(lines: readonly string[], r: TextRange): string {
  if (r.start.line === r.end.line) return (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  const out = [(lines[r.start.line] ?? '').slice(r.start.character)];
  for (let i = r.start.line + 1; i < r.end.line; i++) out.push(lines[i] ?? '');
  out.push((lines[r.end.line] ?? '').slice(0, r.end.character));
  return out.join('\n');
}

/**
 * The line after which the link goes, for the text as it is now: after the block that ends the selection, after
 * the heading of the cursor's section, or after the title (the front matter, or -1 for the very top).
 */
export function insertionLine(text: string, anchor: MarkdownAnchor): number {
  const map = mapMarkdown(text);
  const last = map.lines.length - 1;
  if (anchor.source === 'selection') return blockEnd(map, Math.min(anchor.line, last));
  if (anchor.source === 'section') {
    const h = headingAt(map, Math.min(anchor.line, last));
    if (h) return h.endLine;
  }
  return titleOf(map).line;
}

export interface InsertionPlan {
  /** Where the text goes (0-based). */
  readonly line: number;
  readonly character: number;
  readonly text: string;
  /** The 0-based line of each link once inserted. */
  readonly linkLines: readonly number[];
}

/** The text to insert after line `afterLine` (-1: at the top) so each link is a paragraph of its own. */
export function planInsertion(text: string, afterLine: number, links: readonly string[], eol: '\n' | '\r\n' = text.includes('\r\n') ? '\r\n' : '\n'): InsertionPlan {
  const lines = text.split(/\r?\n/);
  const body = links.join(eol + eol);
  const step = (k: number) => k * 2;
  if (afterLine < 0) {
    const nextBlank = (lines[0] ?? '').trim() === '';
    return { line: 0, character: 0, text: body + eol + (nextBlank ? '' : eol), linkLines: links.map((_l, k) => step(k)) };
  }
  const at = Math.min(afterLine, lines.length - 1);
  const next = lines[at + 1];
  const trailing = next !== undefined && next.trim() !== '' ? eol : '';
  return { line: at, character: (lines[at] ?? '').length, text: eol + eol + body + trailing, linkLines: links.map((_l, k) => at + 2 + step(k)) };
}

/** Percent-encode one path segment for a markdown link: spaces, parentheses, `#`, `?`, `%`, non-ASCII… */
function encodeSegment(segment: string): string {
  return segment === '..' || segment === '.' ? segment : encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The link destination of `imagePath` from the document at `documentPath` (both absolute POSIX paths). */
export function markdownLinkPath(documentPath: string, imagePath: string): string {
  return encodeLinkPath(path.posix.relative(path.posix.dirname(documentPath), imagePath));
}

/** A relative POSIX path as a link destination: each segment percent-encoded (parentheses too). */
export function encodeLinkPath(relativePath: string): string {
  return relativePath.split('/').map(encodeSegment).join('/');
}

/** How much of a prompt alt text is built from, per character of alt text: the work is bounded whatever the prompt's length. */
const ALT_SOURCE_FACTOR = 8;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The alt text of every link Pixelsmith writes: the prompt's first clause, at most `maxChars` graphemes, no raw HTML
 * (`<` and `>` dropped), `[`, `]` and `\` escaped. Cut first, then built: a 64k-character prompt costs what a short one does.
 */
export function altFromPrompt(prompt: string, maxChars = 80): string {
  const source = headGraphemes(prompt, maxChars * ALT_SOURCE_FACTOR).head.replace(LONE_SURROGATE, '');
  const prose = plainText(source).replace(/^\[[^\]]*\]\s*/, '').replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
  const first = prose.split(/(?<=[.!?。！？])\s+|[:;—–]\s+|\n/)[0] ?? prose;
  const cut = cutText(first, maxChars).replace(/[\s.,;:!?。、-]+$/u, '');
  return cut.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** `![alt](path)`. */
export function imageLink(alt: string, linkPath: string): string {
  return `![${alt}](${linkPath})`;
}

/** What Illustrate Markdown links for a saved image (pixelsmith.illustrate.insert): the original, its web copy, or a `<picture>` offering both. */
export const ILLUSTRATE_INSERTS = ['original', 'webCopy', 'picture'] as const;
export type IllustrateInsert = (typeof ILLUSTRATE_INSERTS)[number];

const HTML_ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const htmlAttribute = (v: string) => v.replace(/[&"<>]/g, (c) => HTML_ATTRIBUTE_ESCAPES[c]!);

/**
 * One line of raw HTML: `<picture>` offering the web copy (`srcset`, its MIME `type`) with the original as the `<img>`
 * every browser falls back to. `alt` as altFromPrompt makes it (its markdown escapes undone: raw HTML takes none).
 */
export function pictureElement(alt: string, source: { readonly path: string; readonly type: string }, imgPath: string): string {
  const plainAlt = alt.replace(/\\([\\[\]])/g, '$1');
  return `<picture><source srcset="${htmlAttribute(source.path)}" type="${htmlAttribute(source.type)}"><img src="${htmlAttribute(imgPath)}" alt="${htmlAttribute(plainAlt)}"></picture>`;
}
