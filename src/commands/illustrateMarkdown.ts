// Illustrate Markdown…: placeholder until the markdown issue lands.
import * as vscode from 'vscode';
import type { Services } from '../platform/services';

export function registerIllustrateMarkdown(_s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.illustrateMarkdown', () => {
    void vscode.window.showInformationMessage('Pixelsmith: Illustrate Markdown is not yet available.');
  });
}
