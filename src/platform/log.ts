import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redactSecrets } from '../core/log';

/** The Pixelsmith output channel, with secrets scrubbed from every line. */
export function createLogger(): Logger & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Pixelsmith', { log: true });
  return {
    info: (m) => channel.info(redactSecrets(m)),
    warn: (m) => channel.warn(redactSecrets(m)),
    error: (m) => channel.error(redactSecrets(m)),
    debug: (m) => channel.debug(redactSecrets(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
