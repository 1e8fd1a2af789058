// The services, built once at activation and handed to commands and panels.
import * as vscode from 'vscode';
import { GenerationEngine } from '../core/engine';
import { HistoryStore } from '../core/history';
import { ImageWorker } from '../core/work/imageWorkerClient';
import { GenerationService } from '../services/generationService';
import { SpendLedger } from '../services/spendLedger';
import { runCleanup } from './cleanup';
import { confirmCost } from './confirmCost';
import { KeyStore } from './keys';
import { createLogger } from './log';
import { ProviderHost } from './providers';
import { ReportView } from './reportView';
import { saveFromHistory, type SavedAsset } from './saveAssets';
import { setting } from './settings';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: ReturnType<typeof createLogger>;
  readonly keys: KeyStore;
  readonly providers: ProviderHost;
  readonly history: HistoryStore;
  readonly engine: GenerationEngine;
  /** Every generation runs through here, with one registry of the runs in flight. */
  readonly generation: GenerationService<vscode.Uri, SavedAsset>;
  /** The one thread for heavy image work (placeholders, thumbnails). */
  readonly images: ImageWorker;
  /** Where the history lives; webviews may load images from here. */
  readonly historyUri: vscode.Uri;
  /** What generations cost, by month, workspace folder and provider (the status bar, the budget, `pixelsmith.spend`). */
  readonly spend: SpendLedger;
  /** Read-only markdown reports (Show Spend, Check Setup). */
  readonly reports: ReportView;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = createLogger();
  const keys = new KeyStore(context.secrets);
  const images = new ImageWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'imageWorker.js').fsPath);
  const providers = new ProviderHost(keys, log, process.env, images);
  const historyUri = vscode.Uri.joinPath(context.globalStorageUri, 'history');
  const history = new HistoryStore(historyUri.fsPath);
  const engine = new GenerationEngine({
    history, log,
    getProvider: (id) => providers.create(id),
    maxConcurrency: () => setting('maxConcurrentRequests'),
    maxRetries: () => setting('maxRetries'),
    ...(process.env.PIXELSMITH_RETRY_BASE_MS ? { retryBaseDelayMs: Number(process.env.PIXELSMITH_RETRY_BASE_MS) } : {}),
  });
  const spend = new SpendLedger({ history, cacheFile: vscode.Uri.joinPath(context.globalStorageUri, 'spend.json').fsPath, log });
  const reports = new ReportView();
  const services: Services = {
    context, log, keys, providers, history, engine, images, historyUri, spend, reports,
    generation: new GenerationService<vscode.Uri, SavedAsset>({
      engine, log, save: (o) => saveFromHistory(services, o), workspace: currentWorkspaceFolder,
      confirmCost: (req) => confirmCost(req, undefined, () => spend.monthSpend()),
    }),
  };
  const running = services.generation.runs.onDidChange((n) => { void vscode.commands.executeCommand('setContext', 'pixelsmith.generationRunning', n > 0); });
  const counted = spend.watch(services.generation);
  context.subscriptions.push(log, keys, images, running, counted, services.generation, reports, { dispose: () => void spend.dispose() });
  return services;
}

/** The workspace folder of the active editor's file, else the first folder: where a generation is counted. */
function currentWorkspaceFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

/** Prune what outlived its retention (platform/cleanup) in the background: after activation, then daily. */
export function schedulePrune(s: Services): vscode.Disposable {
  const run = () => void runCleanup(s.history, s.log, setting('history.retentionDays'));
  const timer = setTimeout(run, 5000);
  const daily = setInterval(run, 86_400_000);
  return { dispose: () => { clearTimeout(timer); clearInterval(daily); } };
}
