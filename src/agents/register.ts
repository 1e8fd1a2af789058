// Registers what agents use: the Copilot language model tools (contributes.languageModelTools), the MCP server
// definition (contributes.mcpServerDefinitionProviders) and Connect External Agents….
import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { registerConnectAgents } from './connect';
import { FindAssetsTool } from './findTool';
import { ImageTool } from './imageTool';
import { registerMcpDefinitions } from './mcpDefinition';

/** The Copilot tools, the MCP server definition and Connect External Agents…. */
export function registerAgents(s: Services): vscode.Disposable {
  return vscode.Disposable.from(registerAgentTools(s), registerMcpDefinitions(s), registerConnectAgents(s));
}

function registerAgentTools(s: Services): vscode.Disposable {
  // VS Code without the language model API (or a fork that leaves it out) simply has no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return new vscode.Disposable(() => undefined);
  return vscode.Disposable.from(
    vscode.lm.registerTool('pixelsmith_generateImage', new ImageTool(s, 'generateImage')),
    vscode.lm.registerTool('pixelsmith_editImage', new ImageTool(s, 'editImage')),
    vscode.lm.registerTool('pixelsmith_findAssets', new FindAssetsTool()),
  );
}
