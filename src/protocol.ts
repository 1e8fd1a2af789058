// Typed messages between the extension host and its webviews; imported by both sides, so no `vscode`
// and no Node imports here. Every message from a webview is checked at run time on the host
// (validateGenerateMessage): a malformed one is logged and ignored.
import { COMPARE_MODELS, COMPLEXITIES, FORMATS, GIF_FRAME_DURATION_MS, GIF_FRAMES, QUALITIES, SVG_EFFORTS } from './core/catalogue';
import type { ErrorInfo } from './core/errors';
import { LIMITS } from './core/limits';
import { PROVIDER_IDS } from './core/providers/registry';
import {
  PRESETS, type Background, type Complexity, type GenerationStatus, type ImageFormat, type Preset, type ProviderId, type Quality, type StoredImage,
  type SvgEffort,
} from './core/types';
import { array, bytes, int, literal, messageValidator, object, oneOf, optional, string, type Validator } from './protocolValidators';

export type { Validator } from './protocolValidators';

// ───────────────────────────── Shared: replies and the request/reply helper ─────────────────────────────

/** A webview request carries a `messageId`; the host answers with a ReplyMessage bearing the same id. */
export interface RequestBase { readonly messageId: number }

/** The host's answer to one request: the value, or an error written for people. */
export type ReplyMessage =
  | { readonly type: 'reply'; readonly messageId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly messageId: number; readonly ok: false; readonly error: ErrorInfo };

/** Maps a request's `type` to the message the webview sends and the value the host replies with. */
export type RequestMap = Record<string, { readonly request: RequestBase & { readonly type: string }; readonly reply: unknown }>;

/** A request message without its `messageId`, which the helper adds. */
export type RequestBody<M extends RequestMap, K extends keyof M> = Omit<M[K]['request'], 'messageId'>;

/** The error a failed request rejects with; `info` says which field and what to do. */
export class RequestError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'RequestError';
  }
}

/** The webview side of request/reply: numbers requests, and settles each when its reply arrives. */
export class RequestClient<M extends RequestMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: RequestError) => void }>();

  constructor(private readonly post: (message: M[keyof M]['request']) => void) {}

  request<K extends keyof M & string>(body: RequestBody<M, K> & { readonly type: K }): Promise<M[K]['reply']> {
    const messageId = this.nextId++;
    return new Promise<M[K]['reply']>((resolve, reject) => {
      this.pending.set(messageId, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ ...body, messageId } as unknown as M[keyof M]['request']);
    });
  }

  /** Settle the request a reply answers; false when the message is not a reply this client is waiting for. */
  settle(message: unknown): boolean {
    if (!isReply(message)) return false;
    const p = this.pending.get(message.messageId);
    if (!p) return false;
    this.pending.delete(message.messageId);
    if (message.ok) p.resolve(message.value);
    else p.reject(new RequestError(message.error));
    return true;
  }
}

/** Build the host's reply to a request. */
export function replyTo(request: RequestBase, result: { ok: true; value: unknown } | { ok: false; error: ErrorInfo }): ReplyMessage {
  return result.ok
    ? { type: 'reply', messageId: request.messageId, ok: true, value: result.value }
    : { type: 'reply', messageId: request.messageId, ok: false, error: result.error };
}

function isReply(m: unknown): m is ReplyMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { type?: unknown; messageId?: unknown; ok?: unknown };
  return r.type === 'reply' && typeof r.messageId === 'number' && typeof r.ok === 'boolean';
}

// ───────────────────────────── Generate panel ─────────────────────────────

/** Everything the form holds; what a generation is asked with. */
export interface GenerateForm {
  readonly prompt: string;
  readonly preset: Preset;
  readonly provider: ProviderId;
  readonly model: string;
  /** `auto` or WIDTHxHEIGHT. */
  readonly size: string;
  readonly quality: Quality;
  readonly background: Background;
  readonly outputFormat: ImageFormat;
  /** 0–100; sent only for jpeg and webp. */
  readonly outputCompression: number;
  /** Images per request, 1–8 (not used by the sequence preset). */
  readonly n: number;
  /** Frames of a comic/storyboard sequence (sequence preset only). */
  readonly frames: number;
  /** Planning effort; unset: the model's default. Sent only to models that take it. */
  readonly complexity?: Complexity;
  /** GIF output: frames of the animation (2–16); unset: the API's default. */
  readonly gifFrames?: number;
  /** GIF output: how long each frame shows, in ms; unset: the API's default. */
  readonly gifFrameDurationMs?: number;
  /** SVG output: the model that writes the SVG; unset: the API chooses. */
  readonly svgModel?: string;
  /** SVG output, with svgModel: that model's reasoning effort. */
  readonly svgEffort?: SvgEffort;
}

