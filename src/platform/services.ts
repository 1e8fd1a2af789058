// The services, built once at activation and handed to commands and panels.
import * as vscode from 'vscode';
import { GenerationEngine } from '../core/engine';
import { HistoryStore } from '../core/history';
import { runCleanup } from './cleanup';
import { KeyStore } from './keys';
import { createLogger } from './log';
import { ProviderRegistry } from './providers';
import { setting } from './settings';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: ReturnType<typeof createLogger>;
  readonly keys: KeyStore;
  readonly providers: ProviderRegistry;
  readonly history: HistoryStore;
  readonly engine: GenerationEngine;
  /** Where the history lives; webviews may load images from here. */
  readonly historyUri: vscode.Uri;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = createLogger();
  const keys = new KeyStore(context.secrets);
  const providers = new ProviderRegistry(keys);
  const historyUri = vscode.Uri.joinPath(context.globalStorageUri, 'history');
  const history = new HistoryStore(historyUri.fsPath);
  const engine = new GenerationEngine({
    history, log,
    getProvider: (id) => providers.create(id),
    maxConcurrency: () => setting('maxConcurrentRequests'),
    maxRetries: () => setting('maxRetries'),
    ...(process.env.PIXELSMITH_RETRY_BASE_MS ? { retryBaseDelayMs: Number(process.env.PIXELSMITH_RETRY_BASE_MS) } : {}),
  });
  context.subscriptions.push(log, keys);
  return { context, log, keys, providers, history, engine, historyUri };
}

/** Prune what outlived its retention (platform/cleanup) in the background: after activation, then daily. */
export function schedulePrune(s: Services): vscode.Disposable {
  const run = () => void runCleanup(s.history, s.log, setting('history.retentionDays'));
  const timer = setTimeout(run, 5000);
  const daily = setInterval(run, 86_400_000);
  return { dispose: () => { clearTimeout(timer); clearInterval(daily); } };
}
