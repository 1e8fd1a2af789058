// activate(): build the services once, register contributions, nothing else.
import * as vscode from 'vscode';
import { registerAgents } from './agents/register';
import { registerBuildAssets } from './commands/buildAssets';
import { registerCheckSetup } from './commands/checkSetup';
import { registerCompareCommand } from './commands/compare';
import { registerGenerateCommands } from './commands/generate';
import { registerIconSetCommands } from './commands/iconSet';
import { registerIllustrateMarkdown } from './commands/illustrateMarkdown';
import { registerKeyCommands } from './commands/keys';
import { registerShowLog } from './commands/showLog';
import { registerSpendCommands } from './commands/spend';
import { registerSaveSanitizedSvg } from './commands/saveSanitizedSvg';
import { registerLocalize } from './commands/localize';
import { GalleryView } from './panels/galleryView';
import { GeneratePanel } from './panels/generatePanel';
import { createServices, schedulePrune } from './platform/services';
import { registerSpendStatusBar } from './platform/statusBarSpend';
import { registerWalkthrough } from './platform/walkthrough';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  context.subscriptions.push(
    registerGenerateCommands(services),
    registerCompareCommand(services),
    registerIllustrateMarkdown(services),
    registerIconSetCommands(services),
    registerKeyCommands(services),
    registerBuildAssets(services),
    registerSaveSanitizedSvg(services),
    registerLocalize(services),
    GeneratePanel.register(services),
    GalleryView.register(services),
    schedulePrune(services),
    registerAgents(services),
    registerSpendCommands(services),
    registerCheckSetup(services),
    registerShowLog(services),
    registerSpendStatusBar(services.spend),
    registerWalkthrough(services),
  );
  // The history is counted in the background (time-sliced): the status bar appears once it is read.
  void services.spend.ready();
}

export function deactivate(): void {}
