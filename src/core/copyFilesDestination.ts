// VS Code's `markdown.copyFiles.destination` (a map from glob to destination), resolved the way its built-in
// Markdown extension does for pasted and dropped files, so generated illustrations land where pasted images would.
import * as path from 'node:path';
import { normalizePath } from './assetPlan';

export interface CopyDestinationContext {
  /** The markdown document's URI path, e.g. `/home/me/project/docs/guide.md`. */
  readonly documentPath: string;
  /** The path of the workspace folder that holds the document, if any. */
  readonly workspaceFolder?: string;
  /** The file name being copied, e.g. `hero.png`. */
  readonly fileName: string;
  readonly now: Date;
}

/** A glob as picomatch reads it (`**`, `*`, `?`, `[…]`, `{a,b}`; dot files match) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') { braces++; re += '(?:'; }
    else if (c === '}' && braces > 0) { braces--; re += ')'; }
    else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else re += c.replace(/[.+^$()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
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
    if (expandGlob(rawGlob, workspaceFolders).some((g) => globToRegExp(g).test(documentPath))) return dest;
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
  const token = /(\\\$)|(?<!\\)\$\{(\w+)(?:\/((?:\\\/|[^}/])+)\/((?:\\\/|[^}/])*)\/)?\}/g;
  return out.replace(token, (match: string, escape: string | undefined, name: string, pattern?: string, replacement?: string) => {
    if (escape) return '$';
    const value = vars.get(name);
    if (value === undefined) return match;
    // As VS Code: an empty replacement leaves the value unchanged.
    if (pattern && replacement) {
      try {
        return value.replace(new RegExp(unescape(pattern)), unescape(replacement));
      } catch {
        return value;
      }
    }
    return value;
  });
}

/** The absolute POSIX path of the file the destination names: absolute as filled in, else relative to the document's folder. */
export function resolveCopyDestination(dest: string, ctx: CopyDestinationContext): string {
  const filled = fillCopyDestination(dest, ctx);
  const absolute = filled.startsWith('/') || /^[A-Za-z]:[\\/]/.test(filled);
  return normalizePath(absolute ? filled : `${path.posix.dirname(ctx.documentPath)}/${filled}`);
}
