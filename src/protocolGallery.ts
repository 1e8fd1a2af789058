// Gallery section of the webview protocol (kept beside src/protocol.ts, which holds the shared request/reply
// helpers and the Generate panel section). Imported by the host and by webview/gallery; no `vscode`, no Node.
// Every message from the gallery webview is checked at run time (validateGalleryMessage); a malformed one is
// logged and ignored (a request is answered with an error).
import type { ImageFormat, ProviderId } from './core/types';
import type { GalleryImageFormat, GallerySort } from './core/gallery/types';
import type { Sidecar } from './core/sidecar';
import type { ReplyMessage, RequestBase } from './protocol';
import { array, int, literal, messageValidator, object, oneOf, optional, string, type Validator } from './protocolValidators';

/** What the webview asks the index for; mirrors core GalleryQuery with plain JSON fields. */
export interface GalleryQueryMsg {
  readonly text: string;
  readonly model?: string;
  readonly provider?: string;
  readonly preset?: string;
  readonly folder?: string;
  /** Localized copies in this language only. */
  readonly language?: string;
  /** ms since epoch: only entries at or after. */
  readonly since?: number;
  /** The date filter as chosen (days back; `since` is computed from it), so the host's filter menu can show it. */
  readonly days?: number;
  readonly sort: GallerySort;
  readonly reverse: boolean;
}

/** One tile of the grid: enough for the tile, its tooltip, drag and drop, and the actions. */
export interface GalleryTile {
  readonly id: number;
  readonly name: string;
  readonly relPath: string;
  /** The image's URI (file:, vscode-remote: …), for drag and drop as text/uri-list. */
  readonly uri: string;
  readonly kind: 'asset' | 'untracked';
  readonly format: GalleryImageFormat;
  readonly bytes: number;
  readonly time: number;
  readonly width?: number;
  readonly height?: number;
  readonly model?: string;
  /** From the sidecar: a provider this version does not know is kept and shown as text. */
  readonly provider?: string;
  readonly costUsd?: number | null;
  /** At most 300 characters of the prompt (the details hold all of it). */
  readonly prompt?: string;
  /** What to show: a cached thumbnail, or the original (lazy, CSS-sized) when no thumbnail is made for it. */
  readonly src?: string;
  /** Set when the thumbnail is still being made (src is the original meanwhile); `gallery/thumbs` brings it later. */
  readonly pending?: string;
  /** The image declares more pixels than Pixelsmith decodes: the tile says so and shows no picture. */
  readonly tooLarge?: true;
  /** A localized copy: its BCP 47 tag (from the sidecar), shown as a chip. */
  readonly language?: string;
  /** The sidecar's last Check Text, shown as a badge: strings read as written of those expected; stale when the image changed since. */
  readonly textCheck?: { readonly matched: number; readonly expected: number; readonly stale: boolean };
}

/** A recent generation's image that was never saved into the workspace. */
export interface GalleryCandidate {
  readonly generationId: string;
  readonly index: number;
  readonly prompt: string;
  readonly model: string;
  readonly provider: ProviderId;
  readonly time: number;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly bytes: number;
  readonly src?: string;
  readonly pending?: string;
  readonly tooLarge?: true;
}

/** Everything the details pane shows. */
export interface GalleryDetails {
  readonly tile: GalleryTile;
  /** The full-size image, loaded only when the details are open. */
  readonly full: string;
  readonly sidecar?: Omit<Sidecar, '$schema' | 'schemaVersion'>;
}

export const GALLERY_ACTIONS = [
  'open', 'reveal', 'copyLink', 'insert', 'remix', 'reference', 'edit', 'variations', 'rename', 'delete', 'iconSet', 'webCopy', 'localize', 'checkText', 'createManifest',
] as const;
export type GalleryAction = (typeof GALLERY_ACTIONS)[number];

/** Actions that act on several assets at once; the others take the asset that was right-clicked. */
export const MULTI_ACTIONS: readonly GalleryAction[] = ['open', 'copyLink', 'insert', 'delete', 'createManifest'];
/** Actions the menu offers only on a tile whose format allows them (tileFormatContext): the others would refuse it. */
export const FORMAT_ACTIONS: Readonly<Partial<Record<GalleryAction, 'pixelsmithUpload' | 'pixelsmithIconSource'>>> = {
  reference: 'pixelsmithUpload', edit: 'pixelsmithUpload', variations: 'pixelsmithUpload', webCopy: 'pixelsmithUpload',
  localize: 'pixelsmithUpload', checkText: 'pixelsmithUpload', iconSet: 'pixelsmithIconSource',
};

