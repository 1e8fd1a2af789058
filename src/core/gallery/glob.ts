// Glob patterns as VS Code users write them in `files.exclude`, matched against a path relative to the workspace
// folder (forward slashes): `**` (any number of whole segments, including none), `*` (any characters within a
// segment, dot files too), `?` (one character but `/`), character classes (`[abc]`, `[a-z]`, `[!a]`, `[^a]`) and
// alternatives (`{a,b}`, nested). A pattern is anchored at the folder: `*.log` matches `x.log`, not `a/x.log`
// (write `**/*.log` for that), as VS Code's explorer and file search read it. A trailing `/` is ignored.
// Anything unbalanced (`[` without `]`, `{` without `}`) is taken literally, and a pattern with a reversed range
// (`[z-a]`) is taken literally as a whole. Matching is linear (../glob/nfa.ts): a workspace's settings cannot
// make it backtrack.
import { compileGlobs } from '../glob/nfa';
import { InvalidGlobRange, literalGlob, parseGlob, type GlobNode } from '../glob/parse';

export interface GlobOptions {
  /** Match letters regardless of case (file systems of Windows and macOS). Default false. */
  readonly ignoreCase?: boolean;
}

/** `\` is an ordinary character in files.exclude (a path separator on Windows is written `/`). */
const FILES_EXCLUDE_SYNTAX = { backslashEscapes: false, bangNegatesClass: true, parenGroups: false };

/** A test for relative paths: true when any of the patterns matches. No pattern: matches nothing. */
export function globMatcher(patterns: readonly string[], opts: GlobOptions = {}): (relPath: string) => boolean {
  const trees = patterns.map((p) => withoutTrailingSlashes(p.trim())).filter((p) => p !== '').map(excludeGlobTree);
  return compileGlobs(trees, opts);
}

/** `p` without its trailing slashes (a loop: `/\/+$/` is quadratic on a long run of slashes). */
function withoutTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}

/** One files.exclude pattern as a glob tree. */
function excludeGlobTree(pattern: string): GlobNode[] {
  try {
    return parseGlob(pattern, FILES_EXCLUDE_SYNTAX);
  } catch (e) {
    if (e instanceof InvalidGlobRange) return literalGlob(pattern);
    throw e;
  }
}
