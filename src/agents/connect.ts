// `Pixelsmith: Connect External Agents…`: the exact configuration for Claude Code, Codex CLI, Cursor (and a plain
// VS Code mcp.json), with this installation's server path and no key, shown in an editor and copied.
// With `{ agent }` (automation) it returns the configuration without UI.
import * as vscode from 'vscode';
import { ValidationError } from '../core/errors';
import type { Services } from '../platform/services';
import { agentConfigs, type AgentConfig, type AgentId } from './externalConfig';
import { launchFor } from './mcpDefinition';

export function registerConnectAgents(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.connectExternalAgents', (args?: unknown) => connect(s, args));
}

async function connect(s: Services, args: unknown): Promise<AgentConfig | AgentConfig[] | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Pixelsmith: open a local folder first; the MCP server saves images into it.'));
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0]! : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder should agents save images into?') });
  if (!folder) return undefined;
  const configs = agentConfigs(launchFor(s, folder));
  const asked = typeof args === 'object' && args !== null ? (args as { agent?: unknown }).agent : undefined;
  if (asked !== undefined) {
    if (asked === 'all') return configs;
    const found = configs.find((c) => c.id === asked);
    if (!found) throw new ValidationError('agent', `agent ${JSON.stringify(asked)}: unknown. Allowed: all, ${configs.map((c) => c.id).join(', ')}.`, { allowed: ['all', ...configs.map((c) => c.id)] });
    return found;
  }
  const picked = await vscode.window.showQuickPick(configs.map((c) => ({ label: c.label, description: c.where, id: c.id as AgentId })), {
    placeHolder: vscode.l10n.t('Connect which agent to Pixelsmith\'s MCP server? (No key is written: agents pass your environment\'s keys.)'),
  });
  const config = configs.find((c) => c.id === picked?.id);
  if (!config) return undefined;
  await vscode.env.clipboard.writeText(config.text);
  const doc = await vscode.workspace.openTextDocument({ language: config.language, content: config.text });
  await vscode.window.showTextDocument(doc, { preview: true });
  void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: the {0} configuration is copied. Put it in {1}.', config.label, config.where));
  return config;
}