/** The date filter's choices (0: any time). */
export const DATE_RANGES = [
  { days: 0, label: 'Any time' },
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 365, label: 'Last year' },
] as const;

/** The filters a query can carry, with their labels (the filter menu and the chips). */
export const GALLERY_FACETS = [
  { key: 'model', label: 'Model' }, { key: 'provider', label: 'Provider' }, { key: 'preset', label: 'Preset' },
  { key: 'folder', label: 'Folder' }, { key: 'language', label: 'Language' },
] as const;
export type GalleryFacet = (typeof GALLERY_FACETS)[number]['key'];

/**
 * What a tile (and the grid, for the focused tile) puts in `data-vscode-context`: VS Code reads it on right-click
 * and hands it to the `webview/context` menu's `when` clauses and commands.
 */
export interface GalleryTileContext {
  readonly webviewSection: 'asset';
  readonly id: number;
  /** 'asset': has a sidecar (remix, variations); 'untracked': an image without one. */
  readonly pixelsmithKind: 'asset' | 'untracked';
  /** True when the tile is one of several selected: the menu shows only the actions that take many. */
  readonly pixelsmithMulti: boolean;
  /** What its format allows (tileFormatContext): the menu hides the actions that would refuse it. */
  readonly pixelsmithUpload: boolean;
  readonly pixelsmithIconSource: boolean;
  readonly preventDefaultContextMenuItems: true;
}

export const CANDIDATE_ACTIONS = ['save', 'open', 'remix', 'copyLink'] as const;
export type CandidateAction = (typeof CANDIDATE_ACTIONS)[number];

/** The page's initial data (`data-init` on <body>). */
export interface GalleryInitData {
  readonly platform: 'mac' | 'other';
  /** True when no workspace folder is open. */
  readonly noWorkspace: boolean;
}

// Messages to the gallery webview.

/** The answer to the current query; sent again whenever the index changes (the page keeps its scroll). */
export interface GalleryResultsMessage {
  readonly type: 'gallery/results';
  /** Grows with every change of the index or the query; tiles of an older seq are stale. */
  readonly seq: number;
  readonly total: number;
  /** Every matching id, in order (numbers are cheap; tiles are fetched for what is visible). */
  readonly ids: readonly number[];
  /** Tiles of the first ids, so the first screen needs no round trip. */
  readonly tiles: readonly GalleryTile[];
  readonly facets: { readonly models: readonly string[]; readonly providers: readonly string[]; readonly presets: readonly string[]; readonly folders: readonly string[]; readonly languages: readonly string[] };
  /** Assets in the workspace, before filtering. */
  readonly assets: number;
  readonly loading: boolean;
}
export interface GalleryCandidatesMessage { readonly type: 'gallery/candidates'; readonly candidates: readonly GalleryCandidate[] }
/** What became of a pending thumbnail: its src, or too large to show. */
export type GalleryThumb = { readonly pending: string; readonly src: string } | { readonly pending: string; readonly tooLarge: true };
/** Thumbnails that became ready (or too large), by `pending` key. */
export interface GalleryThumbsMessage { readonly type: 'gallery/thumbs'; readonly thumbs: readonly GalleryThumb[] }

/** A change of query made by a native control (the view's Sort and Filter actions): the page applies it. */
export interface GalleryApplyMessage {
  readonly type: 'gallery/apply';
  /** A facet set to a value, or cleared (null). */
  readonly facet?: { readonly key: GalleryFacet; readonly value: string | null };
  readonly days?: number;
  readonly sort?: { readonly sort: GallerySort; readonly reverse: boolean };
}
/** A line for the page's status area: the outcome of an action run from the native menu. */
export interface GalleryStatusMessage { readonly type: 'gallery/status'; readonly text: string }
/** Show one asset: clear what hides it, select it, scroll to it and open its details (explorer: Open in Gallery). */
export interface GalleryRevealMessage { readonly type: 'gallery/reveal'; readonly id: number }
/** Put the keyboard focus in the search box (the view's Search action). */
export interface GalleryFocusSearchMessage { readonly type: 'gallery/focusSearch' }

