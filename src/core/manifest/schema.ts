// The asset manifest (`pixelsmith.assets.json` at a workspace folder's root): the images a repository keeps as code.
// Declared once with zod, from the same parameter declaration as the automation API; schemas/assets.schema.json is
// generated from it (`npm run gen:schemas`) and contributed to VS Code's JSON language service.
import * as z from 'zod/mini';
import { LANGUAGE_TAG, MAX_LANGUAGES } from '../localize/languages';
import { once } from '../once';
import { params } from '../params';

export const MANIFEST_FILE = 'pixelsmith.assets.json';
export const MANIFEST_SCHEMA_URL = 'https://pixelsmith.dev/schemas/assets-1.json';
export const MANIFEST_LIMITS = { assets: 500, id: 100, path: 1024 } as const;

/** A workspace-relative path: forward slashes, no `.` or `..` segments, no scheme, no leading slash. */
export function isWorkspaceRelativePath(p: string): boolean {
  if (p.length === 0 || p.length > MANIFEST_LIMITS.path || /[\p{Cc}\\]/u.test(p)) return false;
  if (p.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

// The same rule as a pattern, for the JSON Schema the editor checks with.
/* eslint-disable-next-line no-control-regex */
const RELATIVE_PATH = /^(?![/\\])(?![A-Za-z][A-Za-z0-9+.-]*:)(?!.*\\)(?!.*\/\/)(?!.*\/$)(?!(?:.*\/)?\.{1,2}(?:\/|$))[^\u0000-\u001f\u007f]+$/;

const relativePath = (description: string) => z.string().check(
  z.maxLength(MANIFEST_LIMITS.path),
  z.regex(RELATIVE_PATH),
  z.refine(isWorkspaceRelativePath, { error: 'must be a path inside the workspace folder: forward slashes, no "." or ".." segments, not absolute' }),
  z.describe(description),
);

function buildManifestSchemas() {
  const P = params();
  /** The generation parameters an entry (or the defaults) may set: one image per entry, so no `n`. */
  const entryParams = {
    provider: z.optional(P.provider),
    model: z.optional(P.model),
    preset: z.optional(P.preset),
    size: z.optional(P.size),
    quality: z.optional(P.quality),
    background: z.optional(P.background),
    outputFormat: z.optional(P.outputFormat),
    outputCompression: z.optional(P.outputCompression),
    complexity: z.optional(P.complexity),
    gifFrames: z.optional(P.gifFrames),
    gifFrameDurationMs: z.optional(P.gifFrameDurationMs),
    svgModel: z.optional(P.svgModel),
    svgEffort: z.optional(P.svgEffort),
  };

  const entry = z.strictObject({
    id: z.string().check(z.regex(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MANIFEST_LIMITS.id - 1}}$`)),
      z.describe('A stable name for the asset (letters, digits, . _ -); its sidecar remembers it.')),
    prompt: P.prompt.check(z.minLength(1)),
    output: relativePath('Where the image goes, relative to the workspace folder (or to defaults.folder); its extension gives the format.'),
    references: z.optional(z.array(relativePath('A reference image in the workspace.')).check(z.maxLength(16),
      z.describe('Reference images to edit or draw from, in order; a changed reference rebuilds the asset.'))),
    languages: z.optional(z.array(z.string().check(z.regex(LANGUAGE_TAG), z.describe('A BCP 47 language tag such as ko, ja, zh-Hans or pt-BR.'))).check(
      z.minLength(1), z.maxLength(MAX_LANGUAGES),
      z.describe('Also build one translation per language: a Localize edit of the output, written beside it as <name>.<lang>.<ext>; a change to the entry rebuilds them too.'))),
    ...entryParams,
  });

  const manifest = z.strictObject({
    $schema: z.optional(z.string()),
    defaults: z.optional(z.strictObject({
      ...entryParams,
      folder: z.optional(relativePath('The folder entries\' outputs are relative to.')),
      batch: z.optional(z.boolean().check(z.describe('Build OpenAI text-to-image entries through the Batch API: half the price, results within 24 hours.'))),
    }).check(z.describe('Parameters every entry gets unless it sets its own.'))),
    assets: z.array(entry).check(z.maxLength(MANIFEST_LIMITS.assets), z.describe('The assets, each built into its output.')),
  }).check(z.meta({
    title: 'Pixelsmith asset manifest',
    description: 'pixelsmith.assets.json: the images this repository generates, each with its prompt and parameters; "Pixelsmith: Build Assets" builds the ones missing or changed.',
  }));
  return { entry, manifest };
}

/** The manifest's declaration and its entries', built on first use. */
export const manifestSchemas = once(buildManifestSchemas);

export type Manifest = z.output<ReturnType<typeof buildManifestSchemas>['manifest']>;
export type ManifestEntry = z.output<ReturnType<typeof buildManifestSchemas>['entry']>;
export type ManifestDefaults = NonNullable<Manifest['defaults']>;
