// The Generate panel (webview). Placeholder until the Generate panel issue lands.
import * as vscode from 'vscode';
import type { Preset } from '../core/types';
import type { Services } from '../platform/services';

export interface GeneratePanelInit { readonly preset?: Preset; readonly prompt?: string }

export class GeneratePanel {
  static register(_s: Services): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  static async show(_s: Services, _init: GeneratePanelInit = {}): Promise<void> {
    void vscode.window.showInformationMessage('Pixelsmith: the Generate panel is not yet available. Use the automation API meanwhile.');
  }
}
