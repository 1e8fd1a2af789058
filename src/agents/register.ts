// Registers the Copilot language model tools declared in package.json (contributes.languageModelTools).
import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { FindAssetsTool } from './findTool';
import { ImageTool } from './imageTool';

export function registerAgentTools(s: Services): vscode.Disposable {
  // VS Code without the language model API (or a fork that leaves it out) simply has no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return new vscode.Disposable(() => undefined);
  return vscode.Disposable.from(
    vscode.lm.registerTool('pixelsmith_generateImage', new ImageTool(s, 'generateImage')),
    vscode.lm.registerTool('pixelsmith_editImage', new ImageTool(s, 'editImage')),
    vscode.lm.registerTool('pixelsmith_findAssets', new FindAssetsTool()),
  );
}
