// Set API Key… and Select Provider…: quick picks for people, arguments for automation.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import { providers, type ProviderId } from '../core/providers/registry';
import type { Services } from '../platform/services';

type KeyedProvider = ProviderId;
const keyed = (): readonly ProviderId[] => providers.keyed().map((p) => p.id);
const label = (id: string): string => providers.label(id);

export function registerKeyCommands(s: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('pixelsmith.setApiKey', (args?: unknown) => setApiKey(s, args)),
    vscode.commands.registerCommand('pixelsmith.selectProvider', (args?: unknown) => selectProvider(s, args)),
  );
}

interface SetKeyArgs { provider?: unknown; key?: unknown }

async function setApiKey(s: Services, raw?: unknown): Promise<{ provider: KeyedProvider; stored: boolean } | undefined> {
  const args = (raw && typeof raw === 'object' ? raw : {}) as SetKeyArgs;
  if (args.key !== undefined && typeof args.key !== 'string') {
    throw new PixelsmithError('invalid-request', 'key must be a string (an empty string removes the stored key).', { field: 'key' });
  }
  let provider = args.provider as KeyedProvider | undefined;
  if (provider !== undefined && !keyed().includes(provider)) {
    throw new PixelsmithError('invalid-request', `provider ${JSON.stringify(args.provider)} takes no key. Allowed: ${keyed().join(', ')}.`, { field: 'provider', allowed: keyed() });
  }
  if (!provider) {
    const status = await s.providers.status();
    const pick = await vscode.window.showQuickPick(keyed().map((id) => ({
      label: label(id), id, description: status.find((x) => x.id === id)?.detail ?? '',
    })), { title: vscode.l10n.t('Pixelsmith: Set API Key'), placeHolder: vscode.l10n.t('Which provider is the key for?') });
    if (!pick) return undefined;
    provider = pick.id;
  }
  if (typeof args.key === 'string') {
    const key = args.key.trim();
    if (key === '') { await s.keys.delete(provider); return { provider, stored: false }; }
    await s.keys.set(provider, key);
    s.log.info(`API key for ${label(provider)} stored in secret storage`);
    return { provider, stored: true };
  }
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('Pixelsmith: {0} API key', label(provider)), password: true, ignoreFocusOut: true,
    prompt: vscode.l10n.t('Stored in VS Code\'s secret storage, never in settings. Leave empty to remove the stored key.'),
  });
  if (key === undefined) return undefined;
  if (key.trim() === '') {
    await s.keys.delete(provider);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: the {0} key was removed.', label(provider)));
    return { provider, stored: false };
  }
  await s.keys.set(provider, key.trim());
  s.log.info(`API key for ${label(provider)} stored in secret storage`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: {0} key stored.', label(provider)));
  return { provider, stored: true };
}

async function selectProvider(s: Services, raw?: unknown): Promise<ProviderId | 'auto' | undefined> {
  const valid: readonly string[] = ['auto', ...providers.ids];
  let chosen = raw && typeof raw === 'object' ? (raw as { provider?: unknown }).provider : typeof raw === 'string' ? raw : undefined;
  if (chosen !== undefined && (typeof chosen !== 'string' || !valid.includes(chosen))) {
    throw new PixelsmithError('invalid-request', `provider ${JSON.stringify(chosen)} is not known. Allowed: ${valid.join(', ')}.`, { field: 'provider', allowed: valid });
  }
  if (chosen === undefined) {
    const status = await s.providers.status();
    const items = [
      { label: vscode.l10n.t('Automatic'), id: 'auto', description: vscode.l10n.t('now: {0}', label(await s.providers.resolve('auto'))) },
      ...status.map((x) => ({ label: label(x.id), id: x.id, description: x.configured ? x.detail : vscode.l10n.t('{0} — set a key first', x.detail) })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Pixelsmith: Select Provider') });
    if (!pick) return undefined;
    chosen = pick.id;
    const st = status.find((x) => x.id === chosen);
    if (st && !st.configured && keyed().includes(st.id) && !(await s.keys.get(st.id))) await setApiKey(s, { provider: chosen });
  }
  await vscode.workspace.getConfiguration('pixelsmith').update('provider', chosen, vscode.ConfigurationTarget.Global);
  return chosen as ProviderId | 'auto';
}
