// What a provider is: one declaration in its own folder (src/core/providers/<id>/index.ts), listed once in the
// registry. Everything else — ProviderId, the key picker, settings, the panel's options, error labels, the
// manifest's enums — is read from here. The declaration is plain data plus `create`, which loads the provider's
// client only when a generation needs it. No `vscode` here: the MCP server creates providers with the same code.
import { PixelsmithError } from '../errors';
import type { Logger } from '../log';
import type { ModelInfo } from '../modelSpec';
import type { ModelPrice } from '../prices';
import type { ImageFormat, ImageProvider } from '../types';
import type { ImageWorker } from '../work/imageWorkerClient';

/** Invisible watermarks a provider declares its images carry: Google's SynthID. */
export const WATERMARKS = ['synthid'] as const;
export type Watermark = (typeof WATERMARKS)[number];

/** A setting the provider reads, `pixelsmith.<key>`. Every provider setting has `machine` scope: a workspace never redirects a key. */
export interface ProviderSetting {
  /** e.g. `openai.baseUrl`, always starting with the provider's id. */
  readonly key: string;
  readonly default: string;
}

export interface ProviderAuth {
  /** Conventional environment variables for the key, tried in order after secret storage. */
  readonly envVars: readonly string[];
  /** Label of the key in the Set API Key picker, e.g. `API key`. */
  readonly what?: string;
}

export interface ProviderCapabilities {
  readonly streaming: boolean;
  readonly edit: boolean;
  /** Images one call may ask for, where the provider's endpoint allows fewer than the model. */
  readonly maxPerCall?: number;
  /** Output formats the provider can deliver, whatever the model. */
  readonly formats: readonly ImageFormat[];
}

/** What a provider sees of the host when it reports its status or creates its client. */
export interface ProviderEnvironment {
  /** The key from secret storage or the provider's environment variables; undefined when there is none. */
  readonly key: string | undefined;
  /** Where the key came from, for status lines (never the key itself). */
  readonly keySource: string | undefined;
  /** The user's value of one of the provider's declared settings (workspace values are never read). */
  setting(key: string): string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ProviderContext extends ProviderEnvironment {
  /** Until headers arrive, then the longest pause in a body. */
  readonly timeoutMs: number;
  readonly log: Logger;
  /** The image worker (the offline placeholder renders there). */
  readonly images?: ImageWorker;
  /** A sign-in token for these scopes from the host (VS Code's Microsoft account), where the host has one. */
  readonly signIn?: (provider: 'microsoft', scopes: readonly string[]) => Promise<string>;
}

export interface ProviderStatusInfo {
  readonly configured: boolean;
  readonly detail: string;
}

/**
 * The size as the provider's request carries it: OpenAI's `size`, FLUX's `width` and `height`, Gemini's `aspectRatio`
 * (and `resolution`, its imageSize, where the model takes one). `{ size: 'auto' }` when none is sent and the model decides.
 */
export interface SentSize {
  readonly size?: string;
  readonly width?: number;
  readonly height?: number;
  readonly aspectRatio?: string;
  readonly resolution?: string;
}

export interface ProviderDeclaration<Id extends string = string> {
  readonly id: Id;
  /** The name people read: in pickers, status lines and errors. */
  readonly label: string;
  /** How it authenticates; null for a provider that needs no key. The secret is stored as `pixelsmith.apiKey.<id>`. */
  readonly auth: ProviderAuth | null;
  readonly settings: readonly ProviderSetting[];
  readonly capabilities: ProviderCapabilities;
  /** The models it serves, in the order the panel lists them. */
  readonly models: readonly ModelInfo[];
  /** The price of one of its models; null when unknown (the cost confirmation then asks). */
  price(model: ModelInfo): ModelPrice | null;
  /** The invisible watermark the provider's images of this model carry (recorded in the sidecar), e.g. `synthid`. */
  watermark?(model: string): Watermark | undefined;
  /** What its request carries for a validated size (`auto` or WIDTHxHEIGHT); default `{ size }`. The client sends the same. */
  sentSize?(model: string, size: string): SentSize;
  /** Ready to use, and why not; default: a key is present. */
  status?(env: ProviderEnvironment): ProviderStatusInfo;
  /** Things the user should know about where the key goes (said once in the log and in the status line). */
  notices?(env: ProviderEnvironment): readonly string[];
  /** A client for one generation, loaded on first use. */
  create(ctx: ProviderContext): Promise<ImageProvider>;
}

/** The default status: a key is present, and where it came from. */
export function keyStatus(p: ProviderDeclaration, env: ProviderEnvironment): ProviderStatusInfo {
  if (!p.auth) return { configured: true, detail: 'no key needed' };
  return env.key ? { configured: true, detail: `key from ${env.keySource ?? 'secret storage'}` } : { configured: false, detail: 'no key' };
}

/** The key, or the error that says how to give one. */
export function requireKey(p: ProviderDeclaration, env: ProviderEnvironment): string {
  if (env.key) return env.key;
  const vars = p.auth?.envVars.join(' or ') ?? '';
  return missingKey(p.label, vars);
}

function missingKey(label: string, vars: string): never {
  throw new PixelsmithError('auth', `No API key for ${label}.`, {
    hint: `Run "Pixelsmith: Set API Key…", or set ${vars || 'the environment variable'} before starting VS Code.`,
  });
}
