// The real providers and GenerationEngine wired to a fake provider, for unit tests and benchmarks.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GenerationEngine, type GenerationEvent } from '../../src/core/engine';
import { HistoryStore } from '../../src/core/history';
import { silentLogger } from '../../src/core/log';
import { createBflProvider } from '../../src/core/providers/bfl/client';
import { createFalProvider } from '../../src/core/providers/fal/client';
import { createGeminiProvider } from '../../src/core/providers/gemini/client';
import { createOpenRouterProvider } from '../../src/core/providers/openrouter/client';
import { createOfflineProvider } from '../../src/core/providers/offline/client';
import { createAzureProvider, createOpenAIProvider } from '../../src/core/providers/openai/client';
import type { ImageProvider, ImageRequest, ProviderId } from '../../src/core/types';
import { ImageWorker } from '../../src/core/work/imageWorkerClient';
import type { FakeProvider } from './server';

export const TEST_KEYS = { openai: 'sk-fake-openai-key-000000', azure: 'azure-fake-key-0000', fal: 'fal-fake-key-0000', gemini: 'AIzaFakeGeminiKey0000', openrouter: 'sk-or-v1-fake0000', bfl: 'bfl-fake-key-0000' } as const;

export interface ProviderOptions {
  readonly timeoutMs?: number;
  readonly apiKey?: string;
  /** The offline provider's image thread; by default a new one (idle, it does not keep the process alive). */
  readonly images?: ImageWorker;
}

/** The compiled worker entry beside the compiled core (out/src/core/work/), for tests and benchmarks. */
export function imageWorkerScript(): string {
  return path.join(__dirname, '..', '..', 'src', 'core', 'work', 'imageWorker.js');
}

/** A real provider (SDK or fetch) pointed at `fake`. */
export function providerFor(fake: FakeProvider, id: ProviderId, o: ProviderOptions = {}): Promise<ImageProvider> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  switch (id) {
    case 'openai':
      return createOpenAIProvider({ apiKey: o.apiKey ?? TEST_KEYS.openai, baseURL: fake.openaiBaseUrl, timeoutMs });
    case 'azure':
      return createAzureProvider({ endpoint: fake.azureEndpoint, deployment: 'gpt-image-2', apiVersion: '2026-04-01-preview', apiKey: o.apiKey ?? TEST_KEYS.azure, timeoutMs });
    case 'fal':
      return Promise.resolve(createFalProvider({
        apiKey: o.apiKey ?? TEST_KEYS.fal, baseUrl: fake.falBaseUrl, generateEndpoint: 'openai/gpt-image-2',
        editEndpoint: 'openai/gpt-image-2/edit', timeoutMs, pollIntervalMs: 1,
      }));
    case 'gemini':
      return Promise.resolve(createGeminiProvider({ apiKey: o.apiKey ?? TEST_KEYS.gemini, baseUrl: fake.url, timeoutMs }));
    case 'openrouter':
      return Promise.resolve(createOpenRouterProvider({ apiKey: o.apiKey ?? TEST_KEYS.openrouter, baseUrl: `${fake.url}/api/v1`, timeoutMs }));
    case 'bfl':
      return Promise.resolve(createBflProvider({ apiKey: o.apiKey ?? TEST_KEYS.bfl, baseUrl: fake.bflBaseUrl, timeoutMs, pollIntervalMs: 1 }));
    case 'offline':
      return Promise.resolve(createOfflineProvider(o.images ?? new ImageWorker(imageWorkerScript())));
  }
}

export interface EngineRig {
  readonly engine: GenerationEngine;
  readonly history: HistoryStore;
  readonly root: string;
  /** Every event of every generation, in order. */
  readonly events: GenerationEvent[];
  /** Removes the history folder. */
  dispose(): Promise<void>;
}

export interface RigOptions {
  readonly maxConcurrency?: number;
  readonly maxRetries?: number;
  readonly retryBaseDelayMs?: number;
}

/** An engine with a fresh history folder in the temp directory and the given provider. */
export async function engineRig(provider: ImageProvider, o: RigOptions = {}): Promise<EngineRig> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pixelsmith-rig-'));
  const history = new HistoryStore(root);
  const events: GenerationEvent[] = [];
  const engine = new GenerationEngine({
    history, log: silentLogger, getProvider: () => Promise.resolve(provider),
    maxConcurrency: () => o.maxConcurrency ?? 4, maxRetries: () => o.maxRetries ?? 2, retryBaseDelayMs: o.retryBaseDelayMs ?? 1,
  });
  return { engine, history, root, events, dispose: () => fs.rm(root, { recursive: true, force: true }) };
}

/** A valid request for `provider` with small, cheap defaults. */
export function imageRequest(provider: ProviderId, over: Partial<ImageRequest> = {}): ImageRequest {
  return {
    prompt: 'a lighthouse at dusk', model: 'gpt-image-2', provider, n: 1, size: '1024x1024',
    quality: 'low', background: 'auto', outputFormat: 'png', ...over,
  };
}