/** A reference image staged on the host; the webview shows it from `<historyBase>/references/<key>`. */
export interface ReferenceImage {
  /** `<sha256>.<ext>`: the staged copy's file name. */
  readonly key: string;
  readonly name: string;
  readonly mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  readonly width: number;
  readonly height: number;
  /** Where it came from (workspace path, or a generation and image), for the record. */
  readonly source?: string;
}

/** A configured provider the user may pick. */
export interface ProviderChoice { readonly id: ProviderId; readonly label: string; readonly detail: string }

/** A file saved into the workspace, with a link to open it. */
export interface SavedFile {
  readonly generationId: string;
  readonly index: number;
  /** Workspace-relative path, for display. */
  readonly path: string;
  /** The file's URI as a string, to open it. */
  readonly uri: string;
}

/** What the panel knows about one generation: enough to redraw it after a reload. */
export interface RunSnapshot {
  readonly generationId: string;
  readonly status: GenerationStatus | 'interrupted';
  readonly total: number;
  readonly images: readonly StoredImage[];
  readonly errors: readonly { readonly index: number; readonly error: ErrorInfo }[];
  /** The newest partial preview per image index (history file names). */
  readonly partials: readonly { readonly index: number; readonly file: string }[];
  readonly costUsd: number | null;
}

/** The page's initial data, in the `data-init` attribute of <body>. */
export interface GenerateInitData {
  /** asWebviewUri of the history folder: results are `<historyBase>/<generationId>/<file>`. */
  readonly historyBase: string;
  /** Form values from the settings and the preset the command asked for. */
  readonly defaults: GenerateForm;
  /** Set when a command asked for a preset or prompt: these win over the restored state. */
  readonly apply?: { readonly preset?: Preset; readonly prompt?: string; readonly references?: readonly ReferenceImage[]; readonly edit?: boolean; readonly compare?: boolean };
  /** The default folder of each preset, workspace-relative, shown beside Save. */
  readonly folders: Readonly<Record<Preset, string>>;
  readonly costThreshold: number;
  /** For shortcut labels: Cmd on macOS, Ctrl elsewhere. */
  readonly platform: 'mac' | 'other';
  /** The markdown document a saved image will be linked into (workspace-relative), when opened to illustrate one. */
  readonly markdownTarget?: string;
}

// Messages to the Generate webview.

/** The configured providers (sent after `generate/ready` and when keys or settings change). */
export interface ProvidersMessage { readonly type: 'generate/providers'; readonly providers: readonly ProviderChoice[]; readonly resolved: ProviderId; readonly costThreshold: number }
/** A generation started: `total` images are coming. */
export interface StartedMessage { readonly type: 'generate/started'; readonly generationId: string; readonly total: number }
/** A streamed partial preview of image `index` was stored. */
export interface PartialMessage { readonly type: 'generate/partial'; readonly generationId: string; readonly index: number; readonly file: string }
/** Image `image.index` arrived and is in the history store. */
export interface ImageMessage { readonly type: 'generate/image'; readonly generationId: string; readonly image: StoredImage }
/** Image `index` failed, with why and what to do. */
export interface ImageErrorMessage { readonly type: 'generate/imageError'; readonly generationId: string; readonly index: number; readonly error: ErrorInfo }
/** A passing state worth showing: queued, retrying. */
export interface ProgressMessage { readonly type: 'generate/progress'; readonly generationId: string; readonly message: string }
/** The generation ended (complete, partial, cancelled or failed). */
export interface FinishedMessage { readonly type: 'generate/finished'; readonly generationId: string; readonly status: GenerationStatus; readonly costUsd: number | null }
/** What a generation the page already knows looks like now (after the page was hidden or reloaded). */
export interface SnapshotMessage { readonly type: 'generate/snapshot'; readonly run: RunSnapshot }
/** A command asked for a preset, prompt or references on the open panel. */
export interface ApplyMessage {
  readonly type: 'generate/apply';
  /** Unique per apply: the host sends it again after every `generate/ready` until replaced, the page takes it once. */
  readonly applyId: string;
  readonly preset?: Preset; readonly prompt?: string; readonly references?: readonly ReferenceImage[]; readonly edit?: boolean;
  /** The markdown document Save will link the image into; null clears it. */
  readonly markdownTarget?: string | null;
  /** Open the model comparison (Compare Models…). */
  readonly compare?: boolean;
}

