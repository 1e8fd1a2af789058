// The agent tools' inputs (Copilot language model tools and the MCP server), derived from the one parameter
// declaration (params.ts). Agents send JSON, so file locations are strings here: workspace-relative paths,
// `file:` URIs or markdown image snippets. The JSON Schemas in package.json are generated from these.
import * as z from 'zod/mini';
import { ValidationError } from './errors';
import { once } from './once';
import { params, describeArgIssue, type SaveChoice } from './params';

const location = (description: string) => z.string().check(z.minLength(1), z.describe(description));

function buildToolInputs() {
  const P = params();
  const reference = location('A reference image: a workspace-relative path (docs/img/logo.png), a file: URI, or a markdown image snippet ![alt](path).');
  /** What to save: agents expect the images in the project, so the tools save all of them unless told otherwise. */
  const save = z.union([z.literal('none'), z.literal('all'), z.array(z.int().check(z.minimum(0)))]).check(z.describe(
    'Which images to save into the workspace: "all" (default), "none" (kept in the history and the gallery\'s candidates, where the user can still save them), or an array of 0-based indices.',
  ));
  /** The arguments both image tools take, besides the prompt (and the edit tool's references). */
  const common = {
    n: z.optional(P.n),
    size: z.optional(P.size),
    quality: z.optional(P.quality),
    background: z.optional(P.background),
    outputFormat: z.optional(P.outputFormat),
    model: z.optional(P.model),
    provider: z.optional(P.provider),
    preset: z.optional(P.preset),
    save: z.optional(save),
    folder: z.optional(location('Workspace folder to save into, relative to the workspace root (e.g. "media/icons"); defaults to the preset\'s folder setting. Must be inside the workspace.')),
  } as const;
  return {
    /** `generateImage` / `generate_image`. */
    generateImage: z.strictObject({
      prompt: P.prompt,
      ...common,
      references: z.optional(z.array(reference).check(z.maxLength(16), z.describe('Optional reference images to draw from (style, subject), in order.'))),
    }),
    /** `editImage` / `edit_image`: one or more references are required; the mask applies to the first. */
    editImage: z.strictObject({
      prompt: P.prompt,
      references: z.array(reference).check(z.minLength(1), z.maxLength(16), z.describe('The image(s) to edit, first the one to change; further images are references. At least one.')),
      mask: z.optional(location('A PNG the size of the first reference, transparent where the image should change (workspace path, file: URI or markdown image snippet).')),
      ...common,
    }),
    /** `findAssets` / `find_assets`: the same query `pixelsmith.findAssets` takes. */
    findAssets: z.strictObject({
      text: z.optional(z.string().check(z.describe('Words to look for in the prompt, revised prompt or file name.'))),
      model: z.optional(z.string().check(z.describe('Only assets made with this model id.'))),
      provider: z.optional(P.provider),
      preset: z.optional(P.preset),
      folder: z.optional(z.string().check(z.describe('Only assets in this workspace-relative folder and its subfolders, e.g. "media/icons".'))),
      limit: z.optional(z.int().check(z.minimum(1), z.maximum(500), z.describe('At most this many results, newest first (default 20).'))),
    }),
  } as const;
}

/** Each tool's input declaration, built on first use. */
export const toolInputs = once(buildToolInputs);
type ToolInputs = ReturnType<typeof buildToolInputs>;
export type ToolKind = keyof ToolInputs;
export type GenerateImageInput = z.output<ToolInputs['generateImage']>;
export type EditImageInput = z.output<ToolInputs['editImage']>;
export type FindAssetsInput = z.output<ToolInputs['findAssets']>;

/** Check an agent's input; the first problem becomes a ValidationError naming the field (and its allowed values). */
export function parseToolInput<K extends ToolKind>(kind: K, raw: unknown): z.output<ToolInputs[K]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('input', 'The input must be a JSON object, e.g. { "prompt": "a red fox" }.');
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null));
  const schema = toolInputs()[kind] as z.ZodMiniType;
  const allowed = Object.keys((toolInputs()[kind] as { shape: object }).shape);
  const unknown = Object.keys(given).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${allowed.join(', ')}.`, { allowed });
  const result = schema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.path[0] === 'save') throw new ValidationError('save', `save ${JSON.stringify(given.save)?.slice(0, 80)} is not valid. Allowed: "all", "none", or an array of 0-based image indices.`, { allowed: ['all', 'none', 'number[]'] });
    if (issue.path[0] === 'references' && issue.code === 'too_small') throw new ValidationError('references', 'references: give at least one image to edit (a workspace path).');
    if (issue.path[0] === 'limit') throw new ValidationError('limit', 'limit must be a whole number from 1 to 500.');
    const { field, message, allowed: values } = describeArgIssue(issue, given);
    throw new ValidationError(field, message.replace('a vscode.Uri or a path string', 'a workspace path string'), values ? { allowed: values } : {});
  }
  return result.data as z.output<ToolInputs[K]>;
}

/** The save choice a tool input means: all unless told otherwise. */
export function toolSave(save: SaveChoice | undefined): SaveChoice {
  return save ?? 'all';
}

/** The path inside a markdown image snippet `![alt](path "title")` or `<path>`, else the text itself, trimmed. */
export function locationText(text: string): string {
  const t = text.trim();
  const md = /^!\[[^\]]*\]\(\s*(<[^>]+>|[^)\s]+)(?:\s+["'][^"']*["'])?\s*\)$/.exec(t);
  const inner = md ? md[1]! : t;
  const unwrapped = inner.startsWith('<') && inner.endsWith('>') ? inner.slice(1, -1) : inner;
  try {
    return md ? decodeURI(unwrapped) : unwrapped;
  } catch {
    return unwrapped;
  }
}

/** An image tool's input as the generation arguments the request builder takes (locations still unresolved strings). */
export function toRequestArgs(input: GenerateImageInput | EditImageInput): {
  prompt: string; n?: number; size?: string; quality?: GenerateImageInput['quality']; background?: GenerateImageInput['background'];
  outputFormat?: GenerateImageInput['outputFormat']; model?: string; provider?: GenerateImageInput['provider']; preset?: GenerateImageInput['preset'];
  references?: string[]; mask?: string;
} {
  const { save: _save, folder: _folder, references, ...rest } = input;
  const mask = 'mask' in input && input.mask !== undefined ? { mask: locationText(input.mask) } : {};
  return { ...rest, ...(references ? { references: references.map(locationText) } : {}), ...mask };
}