export type ToGalleryWebview = GalleryResultsMessage | GalleryCandidatesMessage | GalleryThumbsMessage | GalleryApplyMessage | GalleryStatusMessage | GalleryRevealMessage | GalleryFocusSearchMessage | ReplyMessage;

// Messages from the gallery webview.

export interface GalleryReadyMessage { readonly type: 'gallery/ready'; readonly query: GalleryQueryMsg }
export interface GalleryQueryMessage { readonly type: 'gallery/query'; readonly query: GalleryQueryMsg }
/** The selection changed: the native context menu's commands act on it when the right-clicked tile is part of it. */
export interface GallerySelectionMessage { readonly type: 'gallery/selection'; readonly ids: readonly number[] }
/** The page has shown its first screen of results (their images loaded, or a while passed): the host indexes the rest. */
export interface GalleryShownMessage { readonly type: 'gallery/shown' }
/** The filter button was pressed: the host shows the filter menu (a quick pick) and answers with `gallery/apply`. */
export interface GalleryFilterMenuMessage { readonly type: 'gallery/filterMenu' }
export interface GalleryTilesRequest extends RequestBase { readonly type: 'gallery/tiles'; readonly ids: readonly number[] }
export interface GalleryDetailsRequest extends RequestBase { readonly type: 'gallery/details'; readonly id: number }
export interface GalleryActionRequest extends RequestBase { readonly type: 'gallery/action'; readonly action: GalleryAction; readonly ids: readonly number[] }
export interface GalleryCandidateRequest extends RequestBase {
  readonly type: 'gallery/candidate'; readonly action: CandidateAction; readonly generationId: string; readonly index: number;
}

export type FromGalleryWebview =
  | GalleryReadyMessage | GalleryShownMessage | GalleryQueryMessage | GallerySelectionMessage | GalleryFilterMenuMessage | GalleryTilesRequest | GalleryDetailsRequest | GalleryActionRequest | GalleryCandidateRequest;

export type GalleryRequests = {
  'gallery/tiles': { request: GalleryTilesRequest; reply: readonly GalleryTile[] };
  'gallery/details': { request: GalleryDetailsRequest; reply: GalleryDetails };
  'gallery/action': { request: GalleryActionRequest; reply: { readonly message?: string } };
  'gallery/candidate': { request: GalleryCandidateRequest; reply: { readonly message?: string } };
};

// Run-time checks.

const messageId = int(0, Number.MAX_SAFE_INTEGER);
const boolean: Validator<boolean> = (v, path) => (typeof v === 'boolean' ? undefined : `${path}: expected true or false`);
const entryId = int(1, Number.MAX_SAFE_INTEGER);
const facet = optional(string({ max: 1024 }));
const query: Validator<GalleryQueryMsg> = object({
  text: string({ max: 500 }),
  model: facet, provider: facet, preset: facet, folder: facet, language: facet,
  since: optional(int(0, 8.64e15)),
  days: optional(int(0, 100_000)),
  sort: oneOf(['date', 'name', 'size'] as const),
  reverse: boolean,
});

const FROM_GALLERY: { readonly [K in FromGalleryWebview['type']]: Validator<Extract<FromGalleryWebview, { type: K }>> } = {
  'gallery/ready': object({ type: literal('gallery/ready'), query }),
  'gallery/shown': object({ type: literal('gallery/shown') }),
  'gallery/query': object({ type: literal('gallery/query'), query }),
  'gallery/selection': object({ type: literal('gallery/selection'), ids: array(entryId, 10_000) }),
  'gallery/filterMenu': object({ type: literal('gallery/filterMenu') }),
  'gallery/tiles': object({ type: literal('gallery/tiles'), messageId, ids: array(entryId, 500) }),
  'gallery/details': object({ type: literal('gallery/details'), messageId, id: entryId }),
  'gallery/action': object({ type: literal('gallery/action'), messageId, action: oneOf(GALLERY_ACTIONS), ids: array(entryId, 10_000) }),
  'gallery/candidate': object({
    type: literal('gallery/candidate'), messageId, action: oneOf(CANDIDATE_ACTIONS),
    generationId: string({ max: 32, pattern: /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/ }), index: int(0, 63),
  }),
};

/** Check a message from the gallery webview; `problem` says what is wrong with a malformed one. */
export const validateGalleryMessage = messageValidator<FromGalleryWebview>(FROM_GALLERY);
