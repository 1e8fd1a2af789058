// The language model APIs newer than engines.vscode (1.96), found at run time: a VS Code without them gets
// text-only results and no MCP server definition, instead of failing to activate.
import * as vscode from 'vscode';

interface DataPartClass { image(data: Uint8Array, mimeType: string): unknown }

/** `vscode.LanguageModelDataPart` (VS Code 1.106+), when this VS Code has it. */
export function dataPartClass(): DataPartClass | undefined {
  const c = (vscode as unknown as { LanguageModelDataPart?: DataPartClass }).LanguageModelDataPart;
  return typeof c?.image === 'function' ? c : undefined;
}

/** The MCP server definition API (VS Code 1.101+). */
export interface McpApi {
  readonly registerMcpServerDefinitionProvider: (id: string, provider: {
    readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
    provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<unknown[]>;
  }) => vscode.Disposable;
  readonly McpStdioServerDefinition: new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => unknown;
}

export function mcpApi(): McpApi | undefined {
  const lm = vscode.lm as unknown as { registerMcpServerDefinitionProvider?: McpApi['registerMcpServerDefinitionProvider'] };
  const ctor = (vscode as unknown as { McpStdioServerDefinition?: McpApi['McpStdioServerDefinition'] }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof ctor !== 'function') return undefined;
  return { registerMcpServerDefinitionProvider: lm.registerMcpServerDefinitionProvider.bind(vscode.lm), McpStdioServerDefinition: ctor };
}
