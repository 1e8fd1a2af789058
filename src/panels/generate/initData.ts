// What the Generate page starts from: form defaults from the settings, each preset's folder, and the
// providers that are configured (sent as a message, since finding keys is asynchronous).
import * as vscode from 'vscode';
import { providers as registry } from '../../core/providers/registry';
import { PRESETS, type Preset, type ProviderId } from '../../core/types';
import type { GenerateForm, GenerateInitData, ProviderChoice, ProvidersMessage, ReferenceImage } from '../../protocol';
import type { Services } from '../../platform/services';
import { costThreshold, folderSettingFor, setting } from '../../platform/settings';

export interface PanelInit {
  readonly preset?: Preset;
  readonly prompt?: string;
  /** Staged reference images to add (for edit: they replace the current ones and the mask editor opens). */
  readonly references?: readonly ReferenceImage[];
  readonly edit?: boolean;
  /** Workspace-relative path of the markdown document Save links into. */
  readonly markdownTarget?: string;
  /** Open the model comparison. */
  readonly compare?: boolean;
}

export function defaultForm(): GenerateForm {
  const provider = setting('provider');
  return {
    prompt: '', preset: 'custom', provider: provider === 'auto' ? 'offline' : provider, model: setting('model') || 'gpt-image-2',
    size: 'auto', quality: setting('defaults.quality'), background: 'auto', outputFormat: setting('defaults.outputFormat'),
    outputCompression: 80, n: 1, frames: 4,
  };
}

export function presetFolders(): Record<Preset, string> {
  const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
  return Object.fromEntries(PRESETS.map((p) => [p, String(setting(folderSettingFor(p), scope))])) as Record<Preset, string>;
}

export function initData(historyBase: string, init: PanelInit): GenerateInitData {
  const apply = init.preset || init.prompt !== undefined || init.references?.length || init.compare ? {
    ...(init.compare ? { compare: true } : {}),
    ...(init.preset ? { preset: init.preset } : {}), ...(init.prompt !== undefined ? { prompt: init.prompt } : {}),
    ...(init.references?.length ? { references: init.references, edit: !!init.edit } : {}),
  } : undefined;
  return {
    historyBase, defaults: defaultForm(), folders: presetFolders(), costThreshold: costThreshold(),
    platform: process.platform === 'darwin' ? 'mac' : 'other',
    ...(apply ? { apply } : {}),
    ...(init.markdownTarget ? { markdownTarget: init.markdownTarget } : {}),
  };
}

/** The providers a user may pick now: every configured one, the offline placeholder always. */
export async function providersMessage(s: Services): Promise<ProvidersMessage> {
  const status = await s.providers.status();
  const providers: ProviderChoice[] = status.filter((p) => p.configured).map((p) => ({ id: p.id, label: registry.label(p.id), detail: p.detail }));
  const resolved: ProviderId = await s.providers.resolve();
  return { type: 'generate/providers', providers, resolved, costThreshold: costThreshold() };
}
