// A line-level map of a markdown document: front matter, fenced code, headings and blank lines — enough to find
// sections and block boundaries without a full parser.

export type LineKind = 'blank' | 'text' | 'heading' | 'setext-underline' | 'fence' | 'front-matter';

export interface Heading {
  /** 0-based line of the heading text. */
  readonly line: number;
  /** Last line of the heading (the underline of a setext heading). */
  readonly endLine: number;
  readonly level: number;
  readonly text: string;
}

export interface MarkdownMap {
  readonly lines: readonly string[];
  readonly kinds: readonly LineKind[];
  readonly headings: readonly Heading[];
  /** Fenced code blocks, from the opening to the closing fence line (the last line when unclosed). */
  readonly fences: readonly { readonly start: number; readonly end: number }[];
  /** Last line of the front matter, or -1 when there is none. */
  readonly frontMatterEnd: number;
  /** `title:` of the front matter, if any. */
  readonly frontMatterTitle?: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function scanFrontMatter(lines: readonly string[]): { end: number; title?: string } {
  const open = lines[0]?.trim();
  if (open !== '---' && open !== '+++') return { end: -1 };
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === open || (open === '---' && l === '...')) {
      const title = lines.slice(1, i).map((x) => /^title\s*[:=]\s*(.+)$/.exec(x.trim())?.[1]).find((x) => x !== undefined);
      return { end: i, ...(title ? { title: title.trim().replace(/^(['"])(.*)\1$/, '$2') } : {}) };
    }
  }
  return { end: -1 };
}

/** Classify every line and collect the headings (ATX and setext), skipping front matter and fenced code. */
export function mapMarkdown(text: string): MarkdownMap {
  const lines = splitLines(text);
  const kinds: LineKind[] = new Array<LineKind>(lines.length).fill('text');
  const headings: Heading[] = [];
  const fences: { start: number; end: number }[] = [];
  const fm = scanFrontMatter(lines);
  for (let i = 0; i <= fm.end; i++) kinds[i] = 'front-matter';
  let fence: { char: string; len: number; start: number } | undefined;
  for (let i = fm.end + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      kinds[i] = 'fence';
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.len) {
        fences.push({ start: fence.start, end: i });
        fence = undefined;
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      kinds[i] = 'fence';
      fence = { char: open[1]![0]!, len: open[1]!.length, start: i };
      continue;
    }
    if (line.trim() === '') { kinds[i] = 'blank'; continue; }
    const atx = ATX.exec(line);
    if (atx) {
      kinds[i] = 'heading';
      headings.push({ line: i, endLine: i, level: atx[1]!.length, text: (atx[2] ?? '').trim() });
      continue;
    }
    const under = SETEXT.exec(line);
    const prev = i - 1;
    if (under && prev > fm.end && kinds[prev] === 'text' && (prev === 0 || kinds[prev - 1] !== 'text')) {
      kinds[prev] = 'heading';
      kinds[i] = 'setext-underline';
      headings.push({ line: prev, endLine: i, level: under[1]![0] === '=' ? 1 : 2, text: lines[prev]!.trim() });
    }
  }
  if (fence) fences.push({ start: fence.start, end: lines.length - 1 });
  return { lines, kinds, headings, fences, frontMatterEnd: fm.end, ...(fm.title !== undefined ? { frontMatterTitle: fm.title } : {}) };
}

/** The heading whose section contains `line` (the nearest heading at or above it), if any. */
export function headingAt(map: MarkdownMap, line: number): Heading | undefined {
  let found: Heading | undefined;
  for (const h of map.headings) {
    if (h.line > line) break;
    found = h;
  }
  return found;
}

/** The first line after `heading`'s section (the next heading of any level, or the end). */
export function sectionEnd(map: MarkdownMap, heading: Heading): number {
  return map.headings.find((h) => h.line > heading.line)?.line ?? map.lines.length;
}

/**
 * The last line of the block that holds `line`, so an insertion after it lands between blocks: the end of a
 * paragraph or list, the closing fence of a code block, the end of the front matter or of a heading.
 * A blank line belongs to the block before it.
 */
export function blockEnd(map: MarkdownMap, line: number): number {
  const { kinds } = map;
  let i = Math.max(0, Math.min(line, kinds.length - 1));
  while (i > 0 && kinds[i] === 'blank') i--;
  if (kinds[i] === 'blank') return i;
  if (kinds[i] === 'front-matter') return map.frontMatterEnd;
  const heading = map.headings.find((h) => i >= h.line && i <= h.endLine);
  if (heading) return heading.endLine;
  if (kinds[i] === 'fence') return map.fences.find((f) => i >= f.start && i <= f.end)?.end ?? i;
  let end = i;
  for (;;) {
    while (end + 1 < kinds.length && kinds[end + 1] === 'text') end++;
    // Indented lines after blank ones continue the block (indented code, a list item's later paragraphs).
    let next = end + 1;
    while (next < kinds.length && kinds[next] === 'blank') next++;
    if (next === end + 1 || next >= kinds.length || kinds[next] !== 'text' || !/^(?: {2,}|\t)/.test(map.lines[next]!)) return end;
    end = next;
  }
}
