// The Generate panel: one WebviewPanel, revealed again when open, restored after a reload by its serializer.
// The page keeps its own state (getState/setState); the host keeps runs, staged references and the markdown target.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { TranslationOf } from '../core/localize/plan';
import type { Preset } from '../core/types';
import type { Services } from '../platform/services';
import type { ApplyMessage, ReferenceImage, ToGenerateWebview } from '../protocol';
import { GenerateController } from './generate/controller';
import { initData, type PanelInit } from './generate/initData';
import type { MarkdownLinker } from './generate/markdownLinker';
import { RunTracker } from './generate/runs';
import { escapeText, renderShell, webviewOptions } from './html';
import { ReferenceStage } from './referenceStage';

export const GENERATE_VIEW_TYPE = 'pixelsmith.generatePanel';

export interface GeneratePanelInit {
  readonly preset?: Preset;
  readonly prompt?: string;
  /** Workspace images to add as references (gallery: use as reference, variations); with `edit` they replace
   *  the current references and the mask editor opens over the first. */
  readonly references?: readonly vscode.Uri[];
  readonly edit?: boolean;
  /** Link saved images into this markdown document (Illustrate Markdown…). */
  readonly markdownTarget?: MarkdownLinker;
  /** Open the model comparison (Compare Models…). */
  readonly compare?: boolean;
  /** Remix of a translation: what the panel's generations keep (language and original) until it is shown for something else. */
  readonly translation?: TranslationOf;
}

export class GeneratePanel implements vscode.Disposable {
  private static instance: GeneratePanel | undefined;

  static register(s: Services): vscode.Disposable {
    const host = GeneratePanel.for(s);
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer(GENERATE_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => host.attach(panel, {}),
      }),
      { dispose: () => { host.dispose(); GeneratePanel.instance = undefined; } },
      vscode.commands.registerCommand('pixelsmith.savePicked', () => host.post({ type: 'generate/savePicked' })),
    );
  }

  /** Open the panel (or bring it forward), applying a preset, prompt or markdown target when given. */
  static async show(s: Services, init: GeneratePanelInit = {}): Promise<void> {
    const host = GeneratePanel.for(s);
    // Staged first (read, checked, copied into the history's reference area), so a bad file fails here, named.
    const references = await Promise.all((init.references ?? []).map((u) => host.stage.fromUri(u)));
    host.open(init, references);
  }

  private static for(s: Services): GeneratePanel {
    return (GeneratePanel.instance ??= new GeneratePanel(s));
  }

  private panel: vscode.WebviewPanel | undefined;
  private readonly runs: RunTracker;
  private readonly stage: ReferenceStage;
  private readonly controller: GenerateController;
  private linker: MarkdownLinker | undefined;
  private translation: TranslationOf | undefined;
  private pendingApply: ApplyMessage | undefined;
  private shownAt: number | undefined;

  private constructor(private readonly s: Services) {
    this.stage = new ReferenceStage(s.historyUri);
    this.runs = new RunTracker(s, (m) => this.post(m));
    this.controller = new GenerateController({
      services: s, stage: this.stage, runs: this.runs, post: (m) => this.post(m),
      linker: () => this.linker, translation: () => this.translation, pendingApply: () => this.pendingApply, takeShownAt: () => { const t = this.shownAt; this.shownAt = undefined; return t; },
    });
  }

  private open(init: GeneratePanelInit, references: readonly ReferenceImage[]): void {
    const refs = references.length ? { references, edit: !!init.edit } : {};
    this.shownAt = Date.now();
    this.linker = init.markdownTarget;
    this.translation = init.translation;
    if (this.panel) {
      // A hidden panel's page is gone until reveal() reloads it, and a message posted before it is alive is dropped:
      // the apply waits in `pendingApply`, is posted now and again when the page says it is ready; the page takes it once.
      this.pendingApply = {
        type: 'generate/apply', applyId: randomUUID(), ...(init.compare ? { compare: true } : {}), ...(init.preset ? { preset: init.preset } : {}), ...(init.prompt !== undefined ? { prompt: init.prompt } : {}), ...refs,
        markdownTarget: this.linker?.label ?? null,
      };
      this.panel.reveal(undefined, false);
      this.post(this.pendingApply);
      return;
    }
    const panel = vscode.window.createWebviewPanel(GENERATE_VIEW_TYPE, 'Pixelsmith: Generate', vscode.ViewColumn.Active, webviewOptions(this.s.context.extensionUri, [this.s.historyUri]));
    this.attach(panel, { ...(init.compare ? { compare: true } : {}), ...(init.preset ? { preset: init.preset } : {}), ...(init.prompt !== undefined ? { prompt: init.prompt } : {}), ...refs, ...(this.linker ? { markdownTarget: this.linker.label } : {}) });
  }

  attach(panel: vscode.WebviewPanel, init: PanelInit): void {
    this.panel?.dispose();
    this.pendingApply = undefined;
    this.panel = panel;
    const { webview } = panel;
    webview.options = webviewOptions(this.s.context.extensionUri, [this.s.historyUri]);
    panel.iconPath = vscode.Uri.joinPath(this.s.context.extensionUri, 'media', 'pixelsmith.svg');
    const historyBase = webview.asWebviewUri(this.s.historyUri).toString();
    webview.html = renderShell({
      webview, extensionUri: this.s.context.extensionUri, entry: 'generate', title: vscode.l10n.t('Pixelsmith: Generate'),
      data: { init: initData(historyBase, init) },
      placeholder: `<p class="boot">${escapeText(vscode.l10n.t('Loading the Generate panel…'))}</p>`,
    });
    const subs = [
      webview.onDidReceiveMessage((m: unknown) => { void this.controller.receive(m); }),
      this.s.keys.onDidChange(() => { void this.controller.refreshProviders(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('pixelsmith')) void this.controller.refreshProviders(); }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.panel === panel) { this.panel = undefined; this.linker = undefined; this.translation = undefined; this.pendingApply = undefined; }
    });
  }

  private post(m: ToGenerateWebview): void {
    void this.panel?.webview.postMessage(m).then(undefined, () => undefined);
  }

  dispose(): void {
    this.runs.dispose();
    this.panel?.dispose();
  }
}
