// Reads a manifest's text (JSON with comments and trailing commas), checks it against the one declaration, and
// says where each entry is (for CodeLens). Every problem names the entry and the field, e.g. `assets[2] (hero).size`.
import { parse, parseTree, findNodeAtLocation, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ValidationError } from '../errors';
import { formatFromFileName } from '../imaging/formats';
import { describeArgIssue } from '../params';
import type { ImageFormat } from '../types';
import { checkLanguageTags } from '../localize/languages';
import { MANIFEST_FILE, manifestSchemas, type Manifest, type ManifestDefaults, type ManifestEntry } from './schema';
import { outputsOf } from './translations';

/** One entry with the defaults applied and its output resolved. */
export interface ResolvedEntry extends Omit<ManifestEntry, 'output'> {
  /** Workspace-relative, `/`-separated. */
  readonly output: string;
  readonly outputFormat: ImageFormat;
  /** Offset of the entry's `{` in the text, for CodeLens. */
  readonly offset: number;
}

export interface ParsedManifest {
  readonly manifest: Manifest;
  readonly entries: readonly ResolvedEntry[];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function parseManifest(text: string): ParsedManifest {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    throw new ValidationError('$', `${MANIFEST_FILE} line ${lineOf(text, e.offset)}: ${printParseErrorCode(e.error)}.`);
  }
  const checked = manifestSchemas().manifest.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const described = describeArgIssue(issue, value);
    const [top, index] = issue.path;
    const last = issue.path[issue.path.length - 1];
    const isPath = last === 'output' || last === 'folder' || issue.path[issue.path.length - 2] === 'references';
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const message = unknownKey !== undefined ? `${described.field === '$' ? 'the manifest' : described.field} has a field it does not know: "${unknownKey}".`
      : isPath ? `${described.field} must be a path inside the workspace folder: forward slashes, no "." or ".." segments, not absolute.` : described.message;
    const id = top === 'assets' && typeof index === 'number' ? (value as { assets?: { id?: unknown }[] }).assets?.[index]?.id : undefined;
    const named = typeof id === 'string' ? message.replace(`assets[${String(index)}]`, `assets[${String(index)}] (${id})`) : message;
    const field = unknownKey !== undefined ? (described.field === '$' ? unknownKey : `${described.field}.${unknownKey}`) : described.field;
    throw new ValidationError(field, `${MANIFEST_FILE}: ${named}`, described.allowed ? { allowed: described.allowed } : {});
  }
  const manifest = checked.data;
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const entries = manifest.assets.map((entry, i) => resolveEntry(entry, manifest.defaults, i, tree ? findNodeAtLocation(tree, ['assets', i])?.offset ?? 0 : 0));
  for (const [key, what] of [['id', 'id'], ['output', 'output']] as const) {
    const seen = new Map<string, number>();
    entries.forEach((e, i) => {
      const k = key === 'output' ? e.output.toLowerCase() : e.id;
      const first = seen.get(k);
      if (first !== undefined) throw new ValidationError(`assets[${i}].${key}`, `${MANIFEST_FILE}: assets[${i}] (${e.id}) has the same ${what} as assets[${first}] (${entries[first]!.id}): ${JSON.stringify(key === 'id' ? e.id : e.output)}.`);
      seen.set(k, i);
    });
  }
  // A translation's output (hero.ko.png) must not be another entry's output either.
  const writers = new Map<string, string>();
  for (const { id, output } of outputsOf(entries)) {
    const other = writers.get(output.toLowerCase());
    const i = entries.findIndex((e) => e.id === id.split('@')[0]);
    if (other !== undefined) throw new ValidationError(`assets[${i}].${id.includes('@') ? 'languages' : 'output'}`, `${MANIFEST_FILE}: ${id} and ${other} would both write ${JSON.stringify(output)}.`);
    writers.set(output.toLowerCase(), id);
  }
  return { manifest, entries };
}

function resolveEntry(entry: ManifestEntry, defaults: ManifestDefaults | undefined, i: number, offset: number): ResolvedEntry {
  const { folder, batch: _batch, ...params } = defaults ?? {};
  const output = folder ? `${folder}/${entry.output}` : entry.output;
  const fromName = formatFromFileName(output);
  const where = `${MANIFEST_FILE}: assets[${i}] (${entry.id})`;
  if (!fromName) throw new ValidationError(`assets[${i}].output`, `${where}.output ${JSON.stringify(entry.output)} needs an image extension: .png, .jpg, .webp, .gif or .svg.`);
  const outputFormat = entry.outputFormat ?? params.outputFormat ?? fromName;
  if (outputFormat !== fromName) {
    throw new ValidationError(`assets[${i}].outputFormat`, `${where}: outputFormat ${outputFormat} does not match the output's extension (${fromName}); change one of them.`);
  }
  if (entry.languages) {
    try {
      checkLanguageTags(entry.languages, `assets[${i}].languages`);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(e.field, `${where}: ${e.message.replace(`assets[${i}].`, '')}`);
      throw e;
    }
    if (!['png', 'jpeg', 'webp'].includes(outputFormat)) {
      throw new ValidationError(`assets[${i}].languages`, `${where}.languages: translations are edits of the output, which must then be PNG, JPEG or WebP (it is ${outputFormat}).`);
    }
  }
  return { ...params, ...entry, output, outputFormat, offset };
}
