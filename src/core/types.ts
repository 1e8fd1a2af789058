// Shared vocabulary of the core: requests, images, records. No `vscode` import here or anywhere in src/core.

/** The providers' ids, from the registry (src/core/providers/registry.ts). */
export type { ProviderId } from './providers/registry';
import type { ProviderId } from './providers/registry';

export type Quality = 'auto' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type Background = 'auto' | 'opaque' | 'transparent';
/** Formats a pixel encoder and the reference uploads handle. */
export type RasterFormat = 'png' | 'jpeg' | 'webp';
/** Every format a model may return: raster, animated GIF, or SVG. */
export type ImageFormat = RasterFormat | 'gif' | 'svg';
export type Complexity = 'low' | 'medium' | 'high';
export type SvgEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type Preset = 'custom' | 'icon' | 'mockup' | 'illustration' | 'sequence';
export const PRESETS: readonly Preset[] = ['custom', 'icon', 'mockup', 'illustration', 'sequence'];

/** A reference image or mask as bytes, with the name and MIME type it is uploaded under. */
export interface ImageInput {
  readonly name: string;
  readonly mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  readonly bytes: Uint8Array;
  /** Where it came from (workspace-relative path or URI string), for the record. */
  readonly source?: string;
}

/** What the user asks for, before validation. `size` is `auto` or `WIDTHxHEIGHT`. */
export interface ImageRequest {
  prompt: string;
  model: string;
  provider: ProviderId;
  n: number;
  size: string;
  quality: Quality;
  background: Background;
  outputFormat: ImageFormat;
  /** 0–100, jpeg and webp only. */
  outputCompression?: number;
  preset?: Preset;
  /** Stream partial images (0–3) where the provider supports it. */
  partialImages?: number;
  references?: ImageInput[];
  mask?: ImageInput;
  /** Edits only: a transparent PNG drawn over the first reference to guide the edit (gpt-image-2.5; never with a mask). */
  markup?: ImageInput;
  /** For sequences: total frames; when > the model's per-call limit, generated in batches. */
  frames?: number;
  /** Planning effort, independent of rendering quality (gpt-image-2.6). */
  complexity?: Complexity;
  /** GIF output: frames in the animation, 2–16. */
  gifFrames?: number;
  /** GIF output: delay per frame in milliseconds. */
  gifFrameDurationMs?: number;
  /** SVG output: the model that authors the SVG, where SVG model selection is enabled. */
  svgModel?: string;
  /** SVG output: the SVG author's reasoning effort. */
  svgEffort?: SvgEffort;
  /** When the size asked for was in another size language than the model's: what became of it, in words. */
  sizeNote?: string;
}

/** One image as returned by a provider, not yet checked. */
export interface ProviderImage {
  readonly bytes: Uint8Array;
  readonly revisedPrompt?: string;
}

/** Token usage as reported by the provider (OpenAI `usage`). */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  inputTextTokens?: number;
  inputImageTokens?: number;
  /** Of outputTokens, the image tokens (`output_tokens_details.image_tokens`), where reported. */
  outputImageTokens?: number;
  /** Of outputTokens, the text tokens (`output_tokens_details.text_tokens`), where reported. */
  outputTextTokens?: number;
  totalTokens?: number;
}

/** Events a provider emits while a call runs. */
export type ProviderEvent =
  | { readonly kind: 'partial'; readonly index: number; readonly partialIndex: number; readonly bytes: Uint8Array }
  | { readonly kind: 'queued'; readonly position: number }
  | { readonly kind: 'status'; readonly message: string };

/** One call to a provider: at most the model's per-call `n`. */
export interface ProviderCall {
  readonly request: ImageRequest;
  readonly n: number;
  readonly signal: AbortSignal;
  readonly onEvent?: (e: ProviderEvent) => void;
}

export interface ProviderResult {
  readonly images: ProviderImage[];
  readonly usage?: Usage;
  /** What the call cost in USD, where the provider says so itself (OpenRouter's `usage.cost`, BFL's `cost`); preferred to a price computed from `usage`. */
  readonly costUsd?: number;
  readonly requestId?: string;
  /** Why fewer images than asked arrived, when the answer failed after delivering some (they are kept). */
  readonly incomplete?: Error;
}

/** The one interface every provider implements. */
export interface ImageProvider {
  /** The registry id of the provider that made this client. */
  readonly id: string;
  call(call: ProviderCall): Promise<ProviderResult>;
}

/** Facts read from an image's bytes. */
export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  /** A C2PA manifest (PNG `caBX`, JPEG APP11 JUMBF, WebP `C2PA`) is present. */
  readonly contentCredentials: boolean;
  /** GIF: the number of frames. */
  readonly frames?: number;
}

/** An image kept in the history store. */
export interface StoredImage {
  readonly index: number;
  readonly file: string;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly contentCredentials: boolean;
  /** GIF: the number of frames. */
  readonly frames?: number;
  readonly revisedPrompt?: string;
  readonly receivedAt: string;
}

/** Where a generation stands: running until it finishes, then how it ended. */
export type GenerationStatus = 'running' | 'complete' | 'partial' | 'cancelled' | 'failed';
