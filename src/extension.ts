// activate(): build the services once, register contributions, nothing else.
import * as vscode from 'vscode';
import { registerGenerateCommands } from './commands/generate';
import { registerIllustrateMarkdown } from './commands/illustrateMarkdown';
import { registerKeyCommands } from './commands/keys';
import { registerLocalize } from './commands/localize';
import { GalleryView } from './panels/galleryView';
import { GeneratePanel } from './panels/generatePanel';
import { createServices, schedulePrune } from './platform/services';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  context.subscriptions.push(
    registerGenerateCommands(services),
    registerIllustrateMarkdown(services),
    registerKeyCommands(services),
    registerLocalize(services),
    GeneratePanel.register(services),
    GalleryView.register(services),
    schedulePrune(services),
  );
}

export function deactivate(): void {}
