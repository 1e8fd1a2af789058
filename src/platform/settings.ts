// Typed access to Pixelsmith's settings, by key.
import * as vscode from 'vscode';
import type { ChoiceSettings } from '../core/costConfirmation';
import type { WebCopyFormat } from '../core/iconset/webCopy';
import type { IllustrateInsert } from '../core/markdown';
import type { ImageFormat, Preset, ProviderId, Quality } from '../core/types';

export interface SettingTypes {
  'provider': 'auto' | ProviderId;
  'model': string;
  'defaults.quality': Quality;
  'defaults.outputFormat': ImageFormat;
  'costConfirmationThreshold': number;
  'monthlyBudget': number;
  'requestTimeoutSeconds': number;
  'maxRetries': number;
  'maxConcurrentRequests': number;
  'history.retentionDays': number;
  'folders.default': string;
  'folders.icon': string;
  'folders.mockup': string;
  'folders.illustration': string;
  'folders.sequence': string;
  'naming.pattern': string;
  'gallery.includeUntrackedImages': boolean;
  'iconSet.folder': string;
  'webCopy.format': WebCopyFormat;
  'webCopy.quality': number;
  'webCopy.maxWidth': number;
  'illustrate.insert': IllustrateInsert;
}

/** Pixelsmith's own settings; each provider's settings (`openai.baseUrl`, …) are declared in its folder and read by platform/providers. */
export type SettingKey = keyof SettingTypes;

/** Read a setting; `scope` picks the workspace folder for resource-scoped ones. */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingTypes[K] {
  return vscode.workspace.getConfiguration('pixelsmith', scope).get<SettingTypes[K]>(key) as SettingTypes[K];
}

/**
 * Settings that decide where a key is sent are read from user (global) scope only: a workspace
 * cannot override them, even if an older VS Code ignored the `machine` scope of the manifest.
 */
export function userOnlySetting<K extends SettingKey>(key: K): SettingTypes[K];
export function userOnlySetting(key: string): unknown;
export function userOnlySetting(key: string): unknown {
  const inspected = vscode.workspace.getConfiguration('pixelsmith').inspect(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** The cost confirmation threshold: the user's value only (the manifest keeps `window` scope), so a workspace cannot raise it. */
export function costThreshold(): number {
  return userOnlySetting('costConfirmationThreshold');
}

/** Provider and model as the user set them, and as the workspace overrides them, for the cost confirmation. */
export function choiceSettings(): ChoiceSettings {
  const read = (key: 'provider' | 'model') => {
    const i = vscode.workspace.getConfiguration('pixelsmith').inspect<string>(key);
    const workspace = i?.workspaceFolderValue ?? i?.workspaceValue;
    return { user: String(i?.globalValue ?? i?.defaultValue ?? ''), ...(workspace !== undefined ? { workspace } : {}) };
  };
  return { provider: read('provider'), model: read('model') };
}

export function folderSettingFor(preset: Preset | undefined): SettingKey {
  switch (preset) {
    case 'icon': return 'folders.icon';
    case 'mockup': return 'folders.mockup';
    case 'illustration': return 'folders.illustration';
    case 'sequence': return 'folders.sequence';
    default: return 'folders.default';
  }
}
