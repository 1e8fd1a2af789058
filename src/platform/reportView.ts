// Reports Pixelsmith writes for people (Show Spend, Check Setup): read-only markdown documents under the
// `pixelsmith-report:` scheme, shown in VS Code's markdown preview — tables and headings in the user's theme,
// nothing to save, nothing left dirty when the window closes.
import * as vscode from 'vscode';

const SCHEME = 'pixelsmith-report';

export class ReportView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '';
  }

  /** Show `markdown` as the report `name` (e.g. `Setup.md`): in the markdown preview, else as a read-only document. */
  async show(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}` });
    this.docs.set(uri.path, markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.docs.clear();
  }
}
