// What an icon set adds beside its images: the site.webmanifest fragment, the <link> tags for the page head, and the
// set's sidecar (icon-set.json: the parent asset and every file with its size), declared once here with zod/mini.
import * as z from 'zod/mini';
import { once } from '../once';
import { isSafeSidecarPath } from '../sidecar';
import { ICON_SETS } from './iconSet';

export const ICON_SET_SIDECAR_NAME = 'icon-set.json';
export const WEB_MANIFEST_NAME = 'site.webmanifest';
export const LINK_TAGS_NAME = 'icon-links.html';

/** The files of a set, by name inside its folder, with their pixel size where they have one. */
export interface SetFile { readonly name: string; readonly bytes: number; readonly width?: number; readonly height?: number }

/** The `icons` of a web app manifest for the PWA files present, with the background as `background_color`. */
export function webManifestFragment(names: readonly string[], background: string): string {
  const icons = [
    { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
    { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ].filter((i) => names.includes(i.src));
  return `${JSON.stringify({ icons, background_color: background }, null, 2)}\n`;
}

/** The <link> tags for the files present, with `base` (the URL path the folder is served at, e.g. `/`) before each. */
export function linkTags(names: readonly string[], base = '/'): string {
  const at = (n: string) => `${base.endsWith('/') ? base : `${base}/`}${n}`;
  const tags = [
    ['favicon.ico', `<link rel="icon" href="${at('favicon.ico')}" sizes="48x48">`],
    ['icon.svg', `<link rel="icon" href="${at('icon.svg')}" type="image/svg+xml">`],
    ['favicon-32x32.png', `<link rel="icon" href="${at('favicon-32x32.png')}" type="image/png" sizes="32x32">`],
    ['favicon-16x16.png', `<link rel="icon" href="${at('favicon-16x16.png')}" type="image/png" sizes="16x16">`],
    ['apple-touch-icon.png', `<link rel="apple-touch-icon" href="${at('apple-touch-icon.png')}">`],
    [WEB_MANIFEST_NAME, `<link rel="manifest" href="${at(WEB_MANIFEST_NAME)}">`],
  ] as const;
  return `${tags.filter(([n]) => names.includes(n)).map(([, tag]) => tag).join('\n')}\n`;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const path = () => z.string().check(z.refine(isSafeSidecarPath, { error: 'must be a workspace-relative path (forward slashes, no "..")' }));
const px = () => z.int().check(z.minimum(1), z.maximum(16_384));

const iconSetSidecar = once(() => z.strictObject({
  kind: z.literal('pixelsmith-icon-set'),
  schemaVersion: z.literal(1),
  parent: path().check(z.describe('The asset the set was made from, workspace-relative.')),
  parentSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  createdAt: z.string().check(z.regex(ISO)),
  sets: z.array(z.enum(ICON_SETS)).check(z.minLength(1)),
  background: z.string().check(z.regex(/^#[0-9a-f]{6}$/), z.describe('The background of the opaque icons.')),
  files: z.array(z.strictObject({
    path: path().check(z.describe('Workspace-relative.')),
    bytes: z.int().check(z.minimum(1)),
    width: z.optional(px()),
    height: z.optional(px()),
  })).check(z.minLength(1)),
}));
export type IconSetSidecar = z.output<ReturnType<typeof iconSetSidecar>>;

/** The sidecar's text, checked against its declaration before anything is written. */
export function iconSetSidecarText(s: IconSetSidecar): string {
  return `${JSON.stringify(iconSetSidecar().parse(s), null, 2)}\n`;
}

/** "2.9 MB", "184 kB", "512 B" (decimal units, as file managers show them). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${Math.round(n / 1000)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}
