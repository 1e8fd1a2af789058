// Glob patterns as VS Code users write them in `files.exclude`, matched against a path relative to the workspace
// folder (forward slashes): `**` (any number of whole segments, including none), `*` (any characters within a
// segment, dot files too), `?` (one character but `/`), character classes (`[abc]`, `[a-z]`, `[!a]`, `[^a]`) and
// alternatives (`{a,b}`, nested). A pattern is anchored at the folder: `*.log` matches `x.log`, not `a/x.log`
// (write `**/*.log` for that), as VS Code's explorer and file search read it. A trailing `/` is ignored.
// Anything unbalanced (`[` without `]`, `{` without `}`) is taken literally.

export interface GlobOptions {
  /** Match letters regardless of case (file systems of Windows and macOS). Default false. */
  readonly ignoreCase?: boolean;
}

/** A test for relative paths: true when any of the patterns matches. No pattern: matches nothing. */
export function globMatcher(patterns: readonly string[], opts: GlobOptions = {}): (relPath: string) => boolean {
  const flags = opts.ignoreCase ? 'i' : '';
  const sources = patterns.map((p) => p.trim().replace(/\/+$/, '')).filter((p) => p !== '').map((p) => checked(globToRegExpSource(p), p, flags));
  if (sources.length === 0) return () => false;
  const re = new RegExp(`^(?:${sources.join('|')})$`, flags);
  return (relPath) => re.test(relPath);
}

/** The regular expression (source, without anchors) of one pattern. */
export function globToRegExpSource(pattern: string): string {
  return compile(pattern, 0, true, '').source;
}

/** `source` when it is a valid regular expression, else the pattern taken literally (`[z-a]` is an invalid range). */
function checked(source: string, pattern: string, flags: string): string {
  try {
    new RegExp(source, flags);
    return source;
  } catch {
    return escape(pattern);
  }
}

interface Compiled {
  readonly source: string;
  /** Index just past what was consumed (at a stop character, or the end). */
  readonly end: number;
}

const SPECIAL = /[\\^$.*+?()[\]{}|/]/g;
const escape = (s: string) => s.replace(SPECIAL, '\\$&');

/**
 * Compile `p` from `i` until the end or (inside braces, `stops` = ',}') a stop character at this depth.
 * `segmentStart`: the text at `i` begins a path segment (so a `**` there can be a globstar).
 */
function compile(p: string, i: number, segmentStart: boolean, stops: string): Compiled {
  let out = '';
  let atStart = segmentStart;
  while (i < p.length) {
    const c = p[i]!;
    if (stops.includes(c)) break;
    if (c === '*' && p[i + 1] === '*') {
      let j = i;
      while (p[j] === '*') j++;
      const segmentEnd = j === p.length || p[j] === '/' || stops.includes(p[j]!);
      if (atStart && segmentEnd) {
        if (p[j] === '/') {
          // `**/`: any number of whole segments, each followed by a slash (none too).
          out += '(?:[^/]*/)*';
          i = j + 1;
          atStart = true;
        } else if (out.endsWith('/')) {
          // `a/**` at the end: `a` itself, or anything below it.
          out = `${out.slice(0, -1)}(?:/.*)?`;
          i = j;
          atStart = false;
        } else {
          out += '.*';
          i = j;
          atStart = false;
        }
        continue;
      }
      out += '[^/]*'; // `a**b`: no globstar, as `*`
      i = j;
      atStart = false;
      continue;
    }
    if (c === '*') { out += '[^/]*'; i++; atStart = false; continue; }
    if (c === '?') { out += '[^/]'; i++; atStart = false; continue; }
    if (c === '[') {
      const cls = charClass(p, i);
      if (cls) { out += cls.source; i = cls.end; atStart = false; continue; }
    }
    if (c === '{') {
      const alt = alternatives(p, i, atStart);
      if (alt) { out += alt.source; i = alt.end; atStart = false; continue; }
    }
    out += c === '/' ? '/' : escape(c);
    atStart = c === '/';
    i++;
  }
  return { source: out, end: i };
}

/** `[...]` at `i` as a regexp class that never matches `/`; undefined when it is not closed. */
function charClass(p: string, i: number): Compiled | undefined {
  let j = i + 1;
  const negate = p[j] === '!' || p[j] === '^';
  if (negate) j++;
  let body = '';
  // A `]` right after the opening (or the negation) is a member, as in shells.
  if (p[j] === ']') { body += '\\]'; j++; }
  while (j < p.length && p[j] !== ']') {
    const c = p[j]!;
    if (c === '/') return undefined; // a class never spans segments: take the `[` literally
    body += c === '-' && body !== '' && p[j + 1] !== ']' ? '-' : c.replace(/[\\^\][-]/g, '\\$&');
    j++;
  }
  if (j >= p.length || body === '') return undefined;
  return { source: negate ? `[^/${body}]` : `[${body}]`, end: j + 1 };
}

/** `{a,b,...}` at `i` as a regexp group; undefined when it is not closed. */
function alternatives(p: string, i: number, segmentStart: boolean): Compiled | undefined {
  const parts: string[] = [];
  let j = i + 1;
  for (;;) {
    const part = compile(p, j, segmentStart, ',}');
    if (part.end >= p.length) return undefined;
    parts.push(part.source);
    j = part.end + 1;
    if (p[part.end] === '}') break;
  }
  return { source: `(?:${parts.join('|')})`, end: j };
}
