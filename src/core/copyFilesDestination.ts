// VS Code's `markdown.copyFiles.destination` (a map from glob to destination), resolved the way its built-in
// Markdown extension does for pasted and dropped files, so generated illustrations land where pasted images would.
import * as path from 'node:path';
import { normalizePath } from './savePlan';
import { compileGlobs } from './glob/nfa';
import { InvalidGlobRange, parseGlob } from './glob/parse';
import type { Logger } from './log';
import { boundedReplace } from './userRegex';

export interface CopyDestinationContext {
  /** The markdown document's URI path, e.g. `/home/me/project/docs/guide.md`. */
  readonly documentPath: string;
  /** The path of the workspace folder that holds the document, if any. */
  readonly workspaceFolder?: string;
  /** The file name being copied, e.g. `hero.png`. */
  readonly fileName: string;
  readonly now: Date;
  /** Where a refused `${name/regex/replacement/}` says why (the value is then used unchanged, as VS Code does). */
  readonly log?: Pick<Logger, 'warn'>;
}

/** picomatch 2 (VS Code's Markdown extension): `\` escapes, `[!a]` holds `!`, `(a|b)` is a group. */
const PICOMATCH_SYNTAX = { backslashEscapes: true, bangNegatesClass: false, parenGroups: true };

/**
 * A test for document paths, answering as picomatch's `isMatch(path, glob, { dot: true })` does on ordinary globs
 * (`**`, `*`, `?`, `[…]`, `{a,b}`, `(a|b)`, `\` escapes, a leading `!` negates), in linear time: no regular expression
 * is built from the glob. Not read as picomatch does: extglobs `+(a|b)`, POSIX classes `[[:alpha:]]`, ranges `{1..3}`.
 * A reversed class range (`[z-a]`), which picomatch cannot compile either, matches nothing.
 */
export function copyGlobMatcher(glob: string): (path: string) => boolean {
  let negate = false;
  let i = 0;
  while (glob[i] === '!' && glob[i + 1] !== '(') { negate = !negate; i++; }
  let test: (path: string) => boolean;
  try {
    test = compileGlobs([parseGlob(glob.slice(i), PICOMATCH_SYNTAX)]);
  } catch (e) {
    if (!(e instanceof InvalidGlobRange)) throw e;
    return () => false;
  }
  return negate ? (path) => !test(path) : test;
}

/** The globs one setting key stands for: `/x` is anchored at every workspace folder, `x` matches at any depth. */
function expandGlob(rawGlob: string, workspaceFolders: readonly string[]): string[] {
  if (rawGlob.startsWith('/')) return workspaceFolders.map((f) => `${normalizePath(f).replace(/\/$/, '')}${rawGlob}`);
  return rawGlob.startsWith('**') ? [rawGlob] : [`**/${rawGlob}`];
}

/** The destination of the first entry whose glob matches the document, or undefined when none does. */
export function matchCopyDestination(config: Readonly<Record<string, unknown>>, documentPath: string, workspaceFolders: readonly string[]): string | undefined {
  for (const [rawGlob, dest] of Object.entries(config)) {
    if (typeof dest !== 'string') continue;
    if (expandGlob(rawGlob, workspaceFolders).some((g) => copyGlobMatcher(g)(documentPath))) return dest;
  }
  return undefined;
}

/**
 * The destination with its variables filled in: a leading `/` is the workspace folder, a trailing `/` takes
 * `${fileName}`, `${name}` and `${name/regex/replacement/}` are replaced, `\$` is a literal `$`.
 */
export function fillCopyDestination(dest: string, ctx: CopyDestinationContext): string {
  let out = dest.trim() || '${fileName}';
  if (out.startsWith('/')) out = `\${documentWorkspaceFolder}/${out.slice(1)}`;
  if (out.endsWith('/')) out += '${fileName}';
  const doc = ctx.documentPath;
  const dir = path.posix.dirname(doc);
  const docName = path.posix.basename(doc);
  const docExt = path.posix.extname(docName);
  const folder = ctx.workspaceFolder;
  const vars = new Map<string, string>([
    ['documentDirName', dir],
    ['documentRelativeDirName', folder ? path.posix.relative(folder, dir) : dir],
    ['documentFileName', docName],
    ['documentBaseName', docName.slice(0, docName.length - docExt.length)],
    ['documentExtName', docExt.replace('.', '')],
    ['documentFilePath', doc],
    ['documentRelativeFilePath', folder ? path.posix.relative(folder, doc) : doc],
    ['documentWorkspaceFolder', folder ?? dir],
    ['fileName', ctx.fileName],
    ['fileExtName', path.posix.extname(ctx.fileName).replace('.', '')],
    ['unixTime', String(ctx.now.getTime())],
    ['isoTime', ctx.now.toISOString()],
  ]);
  const unescape = (s: string) => s.replace(/\\\//g, '/');
  // VS Code's token expression, with `\` inside a pattern or replacement read one way only (`\/` is an escaped
  // slash, any other `\` a character): VS Code's `(?:\\\/|[^}/])` can read `\/` two ways and goes quadratic.
  const token = /(\\\$)|(?<!\\)\$\{(\w+)(?:\/((?:\\\/|[^}/\\]|\\(?!\/))+)\/((?:\\\/|[^}/\\]|\\(?!\/))*)\/)?\}/g;
  return out.replace(token, (match: string, escape: string | undefined, name: string, pattern?: string, replacement?: string) => {
    if (escape) return '$';
    const value = vars.get(name);
    if (value === undefined) return match;
    // As VS Code: an empty replacement leaves the value unchanged, and so does a regex that cannot run.
    if (!pattern || !replacement) return value;
    const replaced = boundedReplace(value, unescape(pattern), unescape(replacement));
    if (replaced.ok) return replaced.value;
    ctx.log?.warn(`markdown.copyFiles.destination: \${${name}/${pattern}/${replacement}/} left \${${name}} unchanged: ${replaced.reason}.`);
    return value;
  });
}

/** The absolute POSIX path of the file the destination names: absolute as filled in, else relative to the document's folder. */
export function resolveCopyDestination(dest: string, ctx: CopyDestinationContext): string {
  const filled = fillCopyDestination(dest, ctx);
  const absolute = filled.startsWith('/') || /^[A-Za-z]:[\\/]/.test(filled);
  return normalizePath(absolute ? filled : `${path.posix.dirname(ctx.documentPath)}/${filled}`);
}
