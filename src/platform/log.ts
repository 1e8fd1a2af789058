import * as vscode from 'vscode';
import { redactingLogger, type Logger } from '../core/log';

/** The Pixelsmith output channel, with secrets scrubbed from every line. */
export function createLogger(): Logger & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Pixelsmith', { log: true });
  return { ...redactingLogger(channel), show: () => channel.show(true), dispose: () => channel.dispose() };
}