/** One model of a comparison. */
export interface CompareModel { readonly provider: ProviderId; readonly model: string }
/** A comparison's column as it started: its generation, or why it was refused. */
export interface CompareStart { readonly provider: ProviderId; readonly model: string; readonly generationId: string | null; readonly error?: ErrorInfo }
/** A column of a comparison ended: its times (from the start of the comparison) and actual cost. */
export interface CompareColumnMessage {
  readonly type: 'generate/compareColumn';
  readonly compareId: string;
  readonly column: number;
  readonly generationId: string | null;
  readonly status: GenerationStatus;
  readonly costUsd: number | null;
  readonly firstImageMs: number | null;
  readonly totalMs: number | null;
}

/** Save the picked results to the preset's folder, as the Save button does (the `pixelsmith.savePicked` keybinding). */
export interface SavePickedMessage { readonly type: 'generate/savePicked' }
export type ToGenerateWebview =
  | CompareColumnMessage | ProvidersMessage | StartedMessage | PartialMessage | ImageMessage | ImageErrorMessage | ProgressMessage
  | FinishedMessage | SnapshotMessage | ApplyMessage | SavePickedMessage | ReplyMessage;

// Messages from the Generate webview.

/** The page has painted (`paintedAt`: epoch ms of the first frame); `generations` are the ones it shows, to be brought up to date. */
export interface ReadyMessage { readonly type: 'generate/ready'; readonly generations: readonly string[]; readonly paintedAt?: number }
/** Start a generation; replies with its id once it has started (or with the error naming the field). */
export interface RunRequest extends RequestBase {
  readonly type: 'generate/run';
  readonly form: GenerateForm;
  /** Staged references; the first is the image a mask applies to. */
  readonly references: readonly ReferenceImage[];
  /** PNG: transparent where the image should change. */
  readonly mask?: Uint8Array;
  /** PNG the size of the first reference: transparent but for the marks drawn over it to guide the edit. Not with `mask`. */
  readonly markup?: Uint8Array;
  /** Regenerate: use the mask and markup recorded with this earlier generation. */
  readonly maskOf?: string;
  /** Regenerate of this earlier generation: a translation's language and original are kept. */
  readonly regenerateOf?: string;
}
/** Compare models: the form's prompt (and references) on 2–4 models at once; replies once every column has started. */
export interface CompareRequest extends RequestBase {
  readonly type: 'generate/compare';
  readonly form: GenerateForm;
  readonly models: readonly CompareModel[];
  readonly references: readonly ReferenceImage[];
}
/** Stop a generation; what already arrived is kept. */
export interface CancelMessage { readonly type: 'generate/cancel'; readonly generationId: string }
/** Let the user pick reference images from the workspace; replies with the staged references. */
export interface PickReferencesRequest extends RequestBase { readonly type: 'generate/pickReferences' }
/** Stage dropped or pasted image bytes (or an outpainting canvas) as a reference. */
export interface AddReferenceRequest extends RequestBase { readonly type: 'generate/addReference'; readonly name: string; readonly bytes: Uint8Array }
/** Stage a workspace file dropped onto the panel (a `file:` or workspace URI) as a reference. */
export interface ReferenceFromUriRequest extends RequestBase { readonly type: 'generate/referenceFromUri'; readonly uri: string }
/** Stage a result of a generation as a reference. */
export interface ReferenceFromResultRequest extends RequestBase { readonly type: 'generate/referenceFromResult'; readonly generationId: string; readonly index: number }
/** The bytes of a staged reference, for drawing it into a canvas (outpainting). */
export interface ReferenceBytesRequest extends RequestBase { readonly type: 'generate/referenceBytes'; readonly key: string }
/** Save results into the workspace: to the preset's folder or one the user picks. */
export interface SaveRequest extends RequestBase {
  readonly type: 'generate/save';
  readonly generationId: string;
  readonly indices: readonly number[];
  readonly preset: Preset;
  readonly destination: 'preset' | 'choose';
}
/** Copy a result as a markdown link (saving it first if needed); replies with the saved file. */
export interface CopyMarkdownRequest extends RequestBase { readonly type: 'generate/copyMarkdown'; readonly generationId: string; readonly index: number; readonly preset: Preset; readonly alt: string }
/** Export Icon Set, Save Web Copy or Check Text on a result: it is saved first (as Copy Markdown Link does), then the command runs on the file; replies with the saved file. */
/** What a result's export runs on the saved file, one command each. */
export const RESULT_EXPORTS = ['iconSet', 'webCopy', 'checkText'] as const;
export type ResultExport = (typeof RESULT_EXPORTS)[number];
export interface ExportResultRequest extends RequestBase {
  readonly type: 'generate/exportResult'; readonly generationId: string; readonly index: number; readonly preset: Preset; readonly export: ResultExport;
}
/** What Save did: the files written, and the markdown document a link was inserted into. */
export interface SaveResult { readonly files: readonly SavedFile[]; readonly insertedInto?: string }
/** Open a file this panel saved. */
export interface OpenFileMessage { readonly type: 'generate/openFile'; readonly uri: string }
/** Run `Pixelsmith: Set API Key…` (for a provider, when known). */
export interface SetApiKeyMessage { readonly type: 'generate/setApiKey'; readonly provider?: ProviderId }
/** Run Pixelsmith: Check Setup (an auth error's action). */
export interface CheckSetupMessage { readonly type: 'generate/checkSetup' }

