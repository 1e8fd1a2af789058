// A glob pattern read into a small tree, for the linear matcher in nfa.ts: no regular expression is ever built
// from a user's glob, so a hostile `files.exclude` or `markdown.copyFiles.destination` key cannot backtrack.
// Syntax: `**` (whole segments, any number, none too; repeated `**/**` collapse to one), `*` (any characters
// within a segment, dot files too), `?` (one character but `/`), classes (`[abc]`, `[a-z]`, `[!a]`, `[^a]`, a
// leading `]` is a member) and alternatives (`{a,b}`, nested). Unbalanced `[` or `{` are literal. GlobSyntax
// holds what differs between VS Code's files.exclude and picomatch (markdown.copyFiles.destination).

export type GlobNode =
  | { readonly kind: 'char'; readonly cp: number }
  /** `?`: one character but `/`. */
  | { readonly kind: 'one' }
  /** `[...]`: never matches `/`. */
  | { readonly kind: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] }
  /** `*`: any run of characters but `/`. */
  | { readonly kind: 'star' }
  /** `**` then `/`, at a segment start: any number of whole segments, each with its slash, or nothing. */
  | { readonly kind: 'anyDepth' }
  /** `/**` at the end: nothing, or a slash and anything below. */
  | { readonly kind: 'below' }
  /** `**` alone: anything. */
  | { readonly kind: 'anything' }
  | { readonly kind: 'alt'; readonly options: readonly (readonly GlobNode[])[] };

export interface GlobSyntax {
  /** `\` escapes the next character (picomatch); otherwise it is an ordinary character. */
  readonly backslashEscapes: boolean;
  /** `[!a]` is `[^a]` (shells, files.exclude); otherwise `!` is a member (picomatch 2 without `posix`). */
  readonly bangNegatesClass: boolean;
  /** `(a|b)` groups alternatives, `(a)` is `a` (picomatch reads parentheses as a regex group); otherwise literal. */
  readonly parenGroups: boolean;
}

/** A class range whose ends are reversed (`[z-a]`): the caller decides what the whole pattern means then. */
export class InvalidGlobRange extends Error {}

const SLASH = 0x2f;

/** The tree of `pattern`; throws InvalidGlobRange for a reversed range. */
export function parseGlob(pattern: string, syntax: GlobSyntax): GlobNode[] {
  return sequence(pattern, 0, true, '', syntax).nodes;
}

/** `pattern` as literal characters only. */
export function literalGlob(pattern: string): GlobNode[] {
  return Array.from(pattern, (c) => ({ kind: 'char', cp: c.codePointAt(0)! }));
}

interface Parsed {
  readonly nodes: GlobNode[];
  /** Index just past what was read (at a stop character, or the end). */
  readonly end: number;
}

/** Read from `i` to the end or (inside braces, `stops` = ',}') a stop character at this depth. */
function sequence(p: string, i: number, segmentStart: boolean, stops: string, syntax: GlobSyntax): Parsed {
  const nodes: GlobNode[] = [];
  let atStart = segmentStart;
  const segmentEndAt = (j: number) => j === p.length || p[j] === '/' || stops.includes(p[j]!);
  while (i < p.length) {
    const c = p[i]!;
    if (stops.includes(c)) break;
    if (c === '*' && p[i + 1] === '*') {
      let j = i;
      while (p[j] === '*') j++;
      if (atStart && segmentEndAt(j)) {
        // `**/**/…/**` is one `**`: skip every following whole-segment `**`.
        while (p[j] === '/' && p[j + 1] === '*' && p[j + 2] === '*' && segmentEndAt(j + 3)) j += 3;
        const last = nodes[nodes.length - 1];
        if (p[j] === '/') {
          nodes.push({ kind: 'anyDepth' });
          i = j + 1;
          atStart = true;
        } else if (last?.kind === 'char' && last.cp === SLASH) {
          nodes[nodes.length - 1] = { kind: 'below' };
          i = j;
          atStart = false;
        } else {
          nodes.push({ kind: 'anything' });
          i = j;
          atStart = false;
        }
        continue;
      }
      nodes.push({ kind: 'star' }); // `a**b`: no globstar, as `*`
      i = j;
      atStart = false;
      continue;
    }
    if (c === '*') { nodes.push({ kind: 'star' }); i++; atStart = false; continue; }
    if (c === '?') { nodes.push({ kind: 'one' }); i++; atStart = false; continue; }
    if (c === '[') {
      const cls = charClass(p, i, syntax);
      if (cls) { nodes.push(cls.node); i = cls.end; atStart = false; continue; }
    }
    if (c === '(' && syntax.parenGroups) {
      const alt = alternatives(p, i, atStart, syntax, '|)');
      if (alt) { nodes.push(alt.node); i = alt.end; atStart = false; continue; }
    }
    if (c === '{') {
      const alt = alternatives(p, i, atStart, syntax, ',}');
      if (alt) { nodes.push(alt.node); i = alt.end; atStart = false; continue; }
    }
    if (c === '\\' && syntax.backslashEscapes && i + 1 < p.length) i++;
    const cp = p.codePointAt(i)!;
    nodes.push({ kind: 'char', cp });
    atStart = cp === SLASH;
    i += cp > 0xffff ? 2 : 1;
  }
  return { nodes, end: i };
}

/** `[...]` at `i`; undefined when it is not closed, is empty or spans a `/` (then the `[` is literal). */
function charClass(p: string, i: number, syntax: GlobSyntax): { node: GlobNode; end: number } | undefined {
  let j = i + 1;
  const negate = p[j] === '^' || (p[j] === '!' && syntax.bangNegatesClass);
  if (negate) j++;
  const ranges: [number, number][] = [];
  /** The member at j, and the index after it. */
  const member = (k: number): [number, number] => {
    if (p[k] === '\\' && syntax.backslashEscapes && k + 1 < p.length) k++;
    const cp = p.codePointAt(k)!;
    return [cp, k + (cp > 0xffff ? 2 : 1)];
  };
  let first = true;
  while (j < p.length && (p[j] !== ']' || first)) {
    if (p[j] === '/') return undefined;
    const [lo, afterLo] = member(j);
    first = false;
    if (p[afterLo] === '-' && afterLo + 1 < p.length && p[afterLo + 1] !== ']' && p[afterLo + 1] !== '/') {
      const [hi, afterHi] = member(afterLo + 1);
      if (hi < lo) throw new InvalidGlobRange(`reversed range in ${p}`);
      ranges.push([lo, hi]);
      j = afterHi;
    } else {
      ranges.push([lo, lo]);
      j = afterLo;
    }
  }
  if (j >= p.length || ranges.length === 0) return undefined;
  return { node: { kind: 'class', negate, ranges }, end: j + 1 };
}

/** `{a,b,...}` (or `(a|b|...)`: `marks` = separator and closer) at `i`; undefined when it is not closed. */
function alternatives(p: string, i: number, segmentStart: boolean, syntax: GlobSyntax, marks: string): { node: GlobNode; end: number } | undefined {
  const options: GlobNode[][] = [];
  let j = i + 1;
  for (;;) {
    const part = sequence(p, j, segmentStart, marks, syntax);
    if (part.end >= p.length) return undefined;
    options.push(part.nodes);
    j = part.end + 1;
    if (p[part.end] === marks[1]) break;
  }
  return { node: { kind: 'alt', options }, end: j };
}
