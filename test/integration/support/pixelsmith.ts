// Driving Pixelsmith from integration tests the way other extensions and users do: its commands,
// its settings and its keys; and reading what it left in the history store and its log.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateResult } from '../../../src/commands/generate';
import type { GenerationRecord } from '../../../src/core/history';
import { after, before, beforeEach } from 'mocha';
import { fake, fakeUrl } from './fake';

export type { GenerateResult } from '../../../src/commands/generate';
export type { GenerationRecord } from '../../../src/core/history';

type KeyedProvider = 'openai' | 'azure' | 'fal' | 'bfl' | 'gemini' | 'openrouter';

/** Keys shaped like the real ones, so a leak would be recognisable; never real. */
export const TEST_KEYS: Readonly<Record<KeyedProvider, string>> = {
  openai: 'sk-proj-integrationTEST0123456789abcdefABCDEF',
  azure: '3f9c2a7d1e4b4c8a9d0e6f1a2b3c4d5e',
  fal: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f:0123456789abcdef0123456789abcdef',
  bfl: 'bfl_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
  gemini: 'AIzaSyIntegrationTEST0123456789abcdefABCD',
  openrouter: 'sk-or-v1-integrationtest0123456789abcdef0123456789abcdef01234567',
};

/** The settings that decide where keys go; all machine-scoped, written to user settings. */
const PROVIDER_SETTINGS = ['openai.baseUrl', 'azure.endpoint', 'azure.deployment', 'azure.apiVersion', 'fal.baseUrl', 'bfl.baseUrl', 'gemini.baseUrl', 'openrouter.baseUrl'] as const;
const KEYED: readonly KeyedProvider[] = ['openai', 'azure', 'fal', 'bfl', 'gemini', 'openrouter'];

export async function setUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('pixelsmith').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function setKey(provider: KeyedProvider, key: string = TEST_KEYS[provider]): Promise<void> {
  await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider, key });
}

/** Point every keyed provider at the fake and store a test key for each. */
export async function useFake(): Promise<void> {
  const url = fakeUrl();
  await setUserSetting('openai.baseUrl', `${url}/v1`);
  await setUserSetting('azure.endpoint', url);
  await setUserSetting('fal.baseUrl', url);
  await setUserSetting('bfl.baseUrl', url);
  await setUserSetting('gemini.baseUrl', url);
  await setUserSetting('openrouter.baseUrl', `${url}/api/v1`);
  for (const p of KEYED) await setKey(p);
}

/** Remove the keys and the provider settings tests set, so no later test sends anything anywhere. */
export async function clearProviders(): Promise<void> {
  for (const k of PROVIDER_SETTINGS) await setUserSetting(k, undefined);
  for (const p of KEYED) await vscode.commands.executeCommand('pixelsmith.setApiKey', { provider: p, key: '' });
  await setUserSetting('maxRetries', undefined);
}

/** `pixelsmith.generate` headless, without the cost confirmation (tests confirm nothing). */
export function generate(args: Record<string, unknown>): Promise<GenerateResult> {
  return Promise.resolve(vscode.commands.executeCommand<GenerateResult>('pixelsmith.generate', { skipCostConfirmation: true, ...args }));
}

/** The error a rejected generation gave, or fails when it did not reject. */
export async function generateError(args: Record<string, unknown>): Promise<Error & { code?: string; field?: string; hint?: string; requestId?: string }> {
  try {
    const r = await generate(args);
    throw new Error(`expected pixelsmith.generate to reject, it resolved: ${JSON.stringify({ status: r.status, images: r.images.length, errors: r.errors })}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('expected pixelsmith.generate to reject')) throw e;
    return e as Error & { code?: string };
  }
}

let root: string | undefined;

/** The history store's folder (under the extension's global storage), learnt from one offline generation. */
export async function historyRoot(): Promise<string> {
  if (!root) {
    const r = await generate({ prompt: 'history root probe', provider: 'offline', size: '1024x1024' });
    root = path.dirname(path.dirname(r.images[0]!.uri.fsPath));
  }
  return root;
}

export async function historyIds(): Promise<string[]> {
  const names = await fs.readdir(await historyRoot()).catch(() => [] as string[]);
  return names.filter((n) => /^\d{8}-\d{6}-[0-9a-f]{6}$/.test(n)).sort();
}

export async function readRecord(id: string): Promise<GenerationRecord> {
  return JSON.parse(await fs.readFile(path.join(await historyRoot(), id, 'generation.json'), 'utf8')) as GenerationRecord;
}

/** Files in a generation's folder, but the record. */
export async function historyFiles(id: string): Promise<string[]> {
  return (await fs.readdir(path.join(await historyRoot(), id))).filter((f) => f !== 'generation.json').sort();
}

export async function readHistoryFile(id: string, file: string): Promise<Uint8Array> {
  return fs.readFile(path.join(await historyRoot(), id, file));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Waits (polling, at most `limitMs`) until `probe` answers something truthy; fails with `what` otherwise. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The Pixelsmith output channel's log file. The extension host writes log output channels under its logs
 * folder (…/exthost*\/pixelsmith.pixelsmith/Pixelsmith.log), inside the user data folder that also holds
 * global storage; found from the history root.
 */
export async function pixelsmithLogFiles(): Promise<string[]> {
  let dir = await historyRoot();
  const found: string[] = [];
  // history → pixelsmith.pixelsmith → globalStorage → User → <user data>
  for (let i = 0; i < 4; i++) dir = path.dirname(dir);
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.name === 'Pixelsmith.log' || (e.name.endsWith('.log') && /pixelsmith/i.test(path.basename(d)) && /pixelsmith/i.test(e.name))) found.push(p);
    }
  };
  await walk(path.join(dir, 'logs'), 0);
  return found;
}

/**
 * A suite's hooks for running against the fake provider: the history root known and every provider pointed at the
 * fake before the suite, the fake's recorded requests and behaviours reset before each test, the keys cleared after.
 */
export function useFakeProviders(): void {
  before(async () => {
    await historyRoot();
    await useFake();
  });
  after(clearProviders);
  beforeEach(() => fake.reset());
}