/** Save a sanitized copy of a refused SVG (pixelsmith.saveSanitizedSvg); the run is then sent again as a snapshot. */
export interface SaveSanitizedMessage { readonly type: 'generate/saveSanitized'; readonly generationId: string; readonly index: number }

export type FromGenerateWebview =
  | ReadyMessage | RunRequest | CompareRequest | CancelMessage | PickReferencesRequest | AddReferenceRequest | ReferenceFromUriRequest | ReferenceFromResultRequest
  | ReferenceBytesRequest | SaveRequest | CopyMarkdownRequest | ExportResultRequest | OpenFileMessage | SetApiKeyMessage | CheckSetupMessage | SaveSanitizedMessage;

/** What each Generate request replies with. */
export type GenerateRequests = {
  'generate/run': { request: RunRequest; reply: { readonly generationId: string } };
  'generate/compare': { request: CompareRequest; reply: { readonly compareId: string; readonly columns: readonly CompareStart[] } };
  'generate/pickReferences': { request: PickReferencesRequest; reply: readonly ReferenceImage[] };
  'generate/addReference': { request: AddReferenceRequest; reply: ReferenceImage };
  'generate/referenceFromUri': { request: ReferenceFromUriRequest; reply: ReferenceImage };
  'generate/referenceFromResult': { request: ReferenceFromResultRequest; reply: ReferenceImage };
  'generate/referenceBytes': { request: ReferenceBytesRequest; reply: Uint8Array };
  'generate/save': { request: SaveRequest; reply: SaveResult };
  'generate/copyMarkdown': { request: CopyMarkdownRequest; reply: SavedFile };
  'generate/exportResult': { request: ExportResultRequest; reply: SavedFile };
};

// Run-time checks of every message from the Generate webview.

const GENERATION_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;
const REFERENCE_KEY = /^[0-9a-f]{64}\.(png|jpg|webp)$/;
/** 50 MB, OpenAI's limit for one reference image. */
const MAX_UPLOAD = LIMITS.uploadBytes;
const messageId = int(0, Number.MAX_SAFE_INTEGER);
const generationId = string({ max: 32, pattern: GENERATION_ID });
const preset = oneOf(PRESETS);
const referenceKey = string({ max: 80, pattern: REFERENCE_KEY });

