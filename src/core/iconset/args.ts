// The automation arguments of pixelsmith.exportIconSet and pixelsmith.saveWebCopy, declared once (zod/mini), and the
// limits of the web copy settings. Bad input is a ValidationError naming the field.
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import { once } from '../once';
import { issueField, valueAt } from '../params';
import { MAX_DECODE_EDGE } from '../imaging/decode-budget';
import { ICON_SETS, type IconSetName } from './iconSet';
import { WEB_COPY_FORMATS, type WebCopyFormat } from './webCopy';

export const WEB_COPY_LIMITS = { quality: [1, 100], maxWidth: [16, MAX_DECODE_EDGE] } as const;
export const WEB_COPY_DEFAULTS = { format: 'webp', quality: 80, maxWidth: 1600 } as const satisfies { format: WebCopyFormat; quality: number; maxWidth: number };

const HEX_COLOUR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const isUriLike = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { scheme?: unknown }).scheme === 'string' && typeof (v as { path?: unknown }).path === 'string';
const location = () => z.union([z.string().check(z.minLength(1)), z.custom<{ readonly scheme: string; readonly path: string }>(isUriLike)]);
const whole = ([min, max]: readonly [number, number]) => z.int().check(z.minimum(min), z.maximum(max));

export const exportIconSetArgs = once(() => z.strictObject({
  uri: location().check(z.describe('The source image: PNG, JPEG, WebP or SVG (a vscode.Uri, or a path).')),
  sets: z.optional(z.array(z.enum(ICON_SETS)).check(z.minLength(1), z.describe('Which sets; default all.'))),
  folder: z.optional(z.string().check(z.minLength(1), z.describe('Destination, relative to the workspace folder.'))),
  background: z.optional(z.string().check(z.regex(HEX_COLOUR), z.describe('#rrggbb for the opaque icons; default the image\'s top-left corner.'))),
  monochrome: z.optional(z.boolean().check(z.describe('Also write Android\'s monochrome layer.'))),
}));
export type ExportIconSetArgs = Omit<z.output<ReturnType<typeof exportIconSetArgs>>, 'sets'> & { readonly sets?: readonly IconSetName[] };

export const saveWebCopyArgs = once(() => z.strictObject({
  uri: location().check(z.describe('The image to copy (a vscode.Uri, or a path).')),
  format: z.optional(z.enum(WEB_COPY_FORMATS)),
  quality: z.optional(whole(WEB_COPY_LIMITS.quality)),
  maxWidth: z.optional(whole(WEB_COPY_LIMITS.maxWidth)),
}));
export type SaveWebCopyArgs = z.output<ReturnType<typeof saveWebCopyArgs>>;

const EXPECTED: Readonly<Record<string, string>> = {
  uri: 'a vscode.Uri or a path string', sets: `an array of ${ICON_SETS.join(', ')}`, folder: 'a non-empty path relative to the workspace folder',
  background: 'a colour as #rrggbb', monochrome: 'true or false', format: WEB_COPY_FORMATS.join(' or '),
  quality: `a whole number from ${WEB_COPY_LIMITS.quality.join(' to ')}`, maxWidth: `a whole number from ${WEB_COPY_LIMITS.maxWidth.join(' to ')}`,
};

/** Parse a command's arguments: an object with only the declared keys, each valid; else a ValidationError naming it. */
export function parseCommandArgs<S extends z.ZodMiniObject>(command: string, schema: S, raw: unknown): z.output<S> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('args', `${command} takes an object: { ${Object.keys(schema.shape).join(', ')} }.`);
  const allowed = Object.keys(schema.shape);
  const unknown = Object.keys(raw).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${allowed.join(', ')}.`, { allowed });
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issueField(issue.path);
  const top = String(issue.path[0] ?? '');
  const got = valueAt(raw, issue.path);
  const shown = got === undefined ? 'missing' : JSON.stringify(got)?.slice(0, 60) ?? typeof got;
  throw new ValidationError(field, `${field} must be ${EXPECTED[top] ?? 'valid'} (got ${shown}).`);
}
