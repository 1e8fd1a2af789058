// Pixelsmith's MCP server for MCP-aware agents inside VS Code (contributes.mcpServerDefinitionProviders): one stdio
// server per workspace folder, run on VS Code's own Node (process.execPath with ELECTRON_RUN_AS_NODE), sharing the
// extension's history. Keys are not put in the definition: the server reads its environment, as everywhere.
import * as vscode from 'vscode';
import { providers } from '../core/providers/registry';
import type { Services } from '../platform/services';
import { userOnlySetting } from '../platform/settings';
import { serverArgs, type ServerLaunch } from './externalConfig';
import { mcpApi } from './lmApi';

export const MCP_PROVIDER_ID = 'pixelsmith.mcp';

/** How the server is started for a workspace folder: this installation's dist/mcp.js and the user's provider settings. */
export function launchFor(s: Services, folder: vscode.WorkspaceFolder): ServerLaunch {
  const settings: Record<string, string> = {};
  for (const p of providers.all) {
    for (const st of p.settings) {
      const v = userOnlySetting(st.key);
      if (typeof v === 'string' && v !== '' && v !== st.default) settings[st.key] = v;
    }
  }
  return {
    serverPath: vscode.Uri.joinPath(s.context.extensionUri, 'dist', 'mcp.js').fsPath,
    workspace: folder.uri.fsPath, history: s.historyUri.fsPath, settings,
    keyVars: providers.keyed().flatMap((p) => p.auth?.envVars ?? []),
  };
}

export function registerMcpDefinitions(s: Services): vscode.Disposable {
  const api = mcpApi();
  // VS Code before 1.101 has no MCP definition API: Connect External Agents… still gives the configuration.
  if (!api) return new vscode.Disposable(() => undefined);
  const changed = new vscode.EventEmitter<void>();
  const version = String((s.context.extension.packageJSON as { version?: unknown }).version ?? '0');
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('pixelsmith')) changed.fire(); }),
    api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => {
          const label = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `Pixelsmith (${f.name})` : 'Pixelsmith';
          return new api.McpStdioServerDefinition(label, process.execPath, serverArgs(launchFor(s, f)), { ELECTRON_RUN_AS_NODE: '1' }, version);
        }),
    }),
  );
}