const reference: Validator<ReferenceImage> = object({
  key: referenceKey,
  name: string({ max: 255 }),
  mimeType: oneOf(['image/png', 'image/jpeg', 'image/webp'] as const),
  width: int(1, LIMITS.imageEdge),
  height: int(1, LIMITS.imageEdge),
  source: optional(string({ max: 4096 })),
});

const form: Validator<GenerateForm> = object({
  prompt: string({ max: LIMITS.promptChars }),
  preset,
  provider: oneOf(PROVIDER_IDS),
  model: string({ max: 100 }),
  size: string({ max: 32 }),
  quality: oneOf(QUALITIES),
  background: oneOf(['auto', 'opaque', 'transparent'] as const),
  outputFormat: oneOf(FORMATS),
  outputCompression: int(0, 100),
  n: int(1, 8),
  frames: int(1, 64),
  complexity: optional(oneOf(COMPLEXITIES)),
  gifFrames: optional(int(GIF_FRAMES.min, GIF_FRAMES.max)),
  gifFrameDurationMs: optional(int(GIF_FRAME_DURATION_MS.min, GIF_FRAME_DURATION_MS.max)),
  svgModel: optional(string({ max: 100 })),
  svgEffort: optional(oneOf(SVG_EFFORTS)),
});

const FROM_GENERATE: { readonly [K in FromGenerateWebview['type']]: Validator<Extract<FromGenerateWebview, { type: K }>> } = {
  'generate/ready': object({ type: literal('generate/ready'), generations: array(generationId, 50), paintedAt: optional(int(0, Number.MAX_SAFE_INTEGER)) }),
  'generate/run': object({
    type: literal('generate/run'), messageId, form, references: array(reference, 16),
    mask: optional(bytes(4 * 1024 * 1024)), markup: optional(bytes(MAX_UPLOAD)), maskOf: optional(generationId), regenerateOf: optional(generationId),
  }),
  'generate/compare': object({
    type: literal('generate/compare'), messageId, form, references: array(reference, 16),
    models: array(object({ provider: oneOf(PROVIDER_IDS), model: string({ max: 100 }) }), COMPARE_MODELS.max),
  }),
  'generate/cancel': object({ type: literal('generate/cancel'), generationId }),
  'generate/pickReferences': object({ type: literal('generate/pickReferences'), messageId }),
  'generate/addReference': object({ type: literal('generate/addReference'), messageId, name: string({ max: 255 }), bytes: bytes(MAX_UPLOAD) }),
  'generate/referenceFromUri': object({ type: literal('generate/referenceFromUri'), messageId, uri: string({ max: 4096 }) }),
  'generate/referenceFromResult': object({ type: literal('generate/referenceFromResult'), messageId, generationId, index: int(0, 63) }),
  'generate/referenceBytes': object({ type: literal('generate/referenceBytes'), messageId, key: referenceKey }),
  'generate/save': object({
    type: literal('generate/save'), messageId, generationId, indices: array(int(0, 63), 64), preset,
    destination: oneOf(['preset', 'choose'] as const),
  }),
  'generate/copyMarkdown': object({ type: literal('generate/copyMarkdown'), messageId, generationId, index: int(0, 63), preset, alt: string({ max: 2000 }) }),
  'generate/exportResult': object({
    type: literal('generate/exportResult'), messageId, generationId, index: int(0, 63), preset, export: oneOf(RESULT_EXPORTS),
  }),
  'generate/openFile': object({ type: literal('generate/openFile'), uri: string({ max: 4096 }) }),
  'generate/saveSanitized': object({ type: literal('generate/saveSanitized'), generationId, index: int(0, 63) }),
  'generate/setApiKey': object({ type: literal('generate/setApiKey'), provider: optional(oneOf(PROVIDER_IDS)) }),
  'generate/checkSetup': object({ type: literal('generate/checkSetup') }),
};

/** Check a message from the Generate webview; `problem` says what is wrong with a malformed one. */
export const validateGenerateMessage = messageValidator<FromGenerateWebview>(FROM_GENERATE);

/** The messageId of a malformed request, when it has one, so the host can still answer it with an error. */
export function messageIdOf(m: unknown): number | undefined {
  const id = typeof m === 'object' && m !== null ? (m as { messageId?: unknown }).messageId : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}
