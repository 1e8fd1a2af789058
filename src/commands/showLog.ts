// Pixelsmith: Show Log — the output channel where every generation, retry, refusal and cleanup is written.
import * as vscode from 'vscode';
import type { Services } from '../platform/services';

export function registerShowLog(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.showLog', () => { s.log.show?.(); });
}
